"""Aspirations and goals, in the person's own words: recording an aspiration, adding a goal (worked
on now, or kept waiting), rewording a goal (every wording kept) and changing what is done with it
(start working on it, met, stopped, back to waiting).

At most `ACTIVE_GOALS` goals are worked on at a time. Adding or starting a goal locks the
relationship's row first (`select_for_update`), so that two coaches adding goals at once cannot
make a fourth active one: the second waits for the first, then counts what the first added.

Words are kept as typed: only the whitespace around them is taken off. A goal with no words is
refused."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.coaching.models import Aspiration, CoachingRelationship, Goal, GoalWording, Member
from thriving.coaching.models.goals import ACTIVE_GOALS
from thriving.coaching.services.common import CoachingRefused, subject_of
from thriving.core import audit, policy
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import AuditEvent

FOURTH_GOAL = (f"They are working on {ACTIVE_GOALS} goals already, as many as are worked on at a time. "
               "Choose “Keep it waiting” to add it as a waiting goal, or mark one of the others met or stopped first.")
NO_WORDS = "Enter the goal in the person’s own words."
CLOSED = (Goal.Status.MET, Goal.Status.STOPPED)


def _words(words: str, message: str) -> str:
    kept = (words or "").strip()
    if not kept:
        raise CoachingRefused(message)
    return kept


def _check_person(relationship: CoachingRelationship, person: Any) -> None:
    if person is None:
        if relationship.kind != CoachingRelationship.Kind.FAMILY:
            raise CoachingRefused("Only a family shares goals: choose whose it is.")
        return
    if not Member.objects.filter(relationship=relationship, person=person, left_on__isnull=True).exists():
        raise CoachingRefused("Choose one of the people coached.")


def _locked(relationship: CoachingRelationship) -> CoachingRelationship:
    """The relationship's row, locked until the transaction ends (goals added one at a time)."""
    return CoachingRelationship.objects.select_for_update().get(pk=relationship.pk)


def _active_count(relationship: CoachingRelationship, *, besides: Goal | None = None) -> int:
    goals = Goal.objects.filter(relationship=relationship, status=Goal.Status.ACTIVE)
    if besides is not None:
        goals = goals.exclude(pk=besides.pk)
    return goals.count()


@transaction.atomic
def add_aspiration(*, acting_user: Any, relationship: CoachingRelationship, words: str, person: Any = None,
                   recorded_on: datetime.date | None = None) -> Aspiration:
    """What a person (or the family together, `person=None`) wants for themselves, verbatim."""
    policy.require(acting_user, "coaching.work", relationship)
    kept = _words(words, "Enter the aspiration in the person’s own words.")
    _check_person(relationship, person)
    aspiration = Aspiration.objects.create(relationship=relationship, person=person, words=kept,
                                           recorded_on=recorded_on or timezone.localdate(), created_by=acting_user)
    audit.record(acting_user, "coaching.aspiration_added", aspiration, action=AuditEvent.Action.CREATED,
                 subject=subject_of(relationship), purpose="coaching")
    return aspiration


@transaction.atomic
def add_goal(*, acting_user: Any, relationship: CoachingRelationship, words: str, person: Any = None,
             aspiration: Aspiration | None = None, work_on_now: bool = True) -> Goal:
    """A goal in the person's words (`person=None`: the family's shared goal), worked on now or
    kept waiting; refused as a fourth goal worked on at once (`FOURTH_GOAL`)."""
    policy.require(acting_user, "coaching.work", relationship)
    kept = _words(words, NO_WORDS)
    _check_person(relationship, person)
    if aspiration is not None and aspiration.relationship_id != relationship.pk:
        raise CoachingRefused("That aspiration is not part of this coaching.")
    _locked(relationship)
    if work_on_now and _active_count(relationship) >= ACTIVE_GOALS:
        raise CoachingRefused(FOURTH_GOAL)
    status = Goal.Status.ACTIVE if work_on_now else Goal.Status.WAITING
    goal = Goal.objects.create(relationship=relationship, person=person, aspiration=aspiration, words=kept,
                               status=status, set_on=timezone.localdate(), created_by=acting_user)
    GoalWording.objects.create(goal=goal, words=kept, at=timezone.now(), by=acting_user)
    audit.record(acting_user, "coaching.goal_added", goal, action=AuditEvent.Action.CREATED,
                 subject=subject_of(relationship), purpose="coaching", changes={"status": status})
    return goal


@transaction.atomic
def reword_goal(*, acting_user: Any, goal: Goal, version: int | None, words: str, reason: str = "") -> Goal:
    """The goal in new words: a new wording is kept beside the earlier ones, none is lost."""
    relationship = goal.relationship
    policy.require(acting_user, "coaching.work", relationship)
    kept = _words(words, NO_WORDS)
    if kept == goal.words:
        raise CoachingRefused("The new wording is the same as the goal’s now: change the words, or go back.")
    before = goal.words
    goal.words = kept
    save_if_unchanged(goal, version=version, fields=["words"])
    GoalWording.objects.create(goal=goal, words=kept, reason=(reason or "").strip()[:300], at=timezone.now(),
                               by=acting_user)
    audit.record(acting_user, "coaching.goal_reworded", goal, action=AuditEvent.Action.CHANGED,
                 subject=subject_of(relationship), purpose="coaching", changes={"words": [before, kept]})
    return goal


@transaction.atomic
def change_goal_status(*, acting_user: Any, goal: Goal, version: int | None, status: str) -> Goal:
    """Start working on a goal (within the limit), keep it waiting, or close it as met or stopped."""
    relationship = goal.relationship
    policy.require(acting_user, "coaching.work", relationship)
    if status not in Goal.Status.values:
        raise CoachingRefused("Choose what happens with the goal.")
    if status == goal.status:
        raise CoachingRefused(f"The goal is “{goal.get_status_display()}” already.")
    if status == Goal.Status.ACTIVE:
        _locked(relationship)
        if _active_count(relationship, besides=goal) >= ACTIVE_GOALS:
            raise CoachingRefused(f"They are working on {ACTIVE_GOALS} goals already. Mark one of them met or "
                                  "stopped, or keep it waiting, before starting this one.")
    before = goal.status
    goal.status = status
    goal.closed_on = timezone.localdate() if status in CLOSED else None
    save_if_unchanged(goal, version=version, fields=["status", "closed_on"])
    audit.record(acting_user, "coaching.goal_status_changed", goal, action=AuditEvent.Action.CHANGED,
                 subject=subject_of(relationship), purpose="coaching", changes={"status": [before, status]})
    return goal
