"""Aspirations and goals, kept in the person's own words. A relationship works on up to three
goals at a time; more can wait. A goal can be reworded without losing what it said before."""

from django.conf import settings
from django.db import models

from thriving.core.models import Record

ACTIVE_GOALS = 3  # goals worked on at a time; more can wait


class Aspiration(Record):
    """What a person (or the family together) wants for themselves, verbatim."""

    relationship = models.ForeignKey(
        "coaching.CoachingRelationship", on_delete=models.CASCADE, related_name="aspirations",
    )
    person = models.ForeignKey(
        "frontdoor.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Whose aspiration; none for the family's shared one",
    )
    words = models.TextField(help_text="In their own words")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self) -> str:
        return self.words[:80]


class Goal(Record):
    """A goal the person chose, in their words; a family's shared goal has no one person and
    several members rate it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Working on it"
        WAITING = "waiting", "Waiting"
        MET = "met", "Met"
        STOPPED = "stopped", "No longer working on it"

    relationship = models.ForeignKey("coaching.CoachingRelationship", on_delete=models.CASCADE, related_name="goals")
    aspiration = models.ForeignKey(Aspiration, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals")
    person = models.ForeignKey(
        "frontdoor.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Whose goal; none for a shared family goal",
    )
    words = models.TextField(help_text="The goal as the person puts it (the latest wording)")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    set_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # Kept by the ratings service (and `services.outcomes.refresh`), so that caseloads can say which
    # goals have not been rated since the start without reading the ratings.
    start_rated_on = models.DateField(null=True, blank=True, help_text="When its Goal-Based Outcome was first rated")
    last_reviewed_on = models.DateField(null=True, blank=True, help_text="When it was last reviewed")

    class Meta:
        ordering = ["set_on", "pk"]
        indexes = [models.Index(fields=["relationship", "status"], name="coaching_goal_rel_status")]

    def __str__(self) -> str:
        return self.words[:80]

    @property
    def is_shared(self) -> bool:
        return self.person_id is None


class GoalWording(models.Model):
    """One wording of a goal, kept when the goal is reworded: the history of what it said."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="wordings")
    words = models.TextField()
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was reworded")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.words[:80]
