"""Managing measures: a coaching team lead adds and changes their organisation's own (name, question,
scale, labels, which way is better, whether it is used); an administrator changes the built-in
measures' wording (the Goal-Based Outcomes text is licensed separately, so it is content to set),
never their scales or polarity.

Refused (`CoachingRefused`): a scale whose lowest score is not below its highest; changing the
scale, or which way is better, of a measure that has ratings (it would change what the old scores
mean: make a new measure instead). A stale edit raises `Conflict`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from thriving.coaching.models import Measure, Rating
from thriving.coaching.services.common import CoachingRefused
from thriving.core import audit, policy
from thriving.core.access import restrict
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import AuditEvent, Organisation, Role

WORDING = ("name", "question", "low_label", "high_label")
BUILT_IN_WORDING = ("question", "low_label", "high_label")
MEANING = ("scale_min", "scale_max", "higher_is_better")
OWN_FIELDS = (*WORDING, *MEANING, "active")


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_min >= scale_max:
        raise CoachingRefused(f"The lowest score ({scale_min}) must be below the highest ({scale_max}).")


def _may_manage(user: Any, measure: Measure) -> None:
    policy.require(user, "coaching.manage_measures")
    if not restrict(Measure.objects.filter(pk=measure.pk), user, "manage").exists():
        raise PermissionDenied("coaching.manage_measures")


def _key_for(organisation: Organisation, name: str) -> str:
    base = slugify(f"{organisation.slug}-{name}")[:70] or "measure"
    key, n = base, 2
    while Measure.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def add_measure(*, acting_user: Any, organisation: Organisation, name: str, question: str, scale_min: int,
                scale_max: int, low_label: str = "", high_label: str = "", higher_is_better: bool = True) -> Measure:
    """An organisation's own measure, used in its coaching from now on."""
    policy.require(acting_user, "coaching.manage_measures")
    if organisation.pk not in policy.organisation_ids(acting_user, Role.COACH_LEAD):
        raise PermissionDenied("coaching.manage_measures")
    _check_scale(scale_min, scale_max)
    name, question = name.strip(), question.strip()
    if not name or not question:
        raise CoachingRefused("Enter the measure's name and its question.")
    if Measure.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise CoachingRefused(f"Your organisation has a measure called “{name}” already.")
    position = Measure.objects.aggregate(last=Max("position"))["last"] or 0
    measure = Measure.objects.create(
        key=_key_for(organisation, name), kind=Measure.Kind.OWN, organisation=organisation, name=name,
        question=question, scale_min=scale_min, scale_max=scale_max, low_label=low_label.strip(),
        high_label=high_label.strip(), higher_is_better=higher_is_better, position=position + 1,
    )
    audit.record(acting_user, "coaching.measure_added", measure, action=AuditEvent.Action.CREATED,
                 object_id=measure.key, purpose="coaching measures")
    return measure


@transaction.atomic
def change_measure(*, acting_user: Any, measure: Measure, version: int | None, **values: Any) -> Measure:
    """Change a measure: an organisation's own, any of `OWN_FIELDS`; a built-in one, its wording
    (`BUILT_IN_WORDING`) only."""
    _may_manage(acting_user, measure)
    allowed = OWN_FIELDS if measure.organisation_id is not None else BUILT_IN_WORDING
    unknown = set(values) - set(allowed)
    if unknown:
        raise CoachingRefused("Only the wording of a built-in measure can be changed, not its scale or polarity."
                              if measure.organisation_id is None else "Those are not parts of a measure.")
    for name in ("name", "question", "low_label", "high_label"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "question" in values and not values["question"]:
        raise CoachingRefused("Enter the question as it is asked.")
    if "name" in values and not values["name"]:
        raise CoachingRefused("Enter the measure's name.")
    scale_min = values.get("scale_min", measure.scale_min)
    scale_max = values.get("scale_max", measure.scale_max)
    _check_scale(scale_min, scale_max)
    changed = {name: value for name, value in values.items() if getattr(measure, name) != value}
    meaning = [name for name in MEANING if name in changed]
    if meaning:
        rated = Rating.objects.filter(measure=measure).count()
        if rated:
            raise CoachingRefused(
                f"“{measure.name}” has {rated} rating{'s' if rated != 1 else ''}: changing its scale or which way "
                "is better would change what those scores mean. Add a new measure instead, and stop using this one.")
    before = {name: getattr(measure, name) for name in changed}
    for name, value in changed.items():
        setattr(measure, name, value)
    save_if_unchanged(measure, version=version, fields=list(changed))
    audit.record(acting_user, "coaching.measure_changed", measure, action=AuditEvent.Action.CHANGED,
                 object_id=measure.key, purpose="coaching measures",
                 changes={name: [str(before[name]), str(value)] for name, value in changed.items()})
    return measure
