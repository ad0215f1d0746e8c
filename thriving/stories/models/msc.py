"""Most Significant Change rounds: domains of change, the stories put forward in each, the panel's
choice of the most significant and why, passed up from a team to its locality to the partnership
board, with feedback to the tellers who asked for it."""

from django.conf import settings
from django.db import models

from thriving.core.models import Record
from thriving.stories.models.projects import StoryProject
from thriving.stories.models.stories import Story


class MSCRound(Record):
    """A round of Most Significant Change at one level: a team's panel, a locality's, or the
    partnership board's. A round's choices pass up to the round it `passes_to`."""

    class Level(models.TextChoices):
        TEAM = "team", "Connected team"
        LOCALITY = "locality", "Locality"
        BOARD = "board", "Partnership board"

    class Status(models.TextChoices):
        GATHERING = "gathering", "Gathering stories"
        SELECTING = "selecting", "The panel is selecting"
        DONE = "done", "Selections made"

    title = models.CharField(max_length=150)
    level = models.CharField(max_length=8, choices=Level.choices)
    project = models.ForeignKey(StoryProject, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="msc_rounds")
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    passes_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="passed_from")
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="msc_panels")
    meets_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.GATHERING)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class MSCDomain(Record):
    """A domain of change the round looks for: "Changes in people's lives", "Changes in how
    services work together"."""

    round = models.ForeignKey(MSCRound, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="stories_msc_domain_unique")]

    def __str__(self) -> str:
        return self.name


class MSCCandidate(Record):
    """A story of change put forward in a domain: gathered or chosen for the round, or passed up
    from a lower level's selection."""

    domain = models.ForeignKey(MSCDomain, on_delete=models.CASCADE, related_name="candidates")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="msc_candidacies")
    note = models.TextField(blank=True, help_text="Why it was put forward")
    passed_from = models.ForeignKey("MSCSelection", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="passed_up_as")

    class Meta:
        ordering = ["domain", "created_at"]
        constraints = [models.UniqueConstraint(fields=["domain", "story"], name="stories_msc_candidate_unique")]


class MSCSelection(Record):
    """The panel's choice of the most significant story in a domain, and why."""

    domain = models.OneToOneField(MSCDomain, on_delete=models.CASCADE, related_name="selection")
    candidate = models.ForeignKey(MSCCandidate, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    selected_at = models.DateTimeField()
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
