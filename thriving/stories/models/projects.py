"""A story project: a question asked of the people of a place, with its prompt, the signifiers
tellers place their story on, who gathers, its dates and the consent wording."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.models import Record


class StoryProject(Record):
    """A team or the council asking the people of a place for their stories: "Tell us about a time
    when you got help, or didn't, in Shirebrook". Tellers answer its question in their own words and
    place their story on its signifiers."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being set up"
        OPEN = "open", "Gathering stories"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    question = models.CharField(max_length=300, help_text="The question tellers answer, in plain words")
    prompt = models.TextField(blank=True, help_text="A few words to help people start, shown under the question")
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, related_name="story_projects")
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="story_projects",
        help_text="The connected team running it; empty for the council",
    )
    gatherers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="story_projects_gathering",
        help_text="Staff and volunteers who gather stories in person",
    )
    coders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="story_projects_coding",
        help_text="People who code the stories with the codebook",
    )
    opens_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    consent_wording = models.TextField(help_text="What tellers agree to, shown above the consent choices")
    accepts_public = models.BooleanField(default=True, help_text="Residents may tell a story on the public form")
    accepts_audio = models.BooleanField(default=False, help_text="Tellers may add a recording, kept until transcribed")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="stories_project_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Signifier(Record):
    """A question the teller answers about their own story, in their own terms.

    - a **triad**: a point in a triangle between three qualities (`labels`: three), answered as
      three weights that sum to 1;
    - a **dyad**: a slider between two poles (`labels`: two), answered as one number from 0 (the
      first pole) to 1 (the second);
    - **stones**: items (`options`) placed on a canvas of two axes (`labels`: the low and high ends
      of the across axis, then of the up axis), each answered as a point with x and y from 0 to 1;
    - a **choice** (`options`, one or several with `allow_many`);
    - a **demographic** question the project asks (age band, for example), answered as a choice.
    """

    class Kind(models.TextChoices):
        TRIAD = "triad", "Triad"
        DYAD = "dyad", "Dyad"
        STONES = "stones", "Stones"
        CHOICE = "choice", "Multiple choice"
        DEMOGRAPHIC = "demographic", "About the teller"

    LABEL_COUNTS = {Kind.TRIAD: 3, Kind.DYAD: 2, Kind.STONES: 4, Kind.CHOICE: 0, Kind.DEMOGRAPHIC: 0}

    project = models.ForeignKey(StoryProject, on_delete=models.CASCADE, related_name="signifiers")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.SlugField(max_length=40, help_text="A short name for charts and exports: 'help-came-from'")
    prompt = models.CharField(max_length=300, help_text="The question the teller answers about their story")
    labels = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=list, blank=True)
    allow_many = models.BooleanField(default=False)
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="stories_signifier_key_unique"),
        ]

    def __str__(self) -> str:
        return self.prompt
