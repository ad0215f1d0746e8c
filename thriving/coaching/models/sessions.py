"""Coaching sessions: when and where, who was there, what was talked about, and the next steps
each person agreed to (with an owner and a date, reminded by the worker)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.models import Record


class CoachingSession(Record):
    """One time the coach and the person (or family) met or spoke."""

    class Where(models.TextChoices):
        PLACE = "place", "At a Space & Place"
        HOME = "home", "At home"
        PHONE = "phone", "On the phone"
        ONLINE = "online", "Online"
        ELSEWHERE = "elsewhere", "Somewhere else"

    relationship = models.ForeignKey("coaching.CoachingRelationship", on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    where = models.CharField(max_length=10, choices=Where.choices)
    place = models.ForeignKey(
        "directory.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The Space & Place, if it was at one",
    )
    place_text = models.CharField(max_length=200, blank=True, help_text="Where, if somewhere else")
    people = models.ManyToManyField("frontdoor.Person", blank=True, related_name="+", help_text="Who was there")
    coaches = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    others_present = models.CharField(max_length=200, blank=True, help_text="Anyone else there")
    notes = models.TextField(blank=True, help_text="What was talked about")
    is_review = models.BooleanField(default=False, help_text="Goals were reviewed and rated")

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["relationship", "held_on"], name="coaching_session_rel_day")]

    def __str__(self) -> str:
        return f"Session on {self.held_on:%-d %B %Y}"


class NextStep(Record):
    """What one person will do next: the person coached (or a family member) or a coach."""

    relationship = models.ForeignKey(
        "coaching.CoachingRelationship", on_delete=models.CASCADE, related_name="next_steps",
    )
    session = models.ForeignKey(
        CoachingSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="next_steps",
    )
    text = models.CharField(max_length=300)
    owner_person = models.ForeignKey(
        "frontdoor.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="coaching_next_steps",
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "done_on"], name="coaching_step_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_person__isnull=False, owner_user__isnull=True)
                | Q(owner_person__isnull=True, owner_user__isnull=False),
                name="coaching_step_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.text
