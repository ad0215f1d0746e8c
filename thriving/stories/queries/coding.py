"""Reads for coding: a project's codebook as a tree with each code's passages, the stories to
code with each coder's codings, a story's text cut into pieces at its codings' edges (for marking
them), and the codings a coder sees on a story. Every read starts from the person's scopes, so a
withdrawn story's codings are never counted or shown."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from thriving.stories.models import Code, Coding, Story, StoryProject

STORIES_PER_PAGE = 25


@dataclass
class CodeRow:
    code: Code
    depth: int
    passages: int
    children: list["CodeRow"] = field(default_factory=list)


def codebook(user: Any, project: StoryProject) -> list[CodeRow]:
    """The project's codes as a tree (top-level codes first, each with its children in order),
    each with how many passages the person may see are tagged with it."""
    codes = list(Code.objects.visible_to(user).filter(project=project).order_by("position", "name", "pk"))
    counts = dict(Coding.objects.visible_to(user).filter(code__project=project).order_by().values("code")
                  .annotate(n=Count("pk")).values_list("code", "n"))
    under: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        under[code.parent_id].append(code)

    def rows(parent: int | None, depth: int) -> list[CodeRow]:
        return [CodeRow(code, depth, counts.get(code.pk, 0), rows(code.pk, depth + 1)) for code in under[parent]]

    return rows(None, 0)


def flattened(tree: list[CodeRow]) -> list[CodeRow]:
    """The tree's rows in order, each parent before its children."""
    out: list[CodeRow] = []
    for row in tree:
        out.append(row)
        out.extend(flattened(row.children))
    return out


def code_choices(user: Any, project: StoryProject) -> list[tuple[int, str]]:
    """The project's codes for a choice, indented under their parents."""
    return [(row.code.pk, f"{'— ' * row.depth}{row.code.name}") for row in flattened(codebook(user, project))]


def stories_to_code(user: Any, project: StoryProject) -> QuerySet[Story]:
    """The project's stories the person may code, oldest told first."""
    return Story.objects.visible_to(user, "code").filter(project=project).order_by("told_on", "pk")


def coders_by_story(user: Any, stories: list[Story]) -> dict[int, list[tuple[str, int]]]:
    """For each story, its coders' names and how many codings each has made (by a person)."""
    rows = (Coding.objects.visible_to(user).filter(story__in=[s.pk for s in stories], source=Coding.Source.PERSON,
                                                   coder__isnull=False)
            .values("story", "coder", "coder__full_name", "coder__email").annotate(n=Count("pk"))
            .order_by("story", "coder__full_name"))
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        found[row["story"]].append((row["coder__full_name"] or row["coder__email"], row["n"]))
    return found


def coded_by(user: Any, stories: list[Story]) -> set[int]:
    """The stories the person has coded at least one passage of."""
    return set(Coding.objects.visible_to(user).filter(story__in=[s.pk for s in stories], coder=user)
               .values_list("story", flat=True))


def codings_on(user: Any, story: Story) -> tuple[list[Coding], list[Coding]]:
    """The person's own codings on the story, and the suggester's, in order through the text."""
    codings = list(Coding.objects.visible_to(user).filter(story=story).select_related("code")
                   .order_by("start", "end", "pk"))
    mine = [coding for coding in codings if coding.coder_id == user.pk and coding.source == Coding.Source.PERSON]
    suggested = [coding for coding in codings if coding.source == Coding.Source.SUGGESTER]
    return mine, suggested


@dataclass
class Piece:
    text: str
    codes: list[str]  # the names of the codes tagging this piece; none for unmarked text
    start: int = 0  # where it starts in the story's text
    crlf: bool = False  # whether it has Windows line ends (which a browser reads as one character)


def pieces(text: str, codings: list[Coding]) -> list[Piece]:
    """The text cut at every coding's start and end, each piece with the codes covering it: the
    template marks the pieces with codes, escaping each one's text, so overlapping passages need
    no nested marks and nothing in the story can become markup."""
    spans = [(max(0, c.start), min(len(text), c.end), c.code.name) for c in codings]
    spans = [(start, end, name) for start, end, name in spans if start < end]
    edges = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    out: list[Piece] = []
    for start, end in zip(edges, edges[1:], strict=False):
        names = sorted({name for s, e, name in spans if s <= start and end <= e})
        out.append(Piece(text[start:end], names, start, "\r\n" in text[start:end]))
    return out
