"""What stories plugs into other apps' extension points: registered from `StoriesConfig.ready`.

On a connected team's page (`thriving.teams.hooks`), a panel of the emerging community priorities
of the team's locality: each active priority the person may see, linked, with how many stories
and linked community ideas it has. Registering again adds nothing twice."""

from typing import Any

from django.urls import reverse

from thriving.core import policy
from thriving.stories.queries import priorities as queries
from thriving.teams import hooks as teams_hooks


def _stories(count: int) -> str:
    if 0 < count < queries.SMALL:
        return "fewer than 5 stories"
    return "1 story" if count == 1 else f"{count} stories"


def priorities_panel(team: Any, user: Any) -> teams_hooks.Panel | None:
    """The active priorities of the team's locality, for those who may see priorities."""
    if not policy.can(user, "stories.view_priorities"):
        return None
    rows = []
    for found in queries.for_place(user, team.locality):
        ideas = "1 idea" if found.idea_count == 1 else f"{found.idea_count} ideas"
        rows.append((f"{found.title}: {_stories(found.story_count)}, {ideas} linked",
                     reverse("stories:priority", kwargs={"uuid": found.uuid})))
    return teams_hooks.Panel(
        heading="Emerging community priorities", rows=rows, more_url=reverse("stories:priorities"),
        more_label="All community priorities", empty="No community priorities here yet.",
    )


def register() -> None:
    """Register the team page's panel of the place's emerging priorities."""
    teams_hooks.register_panel(priorities_panel)
