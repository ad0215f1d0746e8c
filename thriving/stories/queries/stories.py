"""Reads of a project's stories for its staff: the approved stories a person may see, narrowed by
how they were told, where, the month and words in them; the choices for those filters; and a
story's signifier answers made readable (a triad as three percentages, a dyad as a percentage
between its poles, stones as a table, choices as the options chosen)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncMonth

from thriving.core.access import restrict
from thriving.places.models import Area
from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject

STORIES_PER_PAGE = 25
EXCERPT = 200


def stories(user: Any, project: StoryProject, *, channel: str = "", area: Area | None = None,
            month: datetime.date | None = None, q: str = "") -> QuerySet[Story]:
    """The project's approved stories the person may see (never a withdrawn one), newest first."""
    found = (Story.objects.visible_to(user).filter(project=project, moderation=Story.Moderation.APPROVED)
             .select_related("area").only("uuid", "title", "text", "told_on", "channel", "area__name", "project_id"))
    if channel:
        found = found.filter(channel=channel)
    if area is not None:
        found = found.filter(area=area)
    if month is not None:
        found = found.filter(told_on__year=month.year, told_on__month=month.month)
    term = q.strip()
    if term:
        found = found.filter(Q(title__icontains=term) | Q(text__icontains=term))
    return found.order_by("-told_on", "-pk")


def excerpt(text: str, length: int = EXCERPT) -> str:
    """The first words of a story, cut at a word near `length` characters."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] or text[:length]
    return cut.rstrip(",.;:") + "…"


def areas(user: Any, project: StoryProject) -> list[Area]:
    """The areas the project's stories the person may see were told about, by name."""
    ids = stories(user, project).exclude(area__isnull=True).values("area_id")
    return list(Area.objects.filter(pk__in=ids).order_by("name"))


def months(user: Any, project: StoryProject) -> list[datetime.date]:
    """The months the project's stories the person may see were told in, newest first."""
    found = (stories(user, project).order_by().annotate(month=TruncMonth("told_on"))
             .values_list("month", flat=True).distinct())
    return sorted({value if isinstance(value, datetime.date) else value.date() for value in found if value},
                  reverse=True)


@dataclass
class Answered:
    """One signifier's answer, ready to show."""

    signifier: Signifier
    kind: str
    parts: list[tuple[str, int]] = field(default_factory=list)  # triad: (label, percent)
    percent: int | None = None  # dyad: how far from the first pole to the second
    stones: list[tuple[str, int, int]] = field(default_factory=list)  # (item, across, up)
    chosen: list[str] = field(default_factory=list)


def _percent(value: float | None) -> int:
    return round((value or 0) * 100)


def _triad(weights: list[float]) -> list[int]:
    """Whole percentages that add up to 100 (largest remainders)."""
    raw = [max(weight, 0) * 100 for weight in weights]
    total = sum(raw)
    if not total:
        return [0 for _ in raw]
    raw = [value * 100 / total for value in raw]
    whole = [int(value) for value in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - whole[i], reverse=True)
    for i in order[: 100 - sum(whole)]:
        whole[i] += 1
    return whole


def answers(user: Any, story: Story) -> list[Answered]:
    """The story's answers, one for each signifier answered, in the project's order."""
    rows = list(restrict(SignifierAnswer.objects.all(), user).filter(story=story).select_related("signifier")
                .order_by("signifier__position", "signifier__pk", "item"))
    found: dict[int, Answered] = {}
    for row in rows:
        signifier = row.signifier
        entry = found.setdefault(signifier.pk, Answered(signifier=signifier, kind=signifier.kind))
        if signifier.kind == Signifier.Kind.TRIAD:
            labels = [*signifier.labels, "", "", ""][:3]
            entry.parts = list(zip(labels, _triad([row.a or 0, row.b or 0, row.c or 0]), strict=True))
        elif signifier.kind == Signifier.Kind.DYAD:
            entry.percent = _percent(row.a)
        elif signifier.kind == Signifier.Kind.STONES:
            entry.stones.append((row.item, _percent(row.a), _percent(row.b)))
        else:
            entry.chosen.append(row.item)
    return list(found.values())
