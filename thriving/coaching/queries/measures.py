"""Reading measures: the built-in ones (Goal-Based Outcomes, ONS4) and the organisations' own, as
the person managing them sees them, with how many ratings each holds (a measure with ratings keeps
its scale)."""

from typing import Any

from django.db.models import Count, QuerySet

from thriving.coaching.models import Measure, Rating
from thriving.core import access, policy
from thriving.core.models import Organisation, Role


def built_in() -> QuerySet:
    """The built-in measures, which everyone uses; shown to all who manage measures."""
    return Measure.objects.filter(organisation__isnull=True).annotate(rated=Count("ratings"))


def managed_by(user: Any) -> QuerySet:
    """The measures the person may change (scope "manage"), with their number of ratings."""
    return access.restrict(Measure.objects.all(), user, "manage").select_related("organisation").annotate(
        rated=Count("ratings")).order_by("organisation__name", "position", "name")


def own_measures(user: Any) -> QuerySet:
    """The organisations' own measures the person manages."""
    return managed_by(user).filter(organisation__isnull=False)


def lead_organisations(user: Any) -> QuerySet:
    """The organisations whose coaching the person leads: those they may add measures for."""
    return Organisation.objects.filter(pk__in=policy.organisation_ids(user, Role.COACH_LEAD)).order_by("name")


def has_ratings(measure: Measure) -> int:
    """How many ratings were given on the measure."""
    return Rating.objects.filter(measure=measure).count()
