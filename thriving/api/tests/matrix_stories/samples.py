"""The stories app's shared sample objects for the role matrix: a story project of the world's
connected team, open for public stories, and an approved story in it. Concept modules build their
own samples on these."""

from typing import Any

from thriving.api.tests.matrix_world import World
from thriving.core import access
from thriving.core.models import Role
from thriving.stories.models import Story, StoryProject
from thriving.stories.tests.factories import StoryFactory, StoryProjectFactory


def project(w: World) -> Any:
    return w.once("stories_project", lambda: StoryProjectFactory(
        title="Matrix stories", slug="matrix-stories", team=w.team, locality=w.locality,
        created_by=w.users[Role.ADMINISTRATOR]))


def story(w: World) -> Any:
    return w.once("stories_story", lambda: StoryFactory(project=project(w), title="Matrix story"))


def project_in(action: str) -> Any:
    """A matrix scope: the person may take `action` on the project named by the URL's `slug`."""

    def check(user: Any, w: World, kw: dict) -> bool:
        return access.restrict(StoryProject.objects.all(), user, action).filter(slug=kw["slug"]).exists()

    return check


def story_in(action: str) -> Any:
    """A matrix scope: the person may take `action` on the story named by the URL's `uuid`."""

    def check(user: Any, w: World, kw: dict) -> bool:
        return access.restrict(Story.objects.all(), user, action).filter(uuid=kw["uuid"]).exists()

    return check
