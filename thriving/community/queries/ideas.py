"""Reading community ideas: the public list (no names or contacts) and the facilitators' view,
narrowed to the localities they work in (the scopes in `thriving.community.policy`)."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thriving.community.models import Idea, IdeaSupport, LocalNetSession
from thriving.community.policy import ORGANISER_ROLES, PUBLIC_STAGES
from thriving.community.queries.local_nets import visible_sessions
from thriving.core.access import restrict
from thriving.core.models import User
from thriving.places.models import Locality

IN_PROGRESS = [Idea.Stage.EXPLORING, Idea.Stage.SETTING_UP, Idea.Stage.RUNNING]


def public_ideas(user: Any, locality_slug: str = "") -> list[Idea]:
    """Ideas at the stage 'exploring' and beyond, newest first, with no proposer details loaded."""
    found = Idea.objects.visible_to(user, "view_public").select_related("locality").only(
        "uuid", "title", "description", "stage", "created_at", "locality__name", "locality__slug")
    if locality_slug:
        found = found.filter(locality__slug=locality_slug)
    return list(found.order_by("-created_at", "-id"))


def public_localities() -> list[Locality]:
    return list(Locality.objects.filter(ideas__stage__in=PUBLIC_STAGES).distinct().order_by("name"))


def ideas() -> QuerySet[Idea]:
    """Ideas with their locality and facilitator, to fetch one through its scope."""
    return Idea.objects.select_related("locality", "facilitator")


def visible_ideas(user: Any) -> QuerySet[Idea]:
    """Ideas in the person's localities (and those with no locality yet)."""
    return restrict(ideas(), user)


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
