"""Agreement between two coders: for each code, Cohen's kappa over the stories both coded (the
unit is a story: did each coder apply the code to it anywhere, or not), the share of stories they
agree on, and the same pooled over every code. Kappa is not defined when both coders give every
story the same answer (chance alone would agree entirely); then only the share is shown."""

import math
import warnings
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db.models import Count
from sklearn.metrics import cohen_kappa_score

from thriving.core.models import User
from thriving.stories.models import Code, Coding, StoryProject

READINGS = [  # (at least, in plain English), highest first
    (0.75, "excellent agreement"),
    (0.6, "good agreement"),
    (0.4, "fair agreement"),
    (0.0, "poor agreement"),
]


def reading(kappa: float | None) -> str:
    """Kappa in plain English: below 0.40 poor, 0.40 to 0.59 fair, 0.60 to 0.74 good, 0.75 and
    above excellent; below 0 worse than chance."""
    if kappa is None:
        return "not defined: both coders gave every story the same answer"
    for least, words in READINGS:
        if kappa >= least:
            return words
    return "worse than chance"


@dataclass
class Row:
    code: Code | None  # None for the overall row
    stories: int  # units compared
    kappa: float | None
    agreement: float  # the share of units the coders agree on, 0 to 1
    first_applied: int
    second_applied: int

    @property
    def reading(self) -> str:
        return reading(self.kappa)

    @property
    def percent(self) -> int:
        return round(self.agreement * 100)


@dataclass
class Agreement:
    first: Any
    second: Any
    stories: int
    rows: list[Row]
    overall: Row | None


def _person_codings(user: Any, project: StoryProject) -> Any:
    return Coding.objects.visible_to(user).filter(story__project=project, source=Coding.Source.PERSON,
                                                  coder__isnull=False)


def coders(user: Any, project: StoryProject) -> list[tuple[Any, int]]:
    """The project's coders who have coded a story the person may see, with how many stories
    each has coded, most first."""
    counts = dict(_person_codings(user, project).order_by().values("coder")
                  .annotate(n=Count("story", distinct=True)).values_list("coder", "n"))
    people = User.objects.filter(pk__in=counts)
    return sorted(((person, counts[person.pk]) for person in people),
                  key=lambda pair: (-pair[1], pair[0].full_name or pair[0].email, pair[0].pk))


def _stories_by_coder(user: Any, project: StoryProject) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for coder, story in _person_codings(user, project).values_list("coder", "story").distinct():
        found[coder].add(story)
    return found


def default_pair(user: Any, project: StoryProject, people: list[tuple[Any, int]]) -> tuple[Any, Any] | None:
    """The two coders with the most stories coded in common (ties: the more prolific first)."""
    if len(people) < 2:
        return None
    stories = _stories_by_coder(user, project)
    best = max(combinations([person for person, _ in people], 2),
               key=lambda pair: len(stories[pair[0].pk] & stories[pair[1].pk]))
    return best


def kappa(first: list[int], second: list[int]) -> float | None:
    """Cohen's kappa of two coders' yes (1) or no (0) answers; None when it is not defined."""
    if not first:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(first, second, labels=[0, 1], replace_undefined_by=math.nan))
    return None if math.isnan(value) else value


def _row(code: Code | None, first: list[int], second: list[int]) -> Row:
    agreed = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    return Row(code=code, stories=len(first), kappa=kappa(first, second),
               agreement=agreed / len(first) if first else 0.0, first_applied=sum(first),
               second_applied=sum(second))


def agreement(user: Any, project: StoryProject, first: Any, second: Any) -> Agreement:
    """How far the two coders agree, code by code and overall, over the stories both coded."""
    rows = _person_codings(user, project).filter(coder__in=[first.pk, second.pk])
    applied: dict[int, set[tuple[int, int]]] = {first.pk: set(), second.pk: set()}
    stories: dict[int, set[int]] = {first.pk: set(), second.pk: set()}
    for coder, story, code in rows.values_list("coder", "story", "code").distinct():
        applied[coder].add((story, code))
        stories[coder].add(story)
    common = sorted(stories[first.pk] & stories[second.pk])
    codes = list(Code.objects.visible_to(user).filter(project=project).order_by("position", "name", "pk"))
    out, all_first, all_second = [], [], []
    for code in codes:
        a = [int((story, code.pk) in applied[first.pk]) for story in common]
        b = [int((story, code.pk) in applied[second.pk]) for story in common]
        all_first += a
        all_second += b
        out.append(_row(code, a, b))
    overall = _row(None, all_first, all_second) if common and codes else None
    return Agreement(first=first, second=second, stories=len(common), rows=out, overall=overall)
