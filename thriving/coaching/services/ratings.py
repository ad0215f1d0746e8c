"""Recording ratings: Goal-Based Outcomes for each goal and the other measures (ONS4, an
organisation's own), at the start and at each review. Every rating of one sitting lands together
or none does.

    record(acting_user=coach, relationship=r, rated_on=day, occasion=Rating.Occasion.START,
           entries=[Entry(measure=gbo, person=dana, value=2, goal=goal), ...], session=None)

Refused with a `CoachingRefused` naming the entry (nothing saved): a value outside the measure's
scale; a day in the future or before the coaching began; a review before that rating's start, or
with no start to compare with; a second start; a goal that is not the relationship's or is not
being worked on; someone who is not one of the people coached; a measure the relationship's
organisation may not use; a per-goal measure without a goal, or another with one. Two people
recording the same rating on the same day: the second is refused (a constraint in the database
holds it, whatever the timing)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from thriving.coaching.models import CoachingRelationship, Goal, Measure, Member, Rating
from thriving.coaching.services import outcomes
from thriving.coaching.services.common import CoachingRefused, subject_of
from thriving.core import audit, policy
from thriving.core.models import AuditEvent


@dataclass(frozen=True)
class Entry:
    """One score to record: on a measure, by a person, for a goal on a per-goal measure."""

    measure: Measure
    person: Any
    value: int | None
    goal: Goal | None = None

    def label(self) -> str:
        about = f" for the goal “{self.goal.words[:60]}”" if self.goal is not None else ""
        return f"{self.measure.name}{about} ({self.person.given_name})"


def usable_measures(relationship: CoachingRelationship) -> list[Measure]:
    """The measures a relationship may use: the built-in ones and its organisation's own, active."""
    return list(Measure.objects.filter(Q(organisation__isnull=True) | Q(organisation=relationship.organisation_id),
                                       active=True))


def _check(entry: Entry, relationship: CoachingRelationship, member_ids: set[int], rated_on: datetime.date,
           occasion: str, starts: dict[tuple[int, int | None, int], datetime.date]) -> None:
    name = entry.label()
    measure = entry.measure
    if entry.value is None:
        raise CoachingRefused(f"{name}: enter a score from {measure.scale_min} to {measure.scale_max}.")
    if not measure.scale_min <= entry.value <= measure.scale_max:
        raise CoachingRefused(f"{name}: the score must be from {measure.scale_min} to {measure.scale_max}, "
                              f"not {entry.value}.")
    if not measure.active or (measure.organisation_id not in (None, relationship.organisation_id)):
        raise CoachingRefused(f"{name}: this measure is not one this coaching uses.")
    if measure.per_goal and entry.goal is None:
        raise CoachingRefused(f"{name}: choose the goal this score is for.")
    if not measure.per_goal and entry.goal is not None:
        raise CoachingRefused(f"{name}: this measure is not rated goal by goal.")
    if entry.person.pk not in member_ids:
        raise CoachingRefused(f"{name}: only the people coached rate their progress.")
    if entry.goal is not None:
        if entry.goal.relationship_id != relationship.pk:
            raise CoachingRefused(f"{name}: that goal is not part of this coaching.")
        if entry.goal.status != Goal.Status.ACTIVE:
            raise CoachingRefused(f"{name}: only goals being worked on are rated.")
        if entry.goal.person_id not in (None, entry.person.pk):
            raise CoachingRefused(f"{name}: a goal is rated by the person whose goal it is.")
    start = starts.get((measure.pk, entry.goal.pk if entry.goal else None, entry.person.pk))
    if occasion == Rating.Occasion.START and start is not None:
        raise CoachingRefused(f"{name}: the starting score was recorded on {start:%-d %B %Y}; record a review.")
    if occasion == Rating.Occasion.REVIEW:
        if start is None:
            raise CoachingRefused(f"{name}: record a starting score before a review.")
        if rated_on < start:
            raise CoachingRefused(f"{name}: a review cannot be before the starting score ({start:%-d %B %Y}).")


@transaction.atomic
def record(*, acting_user: Any, relationship: CoachingRelationship, entries: list[Entry], rated_on: datetime.date,
           occasion: str, session: Any = None) -> list[Rating]:
    """Record one sitting's ratings, all or none (see the module's docstring)."""
    policy.require(acting_user, "coaching.work", relationship)
    if not entries:
        raise CoachingRefused("Enter at least one score.")
    if rated_on > timezone.localdate():
        raise CoachingRefused("The day of the ratings cannot be in the future.")
    if rated_on < relationship.started_on:
        raise CoachingRefused(f"The day of the ratings cannot be before the coaching began "
                              f"({relationship.started_on:%-d %B %Y}).")
    if occasion not in Rating.Occasion.values:
        raise CoachingRefused("Say whether these are starting scores or a review.")
    member_ids = set(Member.objects.filter(relationship=relationship, left_on__isnull=True)
                     .values_list("person_id", flat=True))
    starts = {
        (measure_id, goal_id, person_id): day
        for measure_id, goal_id, person_id, day in Rating.objects.filter(
            relationship=relationship, occasion=Rating.Occasion.START
        ).values_list("measure_id", "goal_id", "person_id", "rated_on")
    }
    seen: set[tuple[int, int | None, int]] = set()
    for entry in entries:
        _check(entry, relationship, member_ids, rated_on, occasion, starts)
        key = (entry.measure.pk, entry.goal.pk if entry.goal else None, entry.person.pk)
        if key in seen:
            raise CoachingRefused(f"{entry.label()}: entered twice.")
        seen.add(key)
    ratings = [
        Rating(relationship=relationship, measure=entry.measure, goal=entry.goal, person=entry.person,
               value=int(entry.value or 0),  # checked above: never None here
               rated_on=rated_on, occasion=occasion, session=session, created_by=acting_user)
        for entry in entries
    ]
    try:
        with transaction.atomic():
            Rating.objects.bulk_create(ratings)
    except IntegrityError:
        raise CoachingRefused(
            "Some of these scores were recorded for this day already, perhaps by someone else just now. "
            "Open the coaching again to see them."
        ) from None
    outcomes.refresh([relationship.pk])
    if occasion == Rating.Occasion.REVIEW:
        latest = Rating.objects.filter(relationship=relationship, occasion=Rating.Occasion.REVIEW).aggregate(
            day=Max("rated_on"))["day"]
        CoachingRelationship.objects.filter(pk=relationship.pk).update(last_review_on=latest)
        relationship.last_review_on = latest
    audit.record(acting_user, f"coaching.ratings_{occasion}", relationship, action=AuditEvent.Action.CREATED,
                 subject=subject_of(relationship), purpose="coaching",
                 changes={"ratings": len(ratings), "rated_on": rated_on.isoformat()})
    return ratings
