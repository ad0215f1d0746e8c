"""The role matrix's entries for the coaching goals pages: the goals and ratings page (who sees the
progress), and adding aspirations, goals and ratings and changing a goal (the current coaches).
The sample is a family's coaching in the world's locality, led by the world's coach, its progress
shared with the world's connected team."""

from typing import Any

from thriving.api.tests.matrix_pages import Page
from thriving.api.tests.matrix_world import World
from thriving.coaching.models import CoachingRelationship
from thriving.coaching.tests.factories import CoachingConsentFactory, CoachingRelationshipFactory, GoalFactory
from thriving.core import access
from thriving.core.models import Role
from thriving.frontdoor.tests.factories import HouseholdFactory, PersonFactory


def relationship(w: World) -> Any:
    def make() -> Any:
        person = PersonFactory(locality=w.locality, household=HouseholdFactory(), given_name="Sky",
                               family_name="Matrix")
        found = CoachingRelationshipFactory(kind="family", person=person, household=person.household,
                                            locality=w.locality, organisation=w.organisation, team=w.team,
                                            lead=w.users[Role.COACH])
        CoachingConsentFactory(relationship=found, person=person)
        CoachingConsentFactory(relationship=found, person=person, scope="share_team")
        return found

    return w.once("goals_relationship", make)


def goal(w: World) -> Any:
    return w.once("goals_goal", lambda: GoalFactory(relationship=relationship(w), words="Walk to the shops"))


def _in(action: str) -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        return access.restrict(CoachingRelationship.objects.all(), user, action).filter(uuid=kw["uuid"]).exists()

    return check


sees_progress, works_on = _in("view_progress"), _in("work")

PAGES = {
    "coaching:goals": Page(scope=sees_progress),
    "coaching:aspiration-add": Page(scope=works_on),
    "coaching:goal-add": Page(scope=works_on),
    "coaching:goal-change": Page(scope=works_on),
    "coaching:ratings-add": Page(scope=works_on),
}

SAMPLES = {
    "coaching:goals": lambda w: {"uuid": relationship(w).uuid},
    "coaching:aspiration-add": lambda w: {"uuid": relationship(w).uuid},
    "coaching:goal-add": lambda w: {"uuid": relationship(w).uuid},
    "coaching:goal-change": lambda w: {"uuid": relationship(w).uuid, "goal_uuid": goal(w).uuid},
    "coaching:ratings-add": lambda w: {"uuid": relationship(w).uuid},
}
