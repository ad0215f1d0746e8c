"""The role matrix's entries for the story projects pages: the list (team members, enablers and
administrators), a project's page (who has a part in it), the stories waiting for moderation and
moderating one (who manages the project), starting a project, changing it and its signifiers, the
staff list of stories, a story's page and withdrawing one for its teller. The sample for moderation
is a story told on the public form, waiting; for the signifier pages a triad of the shared project."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, post
from thriving.api.tests.matrix_stories import samples
from thriving.api.tests.matrix_world import World
from thriving.stories.models import Story
from thriving.stories.tests.factories import StoryFactory, TriadFactory


def waiting_story(w: World) -> Any:
    return w.once("stories_waiting", lambda: StoryFactory(project=samples.project(w), title="Matrix waiting",
                                                          moderation=Story.Moderation.PENDING))


def signifier(w: World) -> Any:
    return w.once("setup_signifier", lambda: TriadFactory(project=samples.project(w), key="matrix-triad"))


PAGES = {
    "stories:project": Page(scope=samples.project_in("view")),
    "stories:waiting": Page(scope=samples.project_in("manage")),
    "stories:moderate": post(data=lambda w: {"decision": "approve", "version": waiting_story(w).version},
                             scope=samples.story_in("moderate")),
    # Setting up a project and its signifiers (who may start one; who manages it).
    "stories:project-new": Page(),
    "stories:project-edit": Page(scope=samples.project_in("manage")),
    "stories:signifiers": Page(scope=samples.project_in("manage")),
    "stories:signifier-new": Page(scope=samples.project_in("manage")),
    "stories:signifier-edit": Page(scope=samples.project_in("manage")),
    "stories:signifier-delete": Page(scope=samples.project_in("manage")),
    "stories:signifier-move": post(data=lambda w: {"direction": "up"}, scope=samples.project_in("manage")),
    # The staff list of stories and a story's page (who may view the project); withdrawing one for
    # its teller (who manages it): the confirmation page.
    "stories:stories": Page(scope=samples.project_in("view")),
    "stories:story": Page(scope=samples.story_in("view")),
    "stories:story-withdraw": Page(scope=samples.project_in("manage")),
}

SAMPLES = {
    "stories:project": lambda w: {"slug": samples.project(w).slug},
    "stories:waiting": lambda w: {"slug": samples.project(w).slug},
    "stories:moderate": lambda w: {"slug": samples.project(w).slug, "uuid": waiting_story(w).uuid},
    "stories:project-new": lambda w: {},
    "stories:project-edit": lambda w: {"slug": samples.project(w).slug},
    "stories:signifiers": lambda w: {"slug": samples.project(w).slug},
    "stories:signifier-new": lambda w: {"slug": samples.project(w).slug},
    "stories:signifier-edit": lambda w: {"slug": samples.project(w).slug, "uuid": signifier(w).uuid},
    "stories:signifier-delete": lambda w: {"slug": samples.project(w).slug, "uuid": signifier(w).uuid},
    "stories:signifier-move": lambda w: {"slug": samples.project(w).slug, "uuid": signifier(w).uuid},
    "stories:stories": lambda w: {"slug": samples.project(w).slug},
    "stories:story": lambda w: {"slug": samples.project(w).slug, "uuid": samples.story(w).uuid},
    "stories:story-withdraw": lambda w: {"slug": samples.project(w).slug, "uuid": samples.story(w).uuid},
}
