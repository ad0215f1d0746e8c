"""Demo data for emerging priorities: the team's neighbourhood officer confirms the suggested theme
about keeping warm (the one most of the "warm space" stories fall in) as "Warm spaces", takes it
up as the priority "Warm spaces through the winter" for Shirebrook, the director of communities
(who sees them) links the locality's community ideas that respond to it, and the officer takes
two anonymised quotes from its stories, reviewed and approved. Through the real services; does
nothing when there is no such theme or the priority is there already."""

import re
from typing import Any

from django.db import transaction

from thriving.core.management.commands.demo import DEMO_DOMAIN
from thriving.core.models import User
from thriving.stories.models import Priority, StoryProject, Theme
from thriving.stories.queries import priorities as queries
from thriving.stories.services import priorities, themes_decisions

SLUG = "shirebrook-getting-help"
TITLE = "Warm spaces through the winter"


def _warm_theme(project: StoryProject) -> Theme | None:
    """The suggested theme holding the most stories that speak of a warm space."""
    best, most = None, 0
    for theme in Theme.objects.filter(project=project, status=Theme.Status.SUGGESTED).order_by("pk"):
        count = theme.memberships.filter(story__text__icontains="warm space").count()
        if count > most:
            best, most = theme, count
    return best


@transaction.atomic
def load(stdout: Any, verbosity: int = 1) -> None:
    project = StoryProject.objects.filter(slug=SLUG).first()
    officer = User.objects.filter(email=f"team@{DEMO_DOMAIN}", is_active=True).first()
    if project is None or officer is None or Priority.objects.filter(title=TITLE).exists():
        return
    theme = _warm_theme(project)
    if theme is None:
        return
    themes_decisions.confirm(acting_user=officer, theme=theme, version=theme.version, label="Warm spaces")
    theme.refresh_from_db()
    priority = priorities.create_priority(
        acting_user=officer, title=TITLE, locality=project.locality, team=project.team, themes=[theme],
        summary=("People tell of cold homes and of the warm spaces that got them through: the community "
                 "centre, the library, the church hall. Keep them open all winter, and make them known."))
    enabler = User.objects.filter(email=f"enabler@{DEMO_DOMAIN}", is_active=True).first() or officer
    ideas = queries.link_choices(enabler, priority)["ideas"]
    priority = priorities.set_links(acting_user=enabler, priority=priority, version=priority.version,
                                    ideas=list(ideas[:2]))
    quoted = 0
    for story in queries.quotable_stories(officer, priority).order_by("pk"):
        match = re.search(r"[^.]*warm space[^.]*\.", story.text, flags=re.I)
        if match is None:
            continue
        quote = priorities.create_quote(acting_user=officer, priority=priority, story=story,
                                        start=match.start() + len(match.group(0)) - len(match.group(0).lstrip()),
                                        end=match.end())
        priorities.review_quote(acting_user=officer, quote=quote, version=quote.version, approve=True,
                                text=quote.text)
        quoted += 1
        if quoted == 2:
            break
    if verbosity:
        stdout.write(f"Priorities: '{priority.title}' for {project.locality.name}, with {ideas[:2].count()} "
                     f"linked ideas and {quoted} quotes\n")
