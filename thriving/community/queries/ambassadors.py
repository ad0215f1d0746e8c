"""Reads for ambassadors, each starting from the scopes in `thriving.community.policy`: the public
profiles and published good news stories of people who still hold the ambassador role, every
profile for those who make them, and an ambassador's own profile and stories. One profile or
story is fetched through its scope (`get_visible_or_404(profiles(), user, "view_public", ...)`)."""

from typing import Any

from django.db.models import QuerySet

from thriving.community.models import AmbassadorProfile, GoodNewsStory
from thriving.core.access import restrict


def profiles() -> QuerySet[AmbassadorProfile]:
    return AmbassadorProfile.objects.select_related("locality")


def public_ambassadors(user: Any) -> QuerySet[AmbassadorProfile]:
    """Public profiles of people who still hold the ambassador role, by locality then name."""
    return restrict(profiles(), user, "view_public").order_by("locality__name", "display_name")


def published_stories(user: Any, profile: AmbassadorProfile) -> QuerySet[GoodNewsStory]:
    return restrict(stories().filter(ambassador=profile), user, "view_public")


def stories() -> QuerySet[GoodNewsStory]:
    return GoodNewsStory.objects.select_related("locality", "ambassador")


def all_profiles(user: Any) -> QuerySet[AmbassadorProfile]:
    """Every ambassador profile, for the administrators and enablers who make them."""
    return restrict(profiles().select_related("user"), user).order_by("display_name")


def own_profile(user: Any) -> AmbassadorProfile | None:
    """The ambassador's own profile, if one has been made for them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return restrict(profiles(), user).filter(user=user).first()


def own_stories(profile: AmbassadorProfile) -> QuerySet[GoodNewsStory]:
    return profile.stories.order_by("-created_at")
