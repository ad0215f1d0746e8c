"""Demo data for coding: a codebook for the demo project (`shirebrook-getting-help`), with codes
under three headings, and two coders (the team's neighbourhood officer and the director of
communities) who have each coded the same 24 stories, passage by passage, agreeing on most codes
and not on all, so the agreement page has kappas to show. Deterministic: a code is applied to the
sentence that holds one of its words; the second coder leaves some out by a fixed rule. Does
nothing when the project is not there or already has a codebook."""

import re
from typing import Any

from django.db import transaction

from thriving.core.management.commands.demo import DEMO_DOMAIN
from thriving.core.models import User
from thriving.stories.models import Code, Coding, Story, StoryProject

SLUG = "shirebrook-getting-help"
STORIES = 24

# heading -> [(code, definition, words that show it)]
CODEBOOK: dict[str, tuple[str, list[tuple[str, str, tuple[str, ...]]]]] = {
    "Where help came from": ("Who or what helped, in the teller's account.", [
        ("Neighbours and friends", "Unpaid help from people living nearby or known to the teller.",
         ("neighbour", "next door", "the street", "allotments")),
        ("Community groups", "A group, club, chapel, church or volunteers, not a public service.",
         ("volunteer", "chapel", "church", "club", "pantry", "food bank", "coffee morning", "befriending")),
        ("Public services", "The council, a school, the hub, an adviser or another public service.",
         ("council", "school", "hub", "advice", "adviser", "library", "connected team")),
    ]),
    "What got in the way": ("What made getting help harder.", [
        ("Waiting", "Help that came late, or a problem left for a long time.",
         ("two years", "again and again", "lost count", "never came back", "still is not")),
        ("Money worries", "Not enough money for what the teller needed.",
         ("money", "debt", "owed", "credit", "meter", "bailiffs", "afford")),
    ]),
    "How it felt": ("How the teller felt about what happened.", [
        ("Shame or pride", "Feeling ashamed of needing help, or too proud to ask.",
         ("ashamed", "proud")),
        ("Belonging", "Feeling part of things, or looked after by others.",
         ("part of", "look after", "friends", "not feel on my own")),
    ]),
}


def _passages(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The sentences of `text` that hold one of `words`, as character offsets."""
    found = []
    for match in re.finditer(r"[^.!?]+[.!?]?", text):
        sentence = match.group(0)
        if any(word in sentence.lower() for word in words):
            start = match.start() + len(sentence) - len(sentence.lstrip())
            found.append((start, match.end()))
    return found


@transaction.atomic
def load(stdout: Any, verbosity: int = 1) -> None:
    project = StoryProject.objects.filter(slug=SLUG).first()
    if project is None or project.codes.exists():
        return
    first = User.objects.filter(email=f"team@{DEMO_DOMAIN}").first()
    second = User.objects.filter(email=f"enabler@{DEMO_DOMAIN}").first()
    coders = [coder for coder in (first, second) if coder is not None]
    project.coders.add(*coders)
    codes: list[tuple[Code, tuple[str, ...]]] = []
    for position, (heading, (definition, children)) in enumerate(CODEBOOK.items()):
        parent = Code.objects.create(project=project, name=heading, definition=definition, position=position,
                                     created_by=first)
        for index, (name, meaning, words) in enumerate(children):
            codes.append((Code.objects.create(project=project, parent=parent, name=name, definition=meaning,
                                              position=index, created_by=first), words))
    stories = list(Story.objects.filter(project=project, moderation=Story.Moderation.APPROVED,
                                        withdrawn_at__isnull=True).order_by("pk")[:STORIES])
    made = []
    for number, story in enumerate(stories):
        for index, (code, words) in enumerate(codes):
            for start, end in _passages(story.text, words):
                for which, coder in enumerate(coders):
                    if which == 1 and (number + index) % 5 == 0:
                        continue  # the second coder does not see this code here
                    made.append(Coding(story=story, code=code, coder=coder, start=start, end=end,
                                       quote=story.text[start:end], created_by=coder))
    Coding.objects.bulk_create(made)
    if verbosity:
        stdout.write(f"Coding: a codebook of {len(codes)} codes and {len(made)} coded passages by "
                     f"{len(coders)} coders\n")
