"""The role matrix's entries for the themes pages: a project's themes, the run's status and a
theme's page (who may view the project), asking for suggestions and deciding on a theme (who
manages it). The sample is a suggested theme of the shared project, with the shared story in it."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, post
from thriving.api.tests.matrix_stories import samples
from thriving.api.tests.matrix_world import World
from thriving.stories.models import Theme, ThemeMembership


def theme(w: World) -> Any:
    def make() -> Theme:
        made = Theme.objects.create(project=samples.project(w), label="Matrix heating", key_phrases=["heating"])
        ThemeMembership.objects.create(theme=made, story=samples.story(w), strength=0.7, is_typical=True)
        return made

    return w.once("themes_theme", make)


PAGES = {
    "stories:themes": Page(scope=samples.project_in("view")),
    "stories:themes-status": Page(scope=samples.project_in("view")),
    "stories:theme": Page(scope=samples.project_in("view")),
    # Fewer than 20 stories: refused with a message, back to the themes page.
    "stories:themes-suggest": post(scope=samples.project_in("manage")),
    "stories:theme-decide": post(data=lambda w: {"decision": "reject", "version": theme(w).version},
                                 scope=samples.project_in("manage")),
}

SAMPLES = {
    "stories:themes": lambda w: {"slug": samples.project(w).slug},
    "stories:themes-status": lambda w: {"slug": samples.project(w).slug},
    "stories:themes-suggest": lambda w: {"slug": samples.project(w).slug},
    "stories:theme": lambda w: {"slug": samples.project(w).slug, "uuid": theme(w).uuid},
    "stories:theme-decide": lambda w: {"slug": samples.project(w).slug, "uuid": theme(w).uuid},
}
