"""The resident's answer to "did you get the help you needed?", given once a request is closed."""

import uuid

from django.db import models


class ResidentAnswer(models.Model):
    """What the person who asked for help said when we asked, after closing their request, whether
    they got the help they needed. One answer per request, given without an account (from the
    status page or the link we emailed), so no one can change it afterwards."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField("frontdoor.HelpRequest", on_delete=models.CASCADE, related_name="resident_answer")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.TextField(blank=True, help_text="Anything the person wanted to add, in their own words")
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        return f"Answer for request {self.request_id}: {self.get_answer_display()}"
