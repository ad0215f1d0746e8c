"""A teller withdrawing their story with their private link (or a member of staff doing so on
their behalf): the story keeps only a tombstone, and is gone from every view, export, theme and
model input."""

import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import require
from thriving.stories.models import Story, StoryEmbedding


class WithdrawalRefused(ActionRefused):
    pass


def key_for(token: str) -> str:
    """The keyed hash stored for a private link's secret (the secret itself is never stored)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"stories-withdraw:{token}".encode(), hashlib.sha256).hexdigest()


def new_link(story: Story) -> str:
    """Give the story a new private withdrawal link's secret, store its hash, and return the secret
    (to be shown or emailed to the teller once)."""
    token = secrets.token_urlsafe(24)
    story.withdrawal_key = key_for(token)
    story.save(update_fields=["withdrawal_key", "updated_at"])
    return token


def story_for_link(token: str) -> Story | None:
    """The story a private link's secret belongs to, if it has not been withdrawn."""
    if not token or len(token) > 100:
        return None
    return Story.objects.filter(withdrawal_key=key_for(token), withdrawn_at__isnull=True).first()


def _remove(story: Story) -> None:
    """Remove everything the story gave: its words, answers, codes, quotes, embedding, theme
    memberships and Most Significant Change candidacies (and so any selection of it)."""
    story.answers.all().delete()
    story.codings.all().delete()
    story.quotes.all().delete()
    story.theme_memberships.all().delete()
    story.msc_candidacies.all().delete()
    StoryEmbedding.objects.filter(story=story).delete()
    audio = story.audio.name if story.audio else ""
    if audio:
        storage = story.audio.storage
        transaction.on_commit(lambda: storage.delete(audio))
    story.title = story.text = story.teller_name = story.teller_email = ""
    story.audio = ""
    story.area = None
    story.wants_feedback = False
    story.consent_use = story.consent_quote = story.consent_share = story.consent_publish = False
    story.withdrawal_key = None
    story.withdrawn_at = timezone.now()
    story.version += 1
    story.save()


@transaction.atomic
def withdraw_with_link(*, token: str) -> Story:
    """The teller withdrawing their own story with the private link's secret."""
    story = Story.objects.select_for_update().filter(withdrawal_key=key_for(token or ""),
                                                       withdrawn_at__isnull=True).first()
    if story is None:
        raise WithdrawalRefused("This link is not valid, or the story has already been withdrawn.")
    _remove(story)
    audit.record(None, "story.withdrawn", story, action=audit.Action.DELETED, purpose="The teller withdrew it",
                 actor_label="The teller")
    return story


@transaction.atomic
def withdraw(*, acting_user: Any, story: Story, reason: str) -> Story:
    """A member of staff who manages the project withdrawing a story for its teller (who asked in
    person or by phone), with the reason."""
    require(acting_user, "stories.manage", story.project)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.withdrawn_at is not None:
        raise WithdrawalRefused("This story has already been withdrawn.")
    if not reason.strip():
        raise WithdrawalRefused("Say why the story is being withdrawn (for example, who asked and how).")
    _remove(story)
    audit.record(acting_user, "story.withdrawn", story, action=audit.Action.DELETED, purpose=reason.strip())
    return story
