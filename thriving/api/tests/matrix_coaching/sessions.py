"""The role matrix's entries for coaching sessions: the list, one session, recording one, and
marking a next step done. The sample coaching is led by the world's coach, in the world's
organisation and locality (so its coaching team lead sees it); its sessions hold notes, seen by
its coaches and team leads only; recording and marking steps done is for its coaches."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, post, visible
from thriving.api.tests.matrix_world import World
from thriving.coaching.models import CoachingRelationship
from thriving.coaching.tests.factories import CoachingRelationshipFactory, CoachingSessionFactory, NextStepFactory
from thriving.core.models import Role
from thriving.frontdoor.tests.factories import PersonFactory


def coaching(w: World) -> Any:
    """Coaching for one person, led by the world's coach, with one session and one next step."""

    def make() -> Any:
        found = CoachingRelationshipFactory(
            person=PersonFactory(locality=w.locality, given_name="Sam", family_name="Session"),
            locality=w.locality, organisation=w.organisation, lead=w.users[Role.COACH],
        )
        found.matrix_session = CoachingSessionFactory(relationship=found)
        found.matrix_session.people.set([found.person])
        found.matrix_step = NextStepFactory(relationship=found, session=found.matrix_session)
        return found

    return w.once("coaching_sessions", make)


def sees(user: Any, w: World, kw: dict) -> bool:
    return visible(CoachingRelationship, user, uuid=kw["uuid"])


def works(user: Any, w: World, kw: dict) -> bool:
    return visible(CoachingRelationship, user, "work", uuid=kw["uuid"])


def _uuid(w: World) -> dict:
    return {"uuid": coaching(w).uuid}


def _session(w: World) -> dict:
    found = coaching(w)
    return {"uuid": found.uuid, "session_uuid": found.matrix_session.uuid}


def _step(w: World) -> dict:
    found = coaching(w)
    return {"uuid": found.uuid, "step_uuid": found.matrix_step.uuid}


PAGES: dict[str, Page] = {
    "coaching:sessions": Page(scope=sees),
    "coaching:session": Page(scope=sees),
    "coaching:session-add": Page(scope=works),
    "coaching:next-step-done": post(scope=works, data=lambda w: {
        "version": coaching(w).matrix_step.version, "done": "yes", "next": "session"}),
}

SAMPLES = {
    "coaching:sessions": _uuid,
    "coaching:session-add": _uuid,
    "coaching:session": _session,
    "coaching:next-step-done": _step,
}
