"""Raising a safeguarding concern from the page of an at-risk or urgent request: what that page
shows of the concerns raised, and the action itself (the form is `frontdoor/work/_safeguarding.html`,
included by the request's page)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from thriving.core import policy
from thriving.frontdoor.forms import safeguarding as forms
from thriving.frontdoor.models import HelpRequest
from thriving.frontdoor.queries import safeguarding as queries
from thriving.frontdoor.services import safeguarding as services

RAISED = ("Safeguarding concern raised. It is in the request's history, with your name, for everyone "
          "who works on it. If anyone is in danger now, call 999.")


def page_context(user: Any, help_request: HelpRequest, form: forms.ConcernForm | None = None) -> dict[str, Any]:
    """What the request's page needs for its safeguarding section."""
    can_raise = policy.can(user, "frontdoor.raise_safeguarding_concern", help_request)
    return {
        "concerns_raised": list(queries.concerns_raised(help_request)),
        "can_raise_concern": can_raise,
        "concern_form": form or (forms.ConcernForm() if can_raise else None),
    }


@require_POST
@policy.policy("frontdoor.raise_safeguarding_concern")
def raise_concern(request: HttpRequest, reference: str) -> HttpResponse:
    from thriving.frontdoor.views.requests import _act  # the request's page, which includes this section

    def act(help_request: HelpRequest, data: dict) -> None:
        services.raise_concern(acting_user=request.user, request=help_request, text=data["text"])

    form = forms.ConcernForm(request.POST)
    return _act(request, reference, form, "concern_form", act, "safeguarding", done=RAISED)
