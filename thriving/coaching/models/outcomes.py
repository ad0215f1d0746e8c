"""What coaching changed, per relationship and measure, kept so that the outcomes across people
add up a small table rather than read every rating (`queries/outcomes.py`). The ratings service
refreshes a relationship's rows whenever it records ratings (`services/outcomes.refresh`)."""

from django.db import models


class MeasureChange(models.Model):
    """For one relationship and one measure: how many were rated before and after, and how.

    Goal-Based Outcomes: each goal and person rating it with a start and a review (the latest
    start and the latest review); `improved` and `worse` count a reliable change (3 points or more)
    either way. Other measures (ONS4, an organisation's own): each person (and goal, on a per-goal
    measure) rated twice or more, their first and their latest rating; `improved` and `worse`
    follow the measure's polarity."""

    relationship = models.ForeignKey(
        "coaching.CoachingRelationship", on_delete=models.CASCADE, related_name="measure_changes",
    )
    measure = models.ForeignKey("coaching.Measure", on_delete=models.CASCADE, related_name="+")
    pairs = models.PositiveIntegerField(help_text="Goals (by rater) or people rated before and after")
    before_sum = models.IntegerField()
    after_sum = models.IntegerField()
    improved = models.PositiveIntegerField()
    worse = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "measure"], name="coaching_change_once"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} in {self.relationship_id}: {self.pairs}"
