"""The role matrix's entries for the coaching concept "outcomes": the outcomes page and its CSV
(no parameters: they need no entries) and the coaching API's read operations (plans, goals,
sessions, ratings), about one relationship in the matrix world: coached by the world's coach, in its
organisation and locality (so its coaching team lead covers it), shared by consent with the world's
connected team (whose member sees its progress, not its sessions)."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, visible
from thriving.api.tests.matrix_world import World
from thriving.coaching.models import CoachingConsent, CoachingRelationship
from thriving.coaching.tests.factories import (
    CoachingConsentFactory,
    CoachingSessionFactory,
    GoalFactory,
    RatingFactory,
)
from thriving.core.models import Role
from thriving.frontdoor.tests.factories import PersonFactory


def relationship(w: World) -> Any:
    def make() -> Any:
        from thriving.coaching.tests.factories import CoachingRelationshipFactory

        found = CoachingRelationshipFactory(
            person=PersonFactory(locality=w.locality, given_name="Robin", family_name="Coached"),
            locality=w.locality, organisation=w.organisation, team=w.team, lead=w.users[Role.COACH],
        )
        CoachingConsentFactory(relationship=found)
        CoachingConsentFactory(relationship=found, scope=CoachingConsent.Scope.SHARE_TEAM)
        goal = GoalFactory(relationship=found)
        RatingFactory(goal=goal)
        CoachingSessionFactory(relationship=found)
        return found

    return w.once("coaching_api_relationship", make)


def _kwargs(w: World) -> dict:
    return {"relationship_id": str(relationship(w).uuid)}


def sees_progress(user: Any, w: World, kw: dict) -> bool:
    return visible(CoachingRelationship, user, "view_progress", uuid=kw["relationship_id"])


def sees_record(user: Any, w: World, kw: dict) -> bool:
    return visible(CoachingRelationship, user, "view", uuid=kw["relationship_id"])


PAGES = {
    "api-1:get_coaching_relationship": Page(scope=sees_progress),
    "api-1:list_coaching_goals": Page(scope=sees_progress),
    "api-1:list_coaching_sessions": Page(scope=sees_progress, rule=sees_record),
    "api-1:list_coaching_ratings": Page(scope=sees_progress),
}

SAMPLES = {
    "api-1:get_coaching_relationship": _kwargs,
    "api-1:list_coaching_goals": _kwargs,
    "api-1:list_coaching_sessions": _kwargs,
    "api-1:list_coaching_ratings": _kwargs,
}
