"""Stories shared with partners, as partners read them: anonymised (names of people the platform
knows, phone numbers, emails, exact addresses and postcodes replaced), with no teller, no answers
and no link to the story itself."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from thriving.core.models import User
from thriving.stories.models import Story, StoryProject
from thriving.stories.services import anonymise

PER_PAGE = 25


def shared(user: Any, project: StoryProject | None = None) -> QuerySet[Story]:
    """The stories shared with the person as a partner, newest first (of one project, when given)."""
    found = Story.objects.visible_to(user, "view_shared").select_related("project", "area").only(
        "uuid", "title", "text", "told_on", "teller_name", "project__title", "project__slug", "area__name")
    if project is not None:
        found = found.filter(project=project)
    return found.order_by("-told_on", "-pk")


def projects(user: Any) -> list[StoryProject]:
    """The projects with stories shared with the person, for the filter."""
    ids = Story.objects.visible_to(user, "view_shared").values("project")
    return list(StoryProject.objects.filter(pk__in=ids).order_by("title", "pk").only("title", "slug"))


@dataclass(frozen=True)
class Shared:
    project: str
    told: Any
    area: str
    title: str
    text: str


def anonymised(stories: list[Story]) -> list[Shared]:
    """The stories as partners see them: title and words anonymised with the names of every person
    the platform knows and of each story's teller (the teller's first, then everyone's, so that
    the pattern of everyone's names is compiled once for the page)."""
    names = tuple(User.objects.exclude(full_name="").values_list("full_name", flat=True))

    def cleaned(text: str, teller: str) -> str:
        if teller:
            text = anonymise.anonymise(text, [teller]).text
        return anonymise.anonymise(text, names).text

    return [Shared(project=story.project.title, told=story.told_on, area=story.area.name if story.area else "",
                   title=cleaned(story.title, story.teller_name), text=cleaned(story.text, story.teller_name))
            for story in stories]
