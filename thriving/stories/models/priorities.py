"""Emerging community priorities for a place, grown from confirmed themes, and the anonymised
quotes that show the stories behind them."""

from django.conf import settings
from django.db import models

from thriving.core.models import Record
from thriving.stories.models.stories import Story
from thriving.stories.models.themes import Theme


class Priority(Record):
    """A confirmed theme taken up as a priority for a place, with the community ideas, team
    actions, asks and local budget awards that respond to it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CLOSED = "closed", "No longer a priority"

    title = models.CharField(max_length=150)
    summary = models.TextField(blank=True)
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, related_name="story_priorities")
    team = models.ForeignKey("teams.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="priorities")
    themes = models.ManyToManyField(Theme, related_name="priorities")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    ideas = models.ManyToManyField("community.Idea", blank=True, related_name="+")
    actions = models.ManyToManyField("teams.Action", blank=True, related_name="+")
    asks = models.ManyToManyField("teams.Ask", blank=True, related_name="+")
    awards = models.ManyToManyField("budgets.Award", blank=True, related_name="+")

    class Meta:
        ordering = ["locality", "title"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Quote(Record):
    """A passage of a story to quote or share, with names of people the platform knows, phone
    numbers, emails, exact addresses and postcodes replaced; a person reviews the redactions
    before it is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Waiting for review"
        APPROVED = "approved", "Reviewed: ready to quote"
        REJECTED = "rejected", "Not to be quoted"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="quotes")
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The passage as it will be shown, with redactions")
    redactions = models.JSONField(default=list, blank=True, help_text="What was replaced, and why")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["story", "start"]
