"""The role matrix's entries for a coaching relationship's pages: starting coaching, its
overview, consent, coaches, handover and ending. The sample is coaching for the world's person in
the world's locality, led by the world's coach (of the world's organisation, whose coaching team
lead covers it), with their consent to coaching."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, visible
from thriving.api.tests.matrix_world import World, person
from thriving.coaching.models import CoachingRelationship
from thriving.coaching.tests.factories import CoachingConsentFactory, CoachingRelationshipFactory
from thriving.core.models import Role


def coaching_relationship(w: World) -> Any:
    def make() -> Any:
        found = CoachingRelationshipFactory(person=person(w), locality=w.locality, organisation=w.organisation,
                                            lead=w.users[Role.COACH])
        CoachingConsentFactory(relationship=found, person=found.person)
        return found

    return w.once("coaching_relationship", make)


def _uuid(w: World) -> dict:
    return {"uuid": coaching_relationship(w).uuid}


def _scope(action: str) -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        return visible(CoachingRelationship, user, action, uuid=kw["uuid"])

    return check


PAGES = {
    "coaching:relationship": Page(scope=_scope("view_progress")),
    "coaching:consent": Page(scope=_scope("view")),
    "coaching:coaches": Page(scope=_scope("manage")),
    "coaching:transfer": Page(scope=_scope("manage")),
    "coaching:end": Page(scope=_scope("manage")),
}

SAMPLES = {name: _uuid for name in ("coaching:relationship", "coaching:consent", "coaching:coaches",
                                    "coaching:transfer", "coaching:end")}
