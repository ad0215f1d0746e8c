"""Factories for the stories models. A story's withdrawal goes through
`services.withdrawal`, never by setting `withdrawn_at` by hand."""

import datetime

import factory
from django.utils import timezone

from thriving.places.tests.factories import LocalityFactory
from thriving.stories.models import Code, Coding, Signifier, SignifierAnswer, Story, StoryProject
from thriving.teams.tests.factories import TeamFactory


class StoryProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryProject
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Getting help in the neighbourhood {n}")
    slug = factory.Sequence(lambda n: f"getting-help-{n}")
    question = "Tell us about a time when you got help, or didn't, round here."
    prompt = "It could be something small. Say what happened and how it felt."
    team = factory.SubFactory(TeamFactory)
    locality = factory.LazyAttribute(lambda project: project.team.locality if project.team else LocalityFactory())
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=14))
    consent_wording = "We will keep your story safe and use it only as you say below."
    status = StoryProject.Status.OPEN

    @factory.post_generation
    def gatherers(self, create, extracted, **kwargs):
        if create and extracted:
            self.gatherers.set(extracted)

    @factory.post_generation
    def coders(self, create, extracted, **kwargs):
        if create and extracted:
            self.coders.set(extracted)


class TriadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signifier

    project = factory.SubFactory(StoryProjectFactory)
    kind = Signifier.Kind.TRIAD
    key = factory.Sequence(lambda n: f"help-came-from-{n}")
    prompt = "The help in this story came from…"
    labels = ["family and friends", "the community", "services"]
    required = True


class DyadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signifier

    project = factory.SubFactory(StoryProjectFactory)
    kind = Signifier.Kind.DYAD
    key = factory.Sequence(lambda n: f"how-it-felt-{n}")
    prompt = "In this story, I felt…"
    labels = ["on my own", "part of something"]


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    project = factory.SubFactory(StoryProjectFactory)
    title = factory.Sequence(lambda n: f"The day the boiler broke {n}")
    text = ("When the boiler broke in January my neighbour lent me a heater, and the warm space at the "
            "community centre kept us going until the council sent someone round.")
    channel = Story.Channel.PUBLIC
    told_on = factory.LazyFunction(timezone.localdate)
    consent_use = True
    consent_quote = True
    consent_recorded_at = factory.LazyFunction(timezone.now)
    moderation = Story.Moderation.APPROVED


class SignifierAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignifierAnswer

    story = factory.SubFactory(StoryFactory)
    signifier = factory.SubFactory(TriadFactory)
    a, b, c = 0.5, 0.3, 0.2


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code

    project = factory.SubFactory(StoryProjectFactory)
    name = factory.Sequence(lambda n: f"Neighbourly help {n}")
    definition = "Help given by someone living nearby, unpaid."


# --- Coding ------------------------------------------------------------------------------------

class CodingFactory(factory.django.DjangoModelFactory):
    """A passage a coder tagged: the story's first `end` characters unless told otherwise."""

    class Meta:
        model = Coding

    story = factory.SubFactory(StoryFactory)
    code = factory.SubFactory(CodeFactory, project=factory.SelfAttribute("..story.project"))
    start = 0
    end = 10
    quote = factory.LazyAttribute(lambda coding: coding.story.text[coding.start:coding.end])


# --- Most Significant Change -------------------------------------------------------------------


class MSCRoundFactory(factory.django.DjangoModelFactory):
    """A team's round, gathering, for its team's project."""

    class Meta:
        model = "stories.MSCRound"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Spring round {n}")
    level = "team"
    team = factory.SubFactory(TeamFactory)
    locality = factory.LazyAttribute(lambda r: r.team.locality if r.team else None)
    project = None
    status = "gathering"

    @factory.post_generation
    def panel(self, create, extracted, **kwargs):
        if create and extracted:
            self.panel.set(extracted)


class MSCDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stories.MSCDomain"

    round = factory.SubFactory(MSCRoundFactory)
    name = factory.Sequence(lambda n: f"Changes in people's lives {n}")
    position = factory.Sequence(lambda n: n)


class MSCCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stories.MSCCandidate"

    domain = factory.SubFactory(MSCDomainFactory)
    story = factory.SubFactory(StoryFactory)
    note = "It shows what a neighbour can do."


# --- Priorities: a confirmed theme, a priority grown from it, a quote ----------------------------


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stories.Theme"

    project = factory.SubFactory(StoryProjectFactory)
    label = factory.Sequence(lambda n: f"Warm spaces {n}")
    status = "confirmed"


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stories.Priority"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Somewhere warm to go {n}")
    summary = "People say the warm spaces kept them going through the winter."
    locality = factory.SubFactory(LocalityFactory)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


def in_theme(theme, *stories, strength: float = 0.7) -> None:
    """Put the stories in the theme, as the suggester does."""
    from thriving.stories.models import ThemeMembership

    for story in stories:
        ThemeMembership.objects.create(theme=theme, story=story, strength=strength)


# --- Sensemaking: the other kinds of signifier, for the patterns page --------------------------


class StonesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signifier

    project = factory.SubFactory(StoryProjectFactory)
    kind = Signifier.Kind.STONES
    key = factory.Sequence(lambda n: f"who-helped-{n}")
    prompt = "Place each of these on how much it helped and how easy it was to reach"
    labels = ["did not help", "helped a lot", "hard to reach", "easy to reach"]
    options = ["Family", "Neighbours", "The council"]


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signifier

    project = factory.SubFactory(StoryProjectFactory)
    kind = Signifier.Kind.CHOICE
    key = factory.Sequence(lambda n: f"what-about-{n}")
    prompt = "What was it about?"
    options = ["Money", "Housing", "Health"]


class DemographicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signifier

    project = factory.SubFactory(StoryProjectFactory)
    kind = Signifier.Kind.DEMOGRAPHIC
    key = factory.Sequence(lambda n: f"age-band-{n}")
    prompt = "How old are you?"
    options = ["Under 25", "25 to 64", "65 and over"]


# --- Texts on three clear topics, for the journeys that ask the real model for themes ----------

STORY_TOPICS = {
    "warm": ("The heating broke in the cold winter and the warm space at the library kept us warm with soup "
             "and blankets."),
    "food": ("The cupboards were empty before payday so the food bank at the chapel gave us a food parcel for "
             "the kids."),
    "debt": ("The debt letters frightened me until the money advice worker helped me with a budget and my "
             "council tax."),
}
