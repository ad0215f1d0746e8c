"""Progress measures and the ratings given on them.

Built in (created by migration `0002_measures`): Goal-Based Outcomes (each goal rated 0-10 by the
person; the scale's wording is content an administrator sets, as its text is licensed
separately) and the four ONS personal wellbeing questions (each 0-10, never summed; for anxiety a
lower score is better). An organisation adds measures of its own (name, scale, polarity, wording).
"""

from django.db import models
from django.db.models import F, Q

from thriving.core.models import Record


class Measure(models.Model):
    """A question people rate themselves on, its scale and which way is better."""

    class Kind(models.TextChoices):
        GBO = "gbo", "Goal-Based Outcome"
        ONS4 = "ons4", "ONS personal wellbeing"
        OWN = "own", "An organisation's own measure"

    key = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="coaching_measures",
        help_text="The organisation whose own measure it is; none for the built-in measures",
    )
    name = models.CharField(max_length=100)
    question = models.TextField(help_text="The question as it is asked")
    scale_min = models.SmallIntegerField(default=0)
    scale_max = models.SmallIntegerField(default=10)
    low_label = models.CharField(max_length=100, blank=True, help_text="What the lowest score means")
    high_label = models.CharField(max_length=100, blank=True, help_text="What the highest score means")
    higher_is_better = models.BooleanField(default=True)
    per_goal = models.BooleanField(default=False, help_text="Rated for each goal, as Goal-Based Outcomes are")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_min__lt=F("scale_max")), name="coaching_measure_scale"),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(Record):
    """One score a person gave on a measure (for a goal, on a per-goal measure), on a day, at the
    start or at a review; who gave it is the person rated, who recorded it is `created_by`."""

    class Occasion(models.TextChoices):
        START = "start", "At the start"
        REVIEW = "review", "At a review"

    relationship = models.ForeignKey("coaching.CoachingRelationship", on_delete=models.CASCADE, related_name="ratings")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="ratings")
    goal = models.ForeignKey("coaching.Goal", on_delete=models.CASCADE, null=True, blank=True, related_name="ratings")
    person = models.ForeignKey(
        "frontdoor.Person", on_delete=models.PROTECT, related_name="+", help_text="Who gave the rating",
    )
    value = models.SmallIntegerField()
    rated_on = models.DateField()
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    session = models.ForeignKey(
        "coaching.CoachingSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings",
    )

    class Meta:
        ordering = ["rated_on", "pk"]
        indexes = [
            models.Index(fields=["relationship", "rated_on"], name="coaching_rating_rel_day"),
            models.Index(fields=["goal", "rated_on"], name="coaching_rating_goal_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "goal", "person", "rated_on"], condition=Q(goal__isnull=False),
                name="coaching_rating_goal_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["measure", "relationship", "person", "rated_on"], condition=Q(goal__isnull=True),
                name="coaching_rating_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["measure", "goal", "person"], condition=Q(goal__isnull=False, occasion="start"),
                name="coaching_rating_goal_one_start",
            ),
            models.UniqueConstraint(
                fields=["measure", "relationship", "person"], condition=Q(goal__isnull=True, occasion="start"),
                name="coaching_rating_one_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.rated_on:%-d %B %Y})"
