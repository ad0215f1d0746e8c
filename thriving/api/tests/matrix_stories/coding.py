"""The role matrix's entries for the coding pages: the codebook, the stories to code, coding a
story, agreement and the REFI-QDA exports (who may code the project: its managers and coders);
adding, changing and deleting codes and asking the suggester (who manages it); removing a coding
(its own coder only) and accepting a suggested one (who may code the story). The samples are a
code of the shared project, the administrator's coding of the shared story with it, and the
suggester's."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, post
from thriving.api.tests.matrix_stories import samples
from thriving.api.tests.matrix_world import World
from thriving.core import access
from thriving.core.models import Role
from thriving.stories.models import Code, Coding


def code(w: World) -> Any:
    return w.once("coding_code", lambda: Code.objects.create(project=samples.project(w), name="Matrix warmth"))


def coding(w: World) -> Any:
    return w.once("coding_coding", lambda: Coding.objects.create(
        story=samples.story(w), code=code(w), coder=w.users[Role.ADMINISTRATOR], start=0, end=10,
        quote=samples.story(w).text[0:10]))


def suggestion(w: World) -> Any:
    return w.once("coding_suggestion", lambda: Coding.objects.create(
        story=samples.story(w), code=code(w), coder=None, source=Coding.Source.SUGGESTER, start=5, end=20,
        quote=samples.story(w).text[5:20]))


def own_coding(user: Any, w: World, kw: dict) -> bool:
    """Removing a coding: the story may be coded by the person, and the coding is their own."""
    return samples.story_in("code")(user, w, kw) and access.restrict(Coding.objects.all(), user).filter(
        uuid=kw["coding"], coder=user).exists()


PAGES = {
    "stories:codebook": Page(scope=samples.project_in("code")),
    "stories:code-new": Page(scope=samples.project_in("manage")),
    "stories:code-edit": Page(scope=samples.project_in("manage")),
    "stories:code-delete": Page(scope=samples.project_in("manage")),
    "stories:refi-codebook": Page(scope=samples.project_in("code")),
    "stories:coding": Page(scope=samples.project_in("code")),
    "stories:agreement": Page(scope=samples.project_in("code")),
    "stories:refi-project": Page(scope=samples.project_in("code")),
    "stories:code-story": Page(scope=samples.story_in("code")),
    "stories:coding-remove": post(scope=own_coding),
    "stories:coding-accept": post(scope=samples.story_in("code")),
    # The sample code has no definition: refused with a message (and no model loaded), back to the list.
    "stories:coding-suggest": post(scope=samples.project_in("manage")),
}

SAMPLES = {
    "stories:codebook": lambda w: {"slug": samples.project(w).slug},
    "stories:code-new": lambda w: {"slug": samples.project(w).slug},
    "stories:code-edit": lambda w: {"slug": samples.project(w).slug, "uuid": code(w).uuid},
    "stories:code-delete": lambda w: {"slug": samples.project(w).slug, "uuid": code(w).uuid},
    "stories:refi-codebook": lambda w: {"slug": samples.project(w).slug},
    "stories:coding": lambda w: {"slug": samples.project(w).slug},
    "stories:agreement": lambda w: {"slug": samples.project(w).slug},
    "stories:coding-suggest": lambda w: {"slug": samples.project(w).slug},
    "stories:refi-project": lambda w: {"slug": samples.project(w).slug},
    "stories:code-story": lambda w: {"slug": samples.project(w).slug, "uuid": samples.story(w).uuid},
    "stories:coding-remove": lambda w: {"slug": samples.project(w).slug, "uuid": samples.story(w).uuid,
                                        "coding": coding(w).uuid},
    "stories:coding-accept": lambda w: {"slug": samples.project(w).slug, "uuid": samples.story(w).uuid,
                                        "coding": suggestion(w).uuid},
}
