"""Reads for ambassadors: the public profiles and published good news stories of people who still
hold the ambassador role, every profile for those who make them, and an ambassador's own profile
and stories."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from thriving.community.models import AmbassadorProfile, GoodNewsStory
from thriving.core.models import Role


def _still_ambassador() -> Exists:
    from thriving.core.models import Membership

    return Exists(Membership.objects.filter(user=OuterRef("user"), role=Role.AMBASSADOR))


def public_ambassadors() -> QuerySet[AmbassadorProfile]:
    """Public profiles of people who still hold the ambassador role, by locality then name."""
    return (AmbassadorProfile.objects.filter(_still_ambassador(), is_public=True, user__is_active=True)
            .select_related("locality").order_by("locality__name", "display_name"))


def public_ambassador(slug: str) -> AmbassadorProfile | None:
    return public_ambassadors().filter(slug=slug).first()


def published_stories(profile: AmbassadorProfile) -> QuerySet[GoodNewsStory]:
    return profile.stories.filter(status=GoodNewsStory.Status.PUBLISHED).select_related("locality")


def public_story(profile: AmbassadorProfile, story_uuid: Any) -> GoodNewsStory | None:
    return published_stories(profile).filter(uuid=story_uuid).first()


def all_profiles() -> QuerySet[AmbassadorProfile]:
    """Every ambassador profile, for the administrators and enablers who make them."""
    return AmbassadorProfile.objects.select_related("locality", "user").order_by("display_name")


def own_profile(user: Any) -> AmbassadorProfile | None:
    """The ambassador's own profile, if one has been made for them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return AmbassadorProfile.objects.select_related("locality").filter(user=user).first()


def own_stories(profile: AmbassadorProfile) -> QuerySet[GoodNewsStory]:
    return profile.stories.order_by("-created_at")


def own_story(user: Any, story_uuid: Any) -> GoodNewsStory | None:
    """One of the ambassador's own stories, in any state."""
    if not getattr(user, "is_authenticated", False):
        return None
    return GoodNewsStory.objects.select_related("ambassador").filter(uuid=story_uuid, ambassador__user=user).first()
