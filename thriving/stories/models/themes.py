"""Stories' embeddings and the themes suggested from them, until a person confirms, renames,
merges or rejects them."""

from django.conf import settings
from django.db import models

from thriving.core.models import Record
from thriving.stories.models.projects import StoryProject
from thriving.stories.models.stories import Story


class StoryEmbedding(models.Model):
    """A story's text as a vector from the sentence-embedding model (float32 bytes), with a hash of
    the text it was made from, so a changed story is embedded again."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="embedding")
    model_name = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Embedding of story {self.story_id}"


class ThemeRun(Record):
    """One run of the suggester over a project's stories: when, over how many, how many it left
    unassigned, and the settings it used."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    project = models.ForeignKey(StoryProject, on_delete=models.CASCADE, related_name="theme_runs")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    story_count = models.PositiveIntegerField(default=0)
    unassigned_count = models.PositiveIntegerField(default=0)
    settings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class Theme(Record):
    """A theme across a project's stories: suggested by the suggester (with its key phrases and most
    typical stories) until a person confirms, renames, merges or rejects it."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged into another"

    project = models.ForeignKey(StoryProject, on_delete=models.CASCADE, related_name="themes")
    run = models.ForeignKey(ThemeRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="themes")
    label = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    key_phrases = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    centroid = models.BinaryField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "status", "label"]

    def __str__(self) -> str:
        return self.label


class ThemeMembership(models.Model):
    """A story's place in a theme: how strongly it fits (cosine similarity to the theme's centre),
    whether that fit is weak, and whether it is one of the theme's most typical stories."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="theme_memberships")
    strength = models.FloatField()
    is_weak = models.BooleanField(default=False)
    is_typical = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme", "-strength"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "story"], name="stories_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"Story {self.story_id} in {self.theme_id} ({self.strength:.2f})"
