"""The role matrix's entries for telling a story: the public form and its thanks (anyone; with
nothing sent in this session the thanks shows no link), gathering and its confirmation (who
gathers for the open project), the teller's private link pages (anyone with the link), and a
story's transcript page and recording (who manages the project). The samples are the shared
project, a story of it with a private link, and a story waiting for moderation with a recording."""

from typing import Any

from django.core.files.base import ContentFile

from thriving.api.tests.matrix_pages import Page
from thriving.api.tests.matrix_stories.samples import project, project_in, story_in
from thriving.api.tests.matrix_world import World
from thriving.core.policy import can
from thriving.stories.models import Story
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import StoryFactory

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40


def link(w: World) -> Any:
    return w.once("telling_link", lambda: withdrawal.new_link(StoryFactory(project=project(w), title="Matrix told")))


def _recorded() -> Any:
    def make(w: World) -> Any:
        story = StoryFactory(project=project(w), title="Matrix recorded", moderation=Story.Moderation.PENDING)
        story.audio.save("matrix.wav", ContentFile(WAV))
        return story

    return make


def recorded(w: World) -> Any:
    return w.once("telling_recorded", lambda: _recorded()(w))


def manages(user: Any, w: World, kw: dict) -> bool:
    return can(user, "stories.manage", project(w))


PAGES = {
    "stories:gather": Page(scope=project_in("gather")),
    "stories:gathered": Page(scope=project_in("gather")),
    "stories:transcribe": Page(scope=story_in("view"), rule=manages),
    "stories:story_audio": Page(scope=story_in("view"), rule=manages),
}

SAMPLES = {
    "stories:tell": lambda w: {"slug": project(w).slug},
    "stories:told": lambda w: {"slug": project(w).slug},
    "stories:gather": lambda w: {"slug": project(w).slug},
    "stories:gathered": lambda w: {"slug": project(w).slug},
    "stories:my_story": lambda w: {"token": link(w)},
    "stories:my_story_withdraw": lambda w: {"token": link(w)},
    "stories:transcribe": lambda w: {"uuid": recorded(w).uuid},
    "stories:story_audio": lambda w: {"uuid": recorded(w).uuid},
}
