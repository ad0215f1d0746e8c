"""The project's codebook and the passages coders tag with it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.models import Record
from thriving.stories.models.projects import StoryProject
from thriving.stories.models.stories import Story


class Code(Record):
    """A code in the project's codebook: a name, what it means (its definition), and the code it
    sits under, for a hierarchy of codes."""

    project = models.ForeignKey(StoryProject, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=100)
    definition = models.TextField(blank=True, help_text="When to apply it, and when not")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "parent", "name"], name="stories_code_name_unique"),
            models.UniqueConstraint(
                fields=["project", "name"], condition=Q(parent__isnull=True), name="stories_code_top_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coding(Record):
    """A passage of a story tagged with a code by a coder: characters `start` to `end` of the
    story's text (the passage kept as `quote`), applied by a person or by the suggester."""

    class Source(models.TextChoices):
        PERSON = "person", "Applied by a person"
        SUGGESTER = "suggester", "Applied by the suggester"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PERSON)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(blank=True)
    memo = models.TextField(blank=True)

    class Meta:
        ordering = ["story", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="stories_coding_passage_not_empty"),
            models.UniqueConstraint(fields=["story", "code", "coder", "start", "end"], name="stories_coding_unique"),
        ]
        indexes = [models.Index(fields=["code", "coder"], name="stories_coding_code_coder")]
