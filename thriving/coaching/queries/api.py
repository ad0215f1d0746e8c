"""What the JSON API reads of coaching (`thriving.api.coaching`), always starting from the caller's
scope: relationships (plans) the caller may see the progress of ("view_progress"), with their
goals (and every wording) and ratings; sessions only with the whole record ("view")."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from thriving.coaching.models import (
    Coach,
    CoachingConsent,
    CoachingRelationship,
    CoachingSession,
    Goal,
    GoalWording,
    Measure,
    Member,
    Rating,
)
from thriving.core.access import get_visible_or_404, restrict


def relationships(user: Any, *, status: str | None = None) -> QuerySet[CoachingRelationship]:
    """The relationships whose progress the person may see, newest first, for a list."""
    found = CoachingRelationship.objects.visible_to(user, "view_progress").select_related(
        "locality", "organisation", "team",
    )
    if status:
        found = found.filter(status=status)
    return found.order_by("-started_on", "-pk")


def relationship(user: Any, uuid: Any) -> CoachingRelationship:
    """One relationship with its members, coaches and consents (404 outside the person's scope)."""
    found = CoachingRelationship.objects.select_related("person", "locality", "organisation", "team").prefetch_related(
        Prefetch("members", queryset=Member.objects.select_related("person")),
        Prefetch("coaches", queryset=Coach.objects.select_related("user", "organisation")),
        Prefetch("consents", queryset=CoachingConsent.objects.select_related("person")),
    )
    return get_visible_or_404(found, user, "view_progress", uuid=uuid)


def sees_whole_record(user: Any, found: CoachingRelationship) -> bool:
    """Whether the person may see the relationship's sessions and notes, not only its progress."""
    return restrict(CoachingRelationship.objects.filter(pk=found.pk), user, "view").exists()


def goals(found: CoachingRelationship) -> QuerySet[Goal]:
    return found.goals.select_related("person", "aspiration").prefetch_related(
        Prefetch("wordings", queryset=GoalWording.objects.order_by("at", "pk")),
    ).order_by("set_on", "pk")


def sessions(found: CoachingRelationship) -> QuerySet[CoachingSession]:
    return found.sessions.select_related("place").prefetch_related("people", "coaches").order_by("-held_on", "-pk")


def ratings(found: CoachingRelationship, measure: Measure | None = None) -> QuerySet[Rating]:
    listed = found.ratings.select_related("measure", "goal", "person", "session").order_by("rated_on", "pk")
    return listed.filter(measure=measure) if measure is not None else listed


def measure(key: str) -> Measure | None:
    return Measure.objects.filter(key=key).first()


# The choices the API's schemas name (other apps do not import coaching's models).
RelationshipStatus = CoachingRelationship.Status
RelationshipKind = CoachingRelationship.Kind
Route = CoachingRelationship.Route
EndReason = CoachingRelationship.EndReason
GoalStatus = Goal.Status
Occasion = Rating.Occasion
Where = CoachingSession.Where
ConsentScope = CoachingConsent.Scope
