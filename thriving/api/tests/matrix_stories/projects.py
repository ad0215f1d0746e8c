"""The role matrix's entries for the story projects pages: the list (team members, enablers and
administrators), a project's page (who has a part in it), the stories waiting for moderation and
moderating one (who manages the project). The sample for moderation is a story told on the public
form, waiting."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, post
from thriving.api.tests.matrix_stories import samples
from thriving.api.tests.matrix_world import World
from thriving.stories.models import Story
from thriving.stories.tests.factories import StoryFactory


def waiting_story(w: World) -> Any:
    return w.once("stories_waiting", lambda: StoryFactory(project=samples.project(w), title="Matrix waiting",
                                                          moderation=Story.Moderation.PENDING))


PAGES = {
    "stories:project": Page(scope=samples.project_in("view")),
    "stories:waiting": Page(scope=samples.project_in("manage")),
    "stories:moderate": post(data=lambda w: {"decision": "approve", "version": waiting_story(w).version},
                             scope=samples.story_in("moderate")),
}

SAMPLES = {
    "stories:project": lambda w: {"slug": samples.project(w).slug},
    "stories:waiting": lambda w: {"slug": samples.project(w).slug},
    "stories:moderate": lambda w: {"slug": samples.project(w).slug, "uuid": waiting_story(w).uuid},
}
