"""A story in the teller's own words, how it was gathered, what the teller consented to, and how
they placed it on the project's signifiers."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.models import Record
from thriving.stories.models.projects import Signifier, StoryProject


class Story(Record):
    """What someone told, in their words, with the consent they gave. Withdrawn, it keeps only a
    tombstone (its project and when it was withdrawn): its words, answers, codes, quotes,
    embedding and theme memberships are gone (`services.stories.withdraw`)."""

    class Channel(models.TextChoices):
        PUBLIC = "public", "Told on the public form"
        IN_PERSON = "in_person", "Gathered in person"
        PAPER = "paper", "Typed in from paper"

    class Moderation(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not taken"

    project = models.ForeignKey(StoryProject, on_delete=models.PROTECT, related_name="stories")
    title = models.CharField(max_length=150, blank=True, help_text="A title the teller gives their story")
    text = models.TextField(blank=True, help_text="The story, in the teller's words")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PUBLIC)
    gathered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    told_on = models.DateField(help_text="When it was told (the date on the paper, for a story typed in later)")
    area = models.ForeignKey(
        "places.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Where it happened, if the teller said",
    )
    teller_name = models.CharField(max_length=150, blank=True)
    teller_email = models.EmailField(blank=True)
    wants_feedback = models.BooleanField(default=False, help_text="The teller asked to hear what became of it")
    # Consent, granular: each may be withdrawn later.
    consent_use = models.BooleanField(default=False, help_text="Use in this project")
    consent_quote = models.BooleanField(default=False, help_text="Quoting it anonymously")
    consent_share = models.BooleanField(default=False, help_text="Sharing it with partners")
    consent_publish = models.BooleanField(default=False, help_text="Publishing it")
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    moderation = models.CharField(max_length=8, choices=Moderation.choices, default=Moderation.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(max_length=300, blank=True)
    audio = models.FileField(upload_to="stories/audio/%Y/%m/", blank=True)
    transcribed_at = models.DateTimeField(null=True, blank=True)
    # The private link's secret is never stored: only its keyed hash (`services.stories`).
    withdrawal_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-told_on", "-pk"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["project", "moderation", "told_on"], name="stories_story_project_told"),
            # The patterns page's kept figures are keyed on the project's latest change.
            models.Index(fields=["project", "updated_at"], name="stories_story_project_changed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=False) | Q(consent_use=True),
                name="stories_story_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Story {self.uuid}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class SignifierAnswer(models.Model):
    """How the teller placed their story on one signifier. A triad's weights are `a`, `b`, `c`
    (summing to 1); a dyad's position is `a` (0 the first pole, 1 the second); a stone is one row
    per item (`item`), at `a` across and `b` up; a choice is one row per option chosen (`item`)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="answers")
    signifier = models.ForeignKey(Signifier, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=150, blank=True)
    a = models.FloatField(null=True, blank=True)
    b = models.FloatField(null=True, blank=True)
    c = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["signifier", "item"]
        constraints = [
            models.UniqueConstraint(fields=["story", "signifier", "item"], name="stories_answer_unique"),
        ]
        indexes = [models.Index(fields=["signifier", "story"], name="stories_answer_signifier")]

    def __str__(self) -> str:
        return f"{self.signifier.key}: {self.item or ''} {self.a}, {self.b}, {self.c}"
