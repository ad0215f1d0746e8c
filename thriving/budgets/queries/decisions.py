"""Reading what the decision pages need: an application to decide (through the pot's `work`
scope), the team's huddles and people to choose from, the decisions waiting for an enabler's
sign-off, and the decisions made at a huddle."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thriving.budgets.models import Application, Decision, Pot
from thriving.core.access import get_visible_or_404, restrict
from thriving.teams.queries.schedule import huddles as all_huddles
from thriving.teams.queries.teams import team_people

HUDDLES_SHOWN = 12


def application_to_decide(user: Any, reference: str) -> Application:
    """An application on a pot the person works on, or 404."""
    rows = Application.objects.select_related("pot", "pot__team", "round", "organisation", "locality")
    return get_visible_or_404(rows, user, "work", reference=reference)


def team_huddles(pot: Pot) -> list[Any]:
    """The pot's team's huddles held or running (the latest first), to choose the one a consent
    decision was made at; none for a pot without a team."""
    if pot.team_id is None:
        return []
    found = (all_huddles().filter(team_id=pot.team_id, starts_at__lte=timezone.now())
             .exclude(status="cancelled").order_by("-starts_at"))
    return list(found[:HUDDLES_SHOWN])


def team_members(pot: Pot) -> list[Any]:
    """The team's members and volunteers, who may be present at a decision."""
    if pot.team is None:
        return []
    return list(team_people(pot.team))


def standing_decision(application: Application) -> Decision | None:
    return (application.decisions.exclude(signoff=Decision.Signoff.REFUSED)
            .select_related("signoff_by", "huddle").first())


def awaiting_signoff(user: Any) -> QuerySet[Decision]:
    """The decisions waiting for this enabler's sign-off, the oldest first."""
    return (restrict(Decision.objects.all(), user, "sign_off")
            .select_related("application", "application__pot", "application__round", "created_by")
            .order_by("created_at", "pk"))


def decision_to_sign_off(user: Any, uuid: Any) -> Decision:
    rows = Decision.objects.select_related("application", "application__pot", "application__round", "huddle",
                                           "created_by")
    return get_visible_or_404(rows, user, "sign_off", uuid=uuid)


def at_huddle(user: Any, huddle: Any) -> QuerySet[Decision]:
    """The budget decisions made at a huddle that the person may see."""
    return (restrict(Decision.objects.filter(huddle=huddle), user, "view")
            .select_related("application", "application__pot").order_by("pk"))
