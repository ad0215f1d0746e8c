"""Demo data for Most Significant Change: the Shirebrook team's round on the demo project, with
three domains of change and three stories put forward in each; the panel has chosen the most
significant in the first domain and said why, and the round passes to a locality round for
Shirebrook that is still gathering. Deterministic (the stories are the project's first, by
topic); does nothing when the project is not there or already has rounds."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core.management.commands.demo import DEMO_DOMAIN
from thriving.core.models import User
from thriving.stories.models import MSCCandidate, MSCDomain, MSCRound, MSCSelection, Story, StoryProject

SLUG = "shirebrook-getting-help"

DOMAINS = (
    ("Changes in people's lives", "What is different for the teller and the people close to them.",
     ("warm space", "food bank", "befriending")),
    ("Changes in how we work together", "What is different in how services, groups and neighbours act together.",
     ("connected team", "advice worker", "councillor")),
    ("Changes in the community", "What is different in the street, the village or the town.",
     ("street group", "volunteer there", "helps")),
)
REASON = ("The panel chose this story because the help came from the community before anything went to "
          "crisis, and the teller now helps others in the same way. It is the change the team wants to see "
          "more of: people finding warmth and company close to home.")


@transaction.atomic
def load(stdout: Any, verbosity: int = 1) -> None:
    project = StoryProject.objects.filter(slug=SLUG).first()
    if project is None or project.msc_rounds.exists():
        return
    lead = User.objects.filter(email=f"team@{DEMO_DOMAIN}").first()
    enabler = User.objects.filter(email=f"enabler@{DEMO_DOMAIN}").first()
    panel = [person for person in (lead, enabler) if person is not None]
    today = timezone.localdate()
    up = MSCRound.objects.create(title="Shirebrook: what changed this season", level=MSCRound.Level.LOCALITY,
                                 locality=project.locality, project=project, created_by=enabler,
                                 meets_on=today + datetime.timedelta(days=30))
    round_ = MSCRound.objects.create(title="Shirebrook team: stories of change", level=MSCRound.Level.TEAM,
                                     team=project.team, locality=project.locality, project=project,
                                     passes_to=up, created_by=lead, meets_on=today - datetime.timedelta(days=3),
                                     status=MSCRound.Status.SELECTING)
    round_.panel.set(panel)
    stories = Story.objects.filter(project=project, moderation=Story.Moderation.APPROVED,
                                   withdrawn_at__isnull=True).order_by("pk")
    used: set[int] = set()
    first_domain = None
    for position, (name, description, words) in enumerate(DOMAINS):
        domain = MSCDomain.objects.create(round=round_, name=name, description=description, position=position)
        MSCDomain.objects.create(round=up, name=name, description=description, position=position)
        first_domain = first_domain or domain
        picked = [story for story in stories if story.pk not in used
                  and any(word in story.text.lower() for word in words)][:3]
        for story in picked:
            used.add(story.pk)
            MSCCandidate.objects.create(domain=domain, story=story, created_by=lead,
                                        note="Put forward at the team huddle.")
    candidate = first_domain.candidates.order_by("pk").first() if first_domain else None
    if candidate is not None:
        selection = MSCSelection.objects.create(domain=first_domain, candidate=candidate, reason=REASON,
                                                selected_at=timezone.now(), created_by=lead)
        selection.present.set(panel)
    if verbosity:
        stdout.write(f"Most Significant Change: the round '{round_.title}' with {len(DOMAINS)} domains\n")
