"""Reading Local Nets: the public listing (listed Local Nets only, no personal data) and the
organisers' view, narrowed to the localities they work in (the scopes in
`thriving.community.policy`). One Local Net or session is fetched through its scope:
`get_visible_or_404(sessions(), user, "view_public", uuid=...)`."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from thriving.community.models import Insight, LocalNet, LocalNetSession, SessionSignup
from thriving.core import policy
from thriving.core.access import restrict
from thriving.directory.queries import public as directory_queries
from thriving.directory.queries.public import Location
from thriving.places.models import Locality
from thriving.teams.queries import actions as teams_actions
from thriving.teams.queries import teams
from thriving.teams.queries.actions import Action
from thriving.teams.queries.teams import Team

ACTIVE = Q(signups__cancelled_at__isnull=True)


def with_places(sessions: QuerySet[LocalNetSession]) -> QuerySet[LocalNetSession]:
    """Sessions with `taken` (places signed up for) counted in the same query."""
    return sessions.annotate(taken=Sum("signups__places", filter=ACTIVE))


def places_left(session: LocalNetSession) -> int | None:
    """Places left, from the `taken` annotation; None when there is no limit."""
    if session.capacity is None:
        return None
    return max(session.capacity - (getattr(session, "taken", None) or 0), 0)


def sessions() -> QuerySet[LocalNetSession]:
    """Sessions with their Local Net, places and places taken, to fetch one through its scope."""
    return with_places(LocalNetSession.objects.select_related(
        "local_net", "local_net__locality", "local_net__place", "local_net__team", "place"))


def local_nets() -> QuerySet[LocalNet]:
    """Local Nets with their locality, place and team, to fetch one through its scope."""
    return LocalNet.objects.select_related("locality", "place", "team")


def upcoming_sessions(user: Any, locality_slug: str = "",
                      now: datetime.datetime | None = None) -> list[LocalNetSession]:
    """Sessions still to come of listed Local Nets, soonest first, optionally in one locality."""
    found = restrict(sessions(), user, "view_public").filter(
        cancelled_at__isnull=True, starts_at__gt=now or timezone.now())
    if locality_slug:
        found = found.filter(local_net__locality__slug=locality_slug)
    return list(found.order_by("starts_at", "id"))


def listing_localities() -> list[Locality]:
    """Localities that have a listed Local Net, for the listing's filter."""
    return list(Locality.objects.filter(local_nets__is_listed=True).distinct().order_by("name"))


def public_sessions_of(local_net: LocalNet, now: datetime.datetime | None = None) -> list[LocalNetSession]:
    """A listed Local Net's sessions to come, cancelled ones included so people know."""
    return list(sessions().filter(local_net=local_net, starts_at__gt=now or timezone.now()))


def where(session: LocalNetSession) -> Location | None:
    """The session's own place, else the Local Net's usual place."""
    return session.place or session.local_net.place


# ---------------------------------------------------------------------------------------------
# Organisers


def visible_local_nets(user: Any) -> QuerySet[LocalNet]:
    return restrict(local_nets(), user)


def visible_sessions(user: Any) -> QuerySet[LocalNetSession]:
    return restrict(sessions(), user)


def sessions_of(local_net: LocalNet) -> list[LocalNetSession]:
    return list(with_places(local_net.sessions.select_related("place")).annotate(
        insight_count=Count("insights", distinct=True)).order_by("-starts_at"))


def signups(session: LocalNetSession) -> list[SessionSignup]:
    """The people signed up (personal data: the view that shows them records the look)."""
    return list(session.signups.filter(cancelled_at__isnull=True).order_by("created_at", "id"))


def insights(session: LocalNetSession) -> list[Insight]:
    return list(session.insights.select_related("recorded_by", "idea"))


def spaces_and_places() -> QuerySet[Location]:
    """The directory's Spaces & Places, for choosing where a Local Net meets."""
    return directory_queries.spaces_and_places()


def sessions_in_locality(locality_id: int | None, now: datetime.datetime | None = None,
                         limit: int = 5) -> list[LocalNetSession]:
    """Upcoming sessions of Local Nets in a locality (for a team's page)."""
    return list(with_places(LocalNetSession.objects.filter(
        local_net__locality_id=locality_id, cancelled_at__isnull=True, starts_at__gt=now or timezone.now(),
    ).select_related("local_net")).order_by("starts_at", "id")[:limit])


# ---------------------------------------------------------------------------------------------
# Actions the connected team takes on from a session


def action_owners(team: Team) -> QuerySet[Any]:
    """Who may own an action from a session: the team's current members and volunteers (not its
    linked enablers), by name."""
    return teams.team_people(team)


def may_add_actions(user: Any, team: Team | None) -> bool:
    """Only the team's own people add its actions (the teams service checks this again)."""
    return team is not None and policy.can(user, "teams.work_in_team") and teams.is_member(user, team)


def session_actions(session: LocalNetSession) -> list[Action]:
    """The team's actions linked to this session, soonest due first, open or closed."""
    return list(teams_actions.actions_about(session))
