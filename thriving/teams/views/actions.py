"""A person's own actions across all their teams, and closing one as done or dropped (from here
or from the team's page)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.views.helpers import answer
from thriving.teams.models import Action
from thriving.teams.queries import actions as queries
from thriving.teams.queries import teams as teams_queries
from thriving.teams.services import actions as services
from thriving.teams.views.teams import close_form, team_page


def _page(request: HttpRequest, status: int = 200, error_message: str = "",
          failed: tuple[Any, Any] | None = None) -> HttpResponse:
    rows = []
    for action in queries.my_actions(request.user):
        form = failed[1] if failed and failed[0] == action.pk else close_form(action)
        rows.append({"action": action, "form": form})
    return render(request, "teams/my_actions.html", {
        "rows": rows, "today": timezone.localdate(), "error_message": error_message,
        "forms_in_error": [failed[1]] if failed and failed[1].errors else [],
    }, status=status)


@policy.policy("teams.my_actions")
def my_actions(request: HttpRequest) -> HttpResponse:
    """My open actions across all my teams, overdue first."""
    return _page(request)


@require_POST
@policy.policy("teams.my_actions")
def action_close(request: HttpRequest, action_uuid: Any) -> HttpResponse:
    """Mark an action done or dropped, saying what happened: from my actions, or from the team's
    page (`next=team`), which is where any refusal is then shown, keeping what was typed."""
    action = get_visible_or_404(Action.objects.select_related("team", "owner"), request.user, uuid=action_uuid)
    back = request.POST.get("next", "")

    def refused(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        if back == "team" and teams_queries.is_member(request.user, action.team):
            return team_page(request, action.team, status, error_message, failed=(action.pk, form))
        return _page(request, status, error_message=error_message, failed=(action.pk, form))

    def done(_: Any) -> HttpResponse:
        return redirect("teams:team", slug=action.team.slug) if back == "team" else redirect("teams:my-actions")

    return answer(close_form(action, request.POST), lambda data: services.close_action(
        acting_user=request.user, action=action, version=data["version"], status=data["status"],
        outcome=data["outcome"]), page=refused, done=done)
