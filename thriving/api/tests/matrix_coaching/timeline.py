"""The role matrix's entries for a person's timeline and progress: a coaching in the world's
locality and organisation, led by the world's coach, in the world's connected team, referred by
the hub worker, with consent to share progress with the team and with the referrer. The timeline
is for those who may see the whole record ("view"); progress also for the team's members and the
referrer ("view_progress"); everyone else signed in gets 404."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, visible
from thriving.api.tests.matrix_world import World
from thriving.coaching.models import CoachingConsent, CoachingRelationship
from thriving.coaching.tests.factories import CoachingConsentFactory, CoachingRelationshipFactory, GoalFactory
from thriving.core.models import Role
from thriving.frontdoor.tests.factories import PersonFactory


def coaching(w: World) -> Any:
    def make() -> Any:
        found = CoachingRelationshipFactory(
            person=PersonFactory(locality=w.locality, given_name="Sam", family_name="Timeline"),
            locality=w.locality, organisation=w.organisation, team=w.team, lead=w.users[Role.COACH],
            referred_by=w.users[Role.HUB_WORKER], route=CoachingRelationship.Route.FRONT_DOOR,
        )
        for scope in CoachingConsent.Scope.values:
            CoachingConsentFactory(relationship=found, scope=scope)
        GoalFactory(relationship=found)
        return found

    return w.once("timeline_coaching", make)


def _uuid(w: World) -> dict:
    return {"uuid": coaching(w).uuid}


def sees_coaching(user: Any, w: World, kw: dict) -> bool:
    return visible(CoachingRelationship, user, uuid=kw["uuid"])


def sees_progress(user: Any, w: World, kw: dict) -> bool:
    return visible(CoachingRelationship, user, "view_progress", uuid=kw["uuid"])


PAGES = {
    "coaching:timeline": Page(scope=sees_coaching),
    "coaching:progress": Page(scope=sees_progress),
}
SAMPLES = {
    "coaching:timeline": _uuid,
    "coaching:progress": _uuid,
}
