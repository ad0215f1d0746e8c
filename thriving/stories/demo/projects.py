"""The demo story project: "Getting help in Shirebrook", run by the Shirebrook connected team,
with a triad, a dyad, stones, a choice and an age band, and 60 approved stories told in the
tellers' own words, written so that real themes emerge (warm spaces, food help, waiting for
repairs, neighbours helping, loneliness in later life, advice on debt). Deterministic (seeded);
every teller is fictional and unnamed."""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core.management.commands.demo import DEMO_DOMAIN
from thriving.core.models import User
from thriving.places.models import Locality
from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject
from thriving.teams.queries import teams as team_queries

SLUG = "shirebrook-getting-help"
COUNT = 60

# (what it was about, openings, middles, endings): combined by a seeded generator into stories.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Keeping warm": (
        ("The heating broke in December and we had no money for the engineer.",
         "Our flat was so cold this winter that the children slept in their coats.",
         "I was rationing the gas and sitting in the dark to save on the meter."),
        ("A neighbour told me about the warm space at the community centre,",
         "The warm space at the library had soup, blankets and somewhere to charge my phone,",
         "The church hall opened as a warm space on weekday afternoons,"),
        ("and going there every day got us through the cold weeks.",
         "and sitting somewhere warm with other people made the winter bearable.",
         "and the volunteers there helped me apply for the warm home discount."),
    ),
    "Food": (
        ("After my hours were cut at the warehouse the cupboards were empty by Thursday.",
         "When universal credit was late I could not feed the kids for a week.",
         "I was too proud to ask, but there was nothing left for tea."),
        ("The food bank at the chapel gave us a parcel without any fuss,",
         "The community pantry sells food for a pound a bag,",
         "The school found us vouchers for the food bank and the holiday lunches,"),
        ("and nobody made me feel ashamed for needing it.",
         "and now I volunteer there on Saturdays to give something back.",
         "and the food lasted until the money came through."),
    ),
    "Waiting for repairs": (
        ("There has been damp and black mould in the bedroom for two years.",
         "The window frame rotted and the rain came in every time it poured.",
         "The boiler kept failing and I reported it to the council again and again."),
        ("I rang the repairs line so many times I lost count, and they kept closing the job,",
         "The landlord sent someone who looked at it and never came back,",
         "I was passed from one department to another and nobody owned it,"),
        ("until the connected team officer came round and got it fixed in a week.",
         "and it was only when the councillor chased it that anything happened.",
         "and it still is not fixed and my son's asthma is worse."),
    ),
    "Neighbours helping": (
        ("When I came home from hospital after the operation I could not get to the shops.",
         "My car broke down and I had no way of getting my mum to her appointments.",
         "After the flood the whole street was in a mess."),
        ("The lady next door did my shopping and walked my dog every day,",
         "A man from the allotments drove us without wanting a penny,",
         "Neighbours I had never spoken to turned up with buckets and mops,"),
        ("and it reminded me that people round here look after each other.",
         "and now we have a street group chat and everyone helps.",
         "and I did not feel on my own with it any more."),
    ),
    "Loneliness in later life": (
        ("Since my husband died I can go days without speaking to anyone.",
         "At eighty-two I stopped going out because the buses stopped running.",
         "My family live far away and the evenings are long and quiet."),
        ("A volunteer from the befriending scheme rings me every Tuesday,",
         "The lunch club at the community centre picks me up in the minibus,",
         "The Local Net coffee morning asked me to come along and help with the raffle,"),
        ("and I look forward to it all week.",
         "and I have made two friends I see outside the club.",
         "and I feel part of things again instead of stuck at home."),
    ),
    "Advice on debt": (
        ("The debts piled up after I lost my job and the letters frightened me.",
         "I was behind on council tax and the bailiffs wrote to say they would come.",
         "I owed money on three cards and the catalogue and could not sleep."),
        ("The advice worker at the hub went through every letter with me,",
         "Citizens Advice at the drop-in rang the council for me and set up a plan,",
         "The money advice session at the children's centre helped me make a budget,"),
        ("and for the first time in a year I felt I could cope.",
         "and the payments are now something I can manage each month.",
         "and they found benefits I did not know I could claim."),
    ),
}

