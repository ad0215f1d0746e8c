"""Which connected teams each person may see and work in, and the teams' box on the staff home
page. Views never list or fetch teams except through the scopes in `thriving.teams.policy`
(`Team.objects.visible_to(user)`, `get_visible_or_404(Team, user, slug=...)`).

A member (or volunteer) sees the teams they belong to; an enabler sees the teams they are linked
to; administrators see every team. Only current members and linked enablers work in a team
(its huddles, agenda and actions).

Apps after `teams` read teams only through here (`active_teams`, `current_team_ids`,
`team_people`, `is_member`); `Team` is the type they name in hints.
"""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from thriving.core import policy
from thriving.frontdoor.queries import requests as frontdoor
from thriving.teams.models import Action, Huddle, Team, TeamMember
from thriving.teams.policy import current_places, is_administrator


def teams_for(user: Any) -> QuerySet[Team]:
    """The teams the person may open: their own and those they are linked to; all for administrators."""
    return Team.objects.visible_to(user).select_related("locality")


def active_teams() -> QuerySet[Team]:
    """Every team not archived, by name, for choosing the team that runs something (a Local Net,
    a pledge campaign)."""
    return Team.objects.filter(archived_at__isnull=True).select_related("locality").order_by("name")


def current_team_ids(user: Any) -> QuerySet:
    """The ids of the teams the person is in now (as a member, a volunteer or a linked enabler),
    as a subquery."""
    return current_places(user).values("team_id")


def team_people(team: Team) -> QuerySet[Any]:
    """The team's own people now, its members and volunteers (not its linked enablers), by name."""
    return get_user_model().objects.filter(
        team_places__team=team, team_places__left_at__isnull=True,
        team_places__kind__in=(TeamMember.Kind.MEMBER, TeamMember.Kind.VOLUNTEER),
    ).distinct().order_by("full_name", "email")


def current_members(team: Team) -> QuerySet[TeamMember]:
    return team.members.filter(left_at__isnull=True).select_related("user", "organisation")


def membership(user: Any, team: Team) -> TeamMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return team.members.filter(user=user, left_at__isnull=True).first()


def is_member(user: Any, team: Team) -> bool:
    """A current member, volunteer or linked enabler of the team."""
    return membership(user, team) is not None


def may_change_members(user: Any, team: Team) -> bool:
    """Any current member of the team, and administrators, may add and remove members."""
    return is_member(user, team) or is_administrator(user)


def may_link_enablers(user: Any, team: Team) -> bool:
    return policy.can(user, "teams.manage_teams") and (is_administrator(user) or is_member(user, team))


def owner_choices(team: Team) -> list[tuple[str, str]]:
    """Who may own an action or take the notes: the team's current members, by their user's uuid."""
    return [(str(m.user.uuid), m.user.full_name or m.user.email) for m in current_members(team)]


def visible_request_ids(user: Any, request_ids: set[int]) -> set[int]:
    """Of these requests, the ones the front door lets the person see (its own rules decide)."""
    if not request_ids or not policy.can(user, "frontdoor.view_requests"):
        return set()
    return set(frontdoor.visible_requests(user).filter(pk__in=request_ids).values_list("pk", flat=True))


def home_summary(user: Any, now: datetime.datetime | None = None) -> dict[str, Any]:
    """For the staff home page: the person's next huddle in any of their teams (its team, when it
    starts, and a link to it), and how many of their actions are open and overdue."""
    now = now or timezone.now()
    summary: dict[str, Any] = {"next_huddle": None, "open_actions": 0, "overdue_actions": 0,
                               "actions_url": reverse("teams:my-actions")}
    if not getattr(user, "is_authenticated", False):
        return summary
    huddle = (Huddle.objects.visible_to(user)
              .filter(ends_at__gte=now, status__in=[Huddle.Status.PLANNED, Huddle.Status.RUNNING])
              .select_related("team").order_by("starts_at", "id").first())
    if huddle is not None:
        summary["next_huddle"] = {
            "team": huddle.team.name, "starts_at": huddle.starts_at, "running": huddle.status == Huddle.Status.RUNNING,
            "url": reverse("teams:huddle", args=[huddle.team.slug, huddle.uuid]),
        }
    mine = Action.objects.visible_to(user).filter(owner=user, status=Action.Status.OPEN,
                                                  team__archived_at__isnull=True)
    counts = mine.aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=timezone.localdate(now))))
    summary["open_actions"], summary["overdue_actions"] = counts["open"], counts["overdue"]
    return summary


def home_context(user: Any) -> dict[str, Any]:
    """The context of the teams' box on the staff home page (`teams/_home_summary.html`)."""
    return {"teams_summary": home_summary(user)}
