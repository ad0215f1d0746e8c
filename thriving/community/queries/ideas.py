"""Reading community ideas: the public list (no names or contacts) and the facilitators' view,
narrowed to the localities they work in."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thriving.community.models import Idea, IdeaSupport, LocalNetSession
from thriving.community.policy import ORGANISER_ROLES
from thriving.community.queries.local_nets import locality_ids, visible_sessions
from thriving.core.models import User
from thriving.places.models import Locality

PUBLIC_STAGES = [stage for stage in Idea.Stage.values if stage != Idea.Stage.PROPOSED]
IN_PROGRESS = [Idea.Stage.EXPLORING, Idea.Stage.SETTING_UP, Idea.Stage.RUNNING]


def public_ideas(locality_slug: str = "") -> list[Idea]:
    """Ideas at the stage 'exploring' and beyond, newest first, with no proposer details loaded."""
    found = Idea.objects.filter(stage__in=PUBLIC_STAGES).select_related("locality").only(
        "uuid", "title", "description", "stage", "created_at", "locality__name", "locality__slug")
    if locality_slug:
        found = found.filter(locality__slug=locality_slug)
    return list(found.order_by("-created_at", "-id"))


def public_localities() -> list[Locality]:
    return list(Locality.objects.filter(ideas__stage__in=PUBLIC_STAGES).distinct().order_by("name"))


def visible_ideas(user: Any) -> QuerySet[Idea]:
    """Ideas in the person's localities (and those with no locality yet)."""
    found = Idea.objects.select_related("locality", "facilitator")
    scoped = locality_ids(user)
    if scoped is None:
        return found
    return found.filter(locality_id__in=scoped) | found.filter(locality__isnull=True)


def organisers() -> QuerySet[User]:
    """People who may facilitate ideas: active users holding an organiser role."""
    return User.objects.filter(is_active=True, memberships__role__in=ORGANISER_ROLES).distinct().order_by(
        "full_name", "email")


def log(idea: Idea) -> list[IdeaSupport]:
    return list(idea.log.select_related("by"))


def linkable_sessions(idea: Idea, user: Any) -> list[LocalNetSession]:
    """Sessions the idea could be linked to: in its locality (or the person's), within a year."""
    since = timezone.now() - datetime.timedelta(days=365)
    found = visible_sessions(user).filter(starts_at__gte=since).exclude(ideas=idea)
    if idea.locality_id:
        found = found.filter(local_net__locality_id=idea.locality_id)
    return list(found.order_by("-starts_at")[:50])


def new_in_locality(locality_id: int, since: datetime.datetime) -> list[Idea]:
    """Ideas proposed since a moment in a locality (for a huddle's agenda)."""
    return list(Idea.objects.filter(locality_id=locality_id, created_at__gte=since).order_by("created_at", "id"))


def in_progress_in_locality(locality_id: int, limit: int = 5) -> list[Idea]:
    return list(Idea.objects.filter(locality_id=locality_id, stage__in=IN_PROGRESS).order_by(
        "-updated_at", "-id")[:limit])