SIGNIFIERS: list[dict[str, Any]] = [
    {"kind": Signifier.Kind.TRIAD, "key": "help-came-from", "prompt": "The help in this story came from…",
     "labels": ["family and friends", "the community", "services"], "required": True},
    {"kind": Signifier.Kind.DYAD, "key": "how-it-felt", "prompt": "In this story, I felt…",
     "labels": ["on my own", "part of something"], "required": True},
    {"kind": Signifier.Kind.STONES, "key": "what-changed", "prompt": "Place each thing by how the story changed it",
     "labels": ["small effect on me", "big effect on me", "got worse", "got better"],
     "options": ["money", "housing", "health", "loneliness"]},
    {"kind": Signifier.Kind.CHOICE, "key": "about", "prompt": "What was the help about?",
     "options": list(TOPICS), "allow_many": True},
    {"kind": Signifier.Kind.DEMOGRAPHIC, "key": "age-band", "prompt": "How old are you?",
     "options": ["Under 25", "25 to 44", "45 to 64", "65 and over", "Prefer not to say"]},
]


def _text(rng: random.Random, topic: str) -> str:
    openings, middles, endings = TOPICS[topic]
    return " ".join((rng.choice(openings), rng.choice(middles), rng.choice(endings)))


def _answer(story: Story, signifier: Signifier, topic: str, rng: random.Random) -> None:
    if signifier.kind == Signifier.Kind.TRIAD:
        lean = {"Neighbours helping": 1, "Keeping warm": 1, "Food": 1, "Loneliness in later life": 1}.get(topic, 2)
        raw = [rng.random() * 0.5 + 0.1 for _ in range(3)]
        raw[lean] += 1.0
        total = sum(raw)
        a, b = raw[0] / total, raw[1] / total
        SignifierAnswer.objects.create(story=story, signifier=signifier, a=a, b=b, c=1 - a - b)
    elif signifier.kind == Signifier.Kind.DYAD:
        lonely = topic in ("Waiting for repairs", "Advice on debt")
        SignifierAnswer.objects.create(story=story, signifier=signifier,
                                       a=round(rng.uniform(0.05, 0.5) if lonely else rng.uniform(0.45, 0.95), 2))
    elif signifier.kind == Signifier.Kind.STONES:
        for item in signifier.options:
            SignifierAnswer.objects.create(story=story, signifier=signifier, item=item,
                                           a=round(rng.random(), 2), b=round(rng.random(), 2))
    elif signifier.kind == Signifier.Kind.CHOICE:
        SignifierAnswer.objects.create(story=story, signifier=signifier, item=topic)
    elif signifier.kind == Signifier.Kind.DEMOGRAPHIC:
        band = "65 and over" if topic == "Loneliness in later life" else rng.choice(signifier.options[:4])
        SignifierAnswer.objects.create(story=story, signifier=signifier, item=band)


@transaction.atomic
def load(stdout: Any, verbosity: int) -> None:
    locality = Locality.objects.filter(slug="shirebrook").first()
    if locality is None or StoryProject.objects.filter(slug=SLUG).exists():
        return
    team = team_queries.active_teams().filter(locality=locality).order_by("pk").first()
    lead = User.objects.filter(email=f"team@{DEMO_DOMAIN}", is_active=True).first()
    today = timezone.localdate()
    project = StoryProject.objects.create(
        title="Getting help in Shirebrook", slug=SLUG, locality=locality, team=team, created_by=lead,
        question="Tell us about a time when you got help, or didn't, in Shirebrook",
        prompt="It could be something small. Say what happened, who helped, and how it felt.",
        opens_on=today - datetime.timedelta(days=120), closes_on=today + datetime.timedelta(days=60),
        consent_wording=("The Shirebrook Connected Team will keep your story safely and use it only in the ways "
                         "you choose below. You can change your mind at any time with the private link we give you."),
        accepts_public=True, status=StoryProject.Status.OPEN)
    if lead is not None:
        project.gatherers.add(lead)
        project.coders.add(lead)
    signifiers = [Signifier.objects.create(project=project, position=i, **spec) for i, spec in enumerate(SIGNIFIERS)]
    rng = random.Random(15)
    topics = list(TOPICS)
    for n in range(COUNT):
        topic = topics[n % len(topics)]
        channel = Story.Channel.IN_PERSON if n in (7, 31) else Story.Channel.PAPER if n == 44 else Story.Channel.PUBLIC
        story = Story.objects.create(
            project=project, text=_text(rng, topic), channel=channel,
            gathered_by=lead if channel != Story.Channel.PUBLIC else None,
            told_on=today - datetime.timedelta(days=rng.randrange(0, 110)),
            consent_use=True, consent_quote=rng.random() < 0.8, consent_share=rng.random() < 0.6,
            consent_publish=rng.random() < 0.3, consent_recorded_at=timezone.now(),
            moderation=Story.Moderation.APPROVED, moderated_by=lead, moderated_at=timezone.now())
        for signifier in signifiers:
            _answer(story, signifier, topic, rng)
    if verbosity:
        stdout.write(f"Stories demo: the project '{project.title}' with {COUNT} stories.\n")
