"""Recording coaching sessions, and marking their next steps done (or open again).

    record_session(acting_user=coach, relationship=r, held_on=day, where=CoachingSession.Where.HOME,
                   people=[dana], coaches=[], notes="...", steps=[Step("Ring the school", due, owner_person=dana)])

The coach recording it is always one of the coaches there. Refused with a `CoachingRefused` (nothing
saved): a session in the future or before the coaching began; a Space & Place that is not one of
the directory's in the coaching's locality; somewhere else with no words for where; someone there
who is not one of the people coached, or a coach who does not coach in it; a next step with no
words, with an owner who is neither one of the people coached nor one of its coaches, or due before
the session. Recording a session moves `relationship.last_session_on` on, never back.

`complete_step` and `reopen_step` take the version the person read: a stale one raises `Conflict`.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thriving.coaching.models import Coach, CoachingRelationship, CoachingSession, Member, NextStep
from thriving.coaching.services.common import CoachingRefused, subject_of
from thriving.core import audit, policy
from thriving.core.conflicts import Conflict, save_if_unchanged
from thriving.core.models import AuditEvent
from thriving.directory.queries import public as directory

MAX_STEPS = 3  # next steps on the session's page


@dataclass(frozen=True)
class Step:
    """A next step to record: what, by when, and its one owner (a person coached or a coach)."""

    text: str
    due_on: datetime.date
    owner_person: Any = None
    owner_user: Any = None


def current_member_ids(relationship: CoachingRelationship) -> set[int]:
    return set(Member.objects.filter(relationship=relationship, left_on__isnull=True)
               .values_list("person_id", flat=True))


def current_coach_ids(relationship: CoachingRelationship) -> set[int]:
    return set(Coach.objects.filter(relationship=relationship, ended_on__isnull=True).values_list("user_id", flat=True))


def _check_place(relationship: CoachingRelationship, where: str, place: Any, place_text: str) -> None:
    if where not in CoachingSession.Where.values:
        raise CoachingRefused("Say where the session was.")
    if where == CoachingSession.Where.PLACE:
        if place is None:
            raise CoachingRefused("Choose the Space & Place the session was at.")
        if not directory.spaces_and_places().filter(pk=place.pk, locality_id=relationship.locality_id).exists():
            raise CoachingRefused("That Space & Place is not one in this coaching's locality.")
    elif place is not None:
        raise CoachingRefused("A Space & Place is chosen only for a session at one.")
    if where == CoachingSession.Where.ELSEWHERE and not place_text.strip():
        raise CoachingRefused("Say where the session was.")


def _check_step(number: int, step: Step, held_on: datetime.date, member_ids: set[int], coach_ids: set[int]) -> None:
    name = f"Next step {number}"
    if not step.text.strip():
        raise CoachingRefused(f"{name}: say what will be done.")
    if len(step.text) > 300:
        raise CoachingRefused(f"{name}: say what will be done in 300 characters or fewer.")
    if (step.owner_person is None) == (step.owner_user is None):
        raise CoachingRefused(f"{name}: choose who will do it.")
    if step.owner_person is not None and step.owner_person.pk not in member_ids:
        raise CoachingRefused(f"{name}: the person doing it must be one of the people coached.")
    if step.owner_user is not None and step.owner_user.pk not in coach_ids:
        raise CoachingRefused(f"{name}: the coach doing it must be one of this coaching's coaches.")
    if step.due_on < held_on:
        raise CoachingRefused(f"{name}: it cannot be due before the session ({held_on:%-d %B %Y}).")


@transaction.atomic
def record_session(*, acting_user: Any, relationship: CoachingRelationship, held_on: datetime.date, where: str,
                   place: Any = None, place_text: str = "", people: Iterable[Any] = (), coaches: Iterable[Any] = (),
                   others_present: str = "", notes: str = "", is_review: bool = False,
                   steps: Sequence[Step] = ()) -> CoachingSession:
    """Record a session that was held, with its next steps (see the module's docstring)."""
    policy.require(acting_user, "coaching.work", relationship)
    if held_on > timezone.localdate():
        raise CoachingRefused("The date cannot be in the future: a session in the future is recorded once it is held.")
    if held_on < relationship.started_on:
        raise CoachingRefused(f"The date cannot be before the coaching began ({relationship.started_on:%-d %B %Y}).")
    _check_place(relationship, where, place, place_text)
    member_ids, coach_ids = current_member_ids(relationship), current_coach_ids(relationship)
    people, coaches = list(people), list(coaches)
    if not people:
        raise CoachingRefused("Choose who was there.")
    if any(person.pk not in member_ids for person in people):
        raise CoachingRefused("Only the people coached are chosen as there; write anyone else under anyone else there.")
    if any(coach.pk not in coach_ids for coach in coaches):
        raise CoachingRefused("Only this coaching's coaches are chosen as coaches there.")
    if len(steps) > MAX_STEPS:
        raise CoachingRefused(f"Record at most {MAX_STEPS} next steps at a time.")
    for number, step in enumerate(steps, start=1):
        _check_step(number, step, held_on, member_ids, coach_ids)
    session = CoachingSession.objects.create(
        relationship=relationship, held_on=held_on, where=where, place=place,
        place_text=place_text.strip() if where == CoachingSession.Where.ELSEWHERE else "",
        others_present=others_present.strip(), notes=notes.strip(), is_review=is_review, created_by=acting_user,
    )
    session.people.set(people)
    session.coaches.set({acting_user.pk, *(coach.pk for coach in coaches)})
    NextStep.objects.bulk_create([
        NextStep(relationship=relationship, session=session, text=step.text.strip(), due_on=step.due_on,
                 owner_person=step.owner_person, owner_user=step.owner_user, created_by=acting_user)
        for step in steps
    ])
    # Later, never earlier: an older session recorded now leaves the latest where it is.
    CoachingRelationship.objects.filter(Q(last_session_on__isnull=True) | Q(last_session_on__lt=held_on),
                                        pk=relationship.pk).update(last_session_on=held_on)
    if relationship.last_session_on is None or relationship.last_session_on < held_on:
        relationship.last_session_on = held_on
    audit.record(acting_user, "coaching.session_recorded", session, action=AuditEvent.Action.CREATED,
                 subject=subject_of(relationship), purpose="coaching",
                 changes={"held_on": held_on.isoformat(), "where": where, "next_steps": len(steps),
                          "is_review": is_review})
    return session


def _mark(acting_user: Any, step: NextStep, version: int, done_on: datetime.date | None, event: str) -> NextStep:
    relationship = step.relationship
    policy.require(acting_user, "coaching.work", relationship)
    step.done_on = done_on
    save_if_unchanged(step, version=version, fields=["done_on"])
    audit.record(acting_user, event, step, action=AuditEvent.Action.CHANGED, subject=subject_of(relationship),
                 purpose="coaching", changes={"done_on": done_on.isoformat() if done_on else None})
    return step


@transaction.atomic
def complete_step(*, acting_user: Any, step: NextStep, version: int) -> NextStep:
    """Mark a next step done today."""
    if step.version != version:
        raise Conflict()
    if step.done_on is not None:
        raise CoachingRefused(f"This next step was marked done on {step.done_on:%-d %B %Y}.")
    return _mark(acting_user, step, version, timezone.localdate(), "coaching.next_step_done")


@transaction.atomic
def reopen_step(*, acting_user: Any, step: NextStep, version: int) -> NextStep:
    """Open a next step marked done again (it was not done after all)."""
    if step.version != version:
        raise Conflict()
    if step.done_on is None:
        raise CoachingRefused("This next step is still open.")
    return _mark(acting_user, step, version, None, "coaching.next_step_reopened")
