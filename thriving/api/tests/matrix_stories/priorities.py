"""The role matrix's entries for the priorities pages: the list and a priority's page (who may see
priorities: team members, enablers, board members of the place, administrators), setting one up
(team members, enablers, administrators), changing it, linking what responds to it and taking a
quote (who manages the priority), and reviewing a quote (who manages the story's project and the
priority). The samples: a confirmed theme of the shared project holding the shared story, a
priority of the world's locality and team grown from it, and a draft quote of the story."""

from typing import Any

from thriving.api.tests.matrix_pages import Page
from thriving.api.tests.matrix_stories import samples
from thriving.api.tests.matrix_world import World
from thriving.core import access
from thriving.core.models import Role
from thriving.stories.models import Priority, Quote, Theme, ThemeMembership


def theme(w: World) -> Any:
    def make() -> Theme:
        made = Theme.objects.create(project=samples.project(w), label="Matrix warm spaces",
                                    status=Theme.Status.CONFIRMED)
        ThemeMembership.objects.create(theme=made, story=samples.story(w), strength=0.8, is_typical=True)
        return made

    return w.once("priorities_theme", make)


def priority(w: World) -> Any:
    def make() -> Priority:
        made = Priority.objects.create(title="Matrix warm spaces", locality=w.locality, team=w.team,
                                       created_by=w.users[Role.ADMINISTRATOR])
        made.themes.set([theme(w)])
        return made

    return w.once("priorities_priority", make)


def quote(w: World) -> Any:
    return w.once("priorities_quote", lambda: Quote.objects.create(
        story=samples.story(w), priority=priority(w), start=0, end=20, text="When the boiler brok"))


def priority_in(action: str) -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        return access.restrict(Priority.objects.all(), user, action).filter(uuid=kw["uuid"]).exists()

    return check


def reviews_quote(user: Any, w: World, kw: dict) -> bool:
    managed = access.restrict(Priority.objects.all(), user, "manage").values("pk")
    return access.restrict(Quote.objects.all(), user, "manage").filter(uuid=kw["uuid"], priority__in=managed).exists()


PAGES = {
    "stories:priority": Page(scope=priority_in("view")),
    "stories:priority-edit": Page(scope=priority_in("manage")),
    "stories:priority-links": Page(scope=priority_in("manage")),
    "stories:quote-new": Page(scope=priority_in("manage")),
    "stories:quote-review": Page(scope=reviews_quote),
}

SAMPLES = {
    "stories:priority": lambda w: {"uuid": priority(w).uuid},
    "stories:priority-edit": lambda w: {"uuid": priority(w).uuid},
    "stories:priority-links": lambda w: {"uuid": priority(w).uuid},
    "stories:quote-new": lambda w: {"uuid": priority(w).uuid},
    "stories:quote-review": lambda w: {"uuid": quote(w).uuid},
}
