"""Reads for coaching sessions and their next steps, each starting from what the person may see
(`visible_to`): the coaching itself, its sessions (newest first), the next steps (open ones first),
and what the session form offers (the people coached, the other coaches, the Spaces & Places in
the coaching's locality from the directory)."""

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from thriving.coaching.models import Coach, CoachingRelationship, CoachingSession, Member, NextStep
from thriving.core.access import get_visible_or_404
from thriving.directory.queries import public as directory


def relationship(user: Any, uuid: Any, action: str = "view") -> CoachingRelationship:
    """The coaching, if the person may take the action on it; 404 otherwise."""
    return get_visible_or_404(CoachingRelationship.objects.select_related("person", "locality"), user, action,
                              uuid=uuid)


def _steps() -> QuerySet[NextStep]:
    return NextStep.objects.select_related("owner_person", "owner_user")


def sessions(user: Any, relationship: CoachingRelationship) -> QuerySet[CoachingSession]:
    """The coaching's sessions, newest first, with who was there, where and their next steps."""
    return (
        CoachingSession.objects.visible_to(user).filter(relationship=relationship)
        .select_related("place")
        .prefetch_related("people", "coaches", Prefetch("next_steps", queryset=_steps().order_by("due_on", "pk")))
        .order_by("-held_on", "-pk")
    )


def session(user: Any, relationship: CoachingRelationship, uuid: Any) -> CoachingSession:
    """One session of the coaching; 404 for one the person may not see."""
    return get_visible_or_404(sessions(user, relationship), user, uuid=uuid)


def next_steps(user: Any, relationship: CoachingRelationship) -> list[NextStep]:
    """The coaching's next steps: open ones first (soonest due first), then those done (latest first)."""
    found = (NextStep.objects.visible_to(user).filter(relationship=relationship)
             .select_related("owner_person", "owner_user", "session"))
    open_steps = list(found.filter(done_on__isnull=True).order_by("due_on", "pk"))
    done = list(found.filter(done_on__isnull=False).order_by(F("done_on").desc(), "-pk")[:20])
    return open_steps + done


def step(user: Any, relationship: CoachingRelationship, uuid: Any, action: str = "work") -> NextStep:
    """One next step of the coaching, if the person may take the action on it; 404 otherwise."""
    return get_visible_or_404(_steps().filter(relationship=relationship).select_related("relationship__person"),
                              user, action, uuid=uuid)


def members(relationship: CoachingRelationship) -> list[Member]:
    """The people coached now, for choosing who was there and who does a next step."""
    return list(Member.objects.filter(relationship=relationship, left_on__isnull=True).select_related("person"))


def coaches(relationship: CoachingRelationship) -> list[Coach]:
    """Its coaches now (the lead first)."""
    return list(Coach.objects.filter(relationship=relationship, ended_on__isnull=True).select_related("user"))


def places(relationship: CoachingRelationship) -> QuerySet[Any]:
    """The directory's Spaces & Places in the coaching's locality, by name."""
    return directory.spaces_and_places().filter(locality_id=relationship.locality_id)
