"""Moderating stories told on the public form: a manager of the project approves one, so that the
project's people see it, or refuses it with a note. Nobody else sees a story until it is approved."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.policy import require
from thriving.stories.models import Story
from thriving.stories.services import themes


class ModerationRefused(ActionRefused):
    pass


@transaction.atomic
def moderate(*, acting_user: Any, story: Story, approve: bool, note: str = "", version: int) -> Story:
    """Approve the story, or refuse it with a note saying why (kept for the project's managers)."""
    require(acting_user, "stories.moderate", story)
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.version != version:
        raise Conflict("Someone else moderated this story or changed it first. Here it is as it is now.")
    if locked.moderation != Story.Moderation.PENDING or locked.withdrawn_at is not None:
        raise ModerationRefused("This story is no longer waiting for moderation.")
    if not approve and not note.strip():
        raise ModerationRefused("Say why the story is not taken.")
    locked.moderation = Story.Moderation.APPROVED if approve else Story.Moderation.REJECTED
    locked.moderation_note = note.strip()[:300]
    locked.moderated_by = acting_user
    locked.moderated_at = timezone.now()
    locked.version += 1
    locked.save()
    audit.record(acting_user, "story.approved" if approve else "story.refused", locked,
                 action=audit.Action.CHANGED, purpose=locked.moderation_note)
    themes.embed_when_taken(locked)
    return locked
