"""Demo data for telling: on the demo project (`shirebrook-getting-help`, made by the projects
demo), one story waiting for moderation as if told on the public form, and one typed in from
paper by a gatherer, each placed on the project's signifiers. Deterministic; fictional people.
Does nothing when the demo project is not there, or when these stories already are."""

import datetime
import random
import uuid

from django.utils import timezone

from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject

SLUG = "shirebrook-getting-help"
KEY = uuid.UUID("7e11a9b0-0000-4000-8000-00000000d3e0")  # the demo's submission keys start here

STORIES = (
    (Story.Channel.PUBLIC, "The bus that didn't come",
     "I waited an hour for the bus to the hospital. A woman from the chapel saw me and drove me there."),
    (Story.Channel.PAPER, "Forms at the library",
     "The man at the library helped me fill in the form for my pension credit. It took two visits."),
)


def _answers(story: Story, signifiers: list[Signifier], rng: random.Random) -> None:
    for signifier in signifiers:
        if signifier.kind == Signifier.Kind.TRIAD:
            raw = [rng.random() + 0.1 for _ in range(3)]
            a, b, c = (value / sum(raw) for value in raw)
            SignifierAnswer.objects.create(story=story, signifier=signifier, a=a, b=b, c=c)
        elif signifier.kind == Signifier.Kind.DYAD:
            SignifierAnswer.objects.create(story=story, signifier=signifier, a=round(rng.random(), 2))
        elif signifier.options and signifier.kind != Signifier.Kind.STONES:
            SignifierAnswer.objects.create(story=story, signifier=signifier, item=rng.choice(signifier.options))


def load(stdout, verbosity: int = 1) -> None:  # noqa: ANN001
    project = StoryProject.objects.filter(slug=SLUG).first()
    if project is None:
        return
    rng = random.Random(15)
    signifiers = list(project.signifiers.all())
    gatherer = project.gatherers.order_by("pk").first()
    made = 0
    for index, (channel, title, text) in enumerate(STORIES):
        key = uuid.UUID(int=KEY.int + index)
        if Story.objects.filter(submission_key=key).exists():
            continue
        public = channel == Story.Channel.PUBLIC
        story = Story.objects.create(
            project=project, title=title, text=text, channel=channel, submission_key=key,
            told_on=timezone.localdate() - datetime.timedelta(days=3 + index * 5),
            gathered_by=None if public else gatherer, consent_use=True, consent_quote=True,
            consent_recorded_at=timezone.now(),
            moderation=Story.Moderation.PENDING if public else Story.Moderation.APPROVED,
        )
        _answers(story, signifiers, rng)
        made += 1
    if verbosity and made:
        stdout.write(f"Telling: {made} demo stories (one waiting for moderation, one from paper)\n")
