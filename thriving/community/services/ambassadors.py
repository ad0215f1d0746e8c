"""Ambassadors: administrators and enablers make a profile for a person with the ambassador role;
the ambassador keeps their own profile and shares good news stories for their place (written as
drafts, then published, and withdrawn if need be).

Edits name the version they were made against, so two edits at once cannot overwrite each other.
A profile and its stories are about a person, so every change is in the audit trail.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from thriving.community.models import AmbassadorProfile, GoodNewsStory
from thriving.community.services.common import CommunityError, change
from thriving.core import audit, policy
from thriving.core.models import Membership, Role

Action = audit.Action
Status = GoodNewsStory.Status


CHANGED_FIRST = ("This was changed somewhere else (perhaps in another tab) while you were "
                 "working on it. What you typed is below: check it, then save again.")


class AmbassadorError(CommunityError):
    """A change that cannot be made, with a message to show the person. (A change made somewhere
    else first is core's `Conflict`, with the message above.)"""


def _free_slug(name: str) -> str:
    base = slugify(name)[:140] or "ambassador"
    slug, n = base, 2
    while AmbassadorProfile.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_profile(
    *, acting_user: Any, user: Any, display_name: str, locality: Any, about: str = "", is_public: bool = False
) -> AmbassadorProfile:
    """Make the profile of a person who holds the ambassador role."""
    policy.require(acting_user, "community.manage_ambassadors")
    if not Membership.objects.filter(user=user, role=Role.AMBASSADOR).exists():
        raise AmbassadorError(f"{user.email} does not have the ambassador role. Give them the role first, "
                              "then make their profile.")
    if AmbassadorProfile.objects.filter(user=user).exists():
        raise AmbassadorError(f"{user.email} already has an ambassador profile.")
    try:
        with transaction.atomic():
            profile = AmbassadorProfile.objects.create(
                user=user, slug=_free_slug(display_name), display_name=" ".join(display_name.split()),
                locality=locality, about=about.strip(), is_public=is_public)
    except IntegrityError:
        raise AmbassadorError(f"{user.email} already has an ambassador profile.") from None
    audit.record(acting_user, "ambassador.created", profile, action=Action.CREATED, subject=profile.display_name,
                 purpose="making an ambassador profile")
    return profile


def _mine(acting_user: Any, profile: AmbassadorProfile) -> None:
    policy.require(acting_user, "community.be_ambassador")
    if profile.user_id != acting_user.pk:
        raise AmbassadorError("You can only change your own profile and stories.")


@transaction.atomic
def edit_profile(
    profile: AmbassadorProfile, *, acting_user: Any, version: int, display_name: str, about: str, is_public: bool
) -> AmbassadorProfile:
    """The ambassador changes their own profile: the name shown, about them, and whether it is public."""
    _mine(acting_user, profile)
    fields = {"display_name": " ".join(display_name.split()), "about": about.strip(), "is_public": is_public}
    before = {key: str(getattr(profile, key)) for key in fields}
    change(profile, version, message=CHANGED_FIRST, **fields)
    audit.record(acting_user, "ambassador.changed", profile, action=Action.CHANGED, subject=profile.display_name,
                 changes=audit.changes_between(before, {key: str(value) for key, value in fields.items()}))
    return profile


@transaction.atomic
def write_story(*, acting_user: Any, title: str, body: str) -> GoodNewsStory:
    """Start a good news story, as a draft, for the ambassador's place."""
    policy.require(acting_user, "community.be_ambassador")
    profile = AmbassadorProfile.objects.filter(user=acting_user).first()
    if profile is None:
        raise AmbassadorError("You do not have an ambassador profile yet. Ask an administrator or enabler to make it.")
    story = GoodNewsStory.objects.create(ambassador=profile, title=title.strip(), body=body.strip(),
                                         locality=profile.locality)
    audit.record(acting_user, "good_news.created", story, action=Action.CREATED, subject=profile.display_name)
    return story


def _change_story(story: GoodNewsStory, acting_user: Any, version: int, event: str, **fields: Any) -> GoodNewsStory:
    _mine(acting_user, story.ambassador)
    before = {key: str(getattr(story, key)) for key in fields}
    change(story, version, message=CHANGED_FIRST, **fields)
    audit.record(acting_user, event, story, action=Action.CHANGED, subject=story.ambassador.display_name,
                 changes=audit.changes_between(before, {key: str(getattr(story, key)) for key in fields}))
    return story


@transaction.atomic
def edit_story(story: GoodNewsStory, *, acting_user: Any, version: int, title: str, body: str) -> GoodNewsStory:
    """Change a story's words. A published story stays published."""
    return _change_story(story, acting_user, version, "good_news.changed", title=title.strip(), body=body.strip())


@transaction.atomic
def publish_story(story: GoodNewsStory, *, acting_user: Any, version: int) -> GoodNewsStory:
    """Show the story on the ambassador's public page (again, if it was withdrawn)."""
    if story.status == Status.PUBLISHED:
        raise AmbassadorError("This story is already published.")
    return _change_story(story, acting_user, version, "good_news.published", status=Status.PUBLISHED,
                         published_at=story.published_at or timezone.now())


@transaction.atomic
def withdraw_story(story: GoodNewsStory, *, acting_user: Any, version: int) -> GoodNewsStory:
    """Take a published story off the public pages. It is kept, and can be published again."""
    if story.status != Status.PUBLISHED:
        raise AmbassadorError("Only a published story can be withdrawn.")
    return _change_story(story, acting_user, version, "good_news.withdrawn", status=Status.WITHDRAWN)
