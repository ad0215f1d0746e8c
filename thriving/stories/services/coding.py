"""The codebook and coding: a project's managers add, change and delete codes (a hierarchy, with
no code under itself or its descendants and no two codes of one name under one parent); a coder
tags passages of a story with codes (their own codings, applied by a person), removes their own,
and accepts a passage the suggester tagged as their own. The suggester (asked by a manager)
applies each code with a definition to the sentences of the project's stories closest in meaning
to its name and definition, by the sentence-embedding model of the themes."""

import re
from typing import Any

from django.db import IntegrityError, transaction

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, Conflict, save_if_unchanged
from thriving.core.policy import require
from thriving.stories.models import Code, Coding, Story, StoryProject


class CodingRefused(ActionRefused):
    pass


def descendant_ids(code: Code) -> set[int]:
    """The ids of the code's children, their children and so on (not the code itself)."""
    found: set[int] = set()
    frontier = [code.pk]
    while frontier:
        frontier = [pk for pk in Code.objects.filter(parent__in=frontier).values_list("pk", flat=True)
                    if pk not in found]
        found.update(frontier)
    return found


def _check_place(project: StoryProject, name: str, parent: Code | None, code: Code | None = None) -> str:
    name = name.strip()
    if not name:
        raise CodingRefused("Enter the code's name.")
    if parent is not None:
        if parent.project_id != project.pk:
            raise CodingRefused("Choose a parent code from this project's codebook.")
        if code is not None and (parent.pk == code.pk or parent.pk in descendant_ids(code)):
            raise CodingRefused("A code cannot sit under itself or under one of the codes beneath it.")
    siblings = Code.objects.filter(project=project, parent=parent, name__iexact=name)
    if code is not None:
        siblings = siblings.exclude(pk=code.pk)
    if siblings.exists():
        where = f"under “{parent.name}”" if parent else "at the top of the codebook"
        raise CodingRefused(f"There is a code called “{name}” {where} already. Choose another name.")
    return name


@transaction.atomic
def add_code(*, acting_user: Any, project: StoryProject, name: str, definition: str = "",
             parent: Code | None = None) -> Code:
    """Add a code to the project's codebook, at the end of its parent's codes."""
    require(acting_user, "stories.manage", project)
    name = _check_place(project, name, parent)
    last = Code.objects.filter(project=project, parent=parent).order_by("-position").first()
    try:
        with transaction.atomic():
            code = Code.objects.create(project=project, parent=parent, name=name, definition=definition.strip(),
                                       position=(last.position + 1) if last else 0, created_by=acting_user)
    except IntegrityError as error:
        raise CodingRefused(f"There is a code called “{name}” there already. Choose another name.") from error
    audit.record(acting_user, "stories.code.added", code, action=audit.Action.CREATED)
    return code


@transaction.atomic
def change_code(*, acting_user: Any, code: Code, name: str, definition: str, parent: Code | None,
                version: int) -> Code:
    """Rename the code, change its definition or move it under another parent."""
    require(acting_user, "stories.manage", code.project)
    locked = Code.objects.select_for_update().get(pk=code.pk)
    if locked.version != version:
        raise Conflict("Someone else changed this code first. Here it is as it is now.")
    before = {"name": locked.name, "definition": locked.definition, "parent": locked.parent_id}
    locked.name = _check_place(locked.project, name, parent, locked)
    locked.definition = definition.strip()
    locked.parent = parent
    try:
        with transaction.atomic():
            save_if_unchanged(locked, version=version, fields=["name", "definition", "parent"])
    except IntegrityError as error:
        raise CodingRefused(f"There is a code called “{locked.name}” there already. Choose another name.") from error
    after = {"name": locked.name, "definition": locked.definition, "parent": locked.parent_id}
    audit.record(acting_user, "stories.code.changed", locked, action=audit.Action.CHANGED,
                 changes=audit.changes_between(before, after))
    return locked


@transaction.atomic
def delete_code(*, acting_user: Any, code: Code, version: int) -> None:
    """Delete a code with no passages tagged with it or with any code beneath it (and so its
    codes beneath, which have none either)."""
    require(acting_user, "stories.manage", code.project)
    locked = Code.objects.select_for_update().get(pk=code.pk)
    if locked.version != version:
        raise Conflict("Someone else changed this code first. Here it is as it is now.")
    ids = {locked.pk} | descendant_ids(locked)
    used = Coding.objects.filter(code__in=ids).count()
    if used:
        raise CodingRefused(
            f"This code, or a code beneath it, tags {used} passage{'s' if used != 1 else ''}. Remove those "
            "codings, or move the codes beneath it under another code, before deleting it.")
    audit.record(acting_user, "stories.code.deleted", locked, action=audit.Action.DELETED)
    locked.delete()


def find_passage(text: str, passage: str) -> tuple[int, int]:
    """Where the exact passage is in the text, as (start, end); refused when it is not there or is
    there more than once."""
    if not passage:
        raise CodingRefused("Enter the passage, or its start and end.")
    start = text.find(passage)
    if start < 0:
        raise CodingRefused("The passage is not in the story. Copy it exactly as the story has it.")
    if text.find(passage, start + 1) >= 0:
        raise CodingRefused("The passage is in the story more than once. Type more of it, or give its start and end.")
    return start, start + len(passage)


def _codable(acting_user: Any, story: Story, code: Code) -> None:
    require(acting_user, "stories.code", story.project)
    if not Story.objects.visible_to(acting_user, "code").filter(pk=story.pk).exists():
        raise CodingRefused("This story cannot be coded.")
    if code.project_id != story.project_id:
        raise CodingRefused("Choose a code from this project's codebook.")


@transaction.atomic
def add_coding(*, acting_user: Any, story: Story, code: Code, start: int, end: int, memo: str = "") -> Coding:
    """Tag characters `start` to `end` of the story's text with the code, as the coder's own."""
    _codable(acting_user, story, code)
    text = story.text
    if not (0 <= start < end <= len(text)):
        raise CodingRefused(f"The passage must start before it ends, within the story's {len(text)} characters.")
    if Coding.objects.filter(story=story, code=code, coder=acting_user, start=start, end=end).exists():
        raise CodingRefused("You have tagged this passage with this code already.")
    coding = Coding.objects.create(story=story, code=code, coder=acting_user, source=Coding.Source.PERSON,
                                   start=start, end=end, quote=text[start:end], memo=memo.strip(),
                                   created_by=acting_user)
    audit.record(acting_user, "stories.coding.added", coding, action=audit.Action.CREATED,
                 object_label=f"{code.name}: {story.uuid}")
    return coding


@transaction.atomic
def remove_coding(*, acting_user: Any, coding: Coding) -> None:
    """Remove one of the coder's own codings."""
    require(acting_user, "stories.code", coding.story.project)
    if coding.coder_id != acting_user.pk:
        raise CodingRefused("You may remove only your own codings.")
    audit.record(acting_user, "stories.coding.removed", coding, action=audit.Action.DELETED,
                 object_label=f"{coding.code.name}: {coding.story.uuid}")
    coding.delete()


@transaction.atomic
def accept_suggestion(*, acting_user: Any, coding: Coding) -> Coding:
    """Make a passage the suggester tagged the coder's own coding (the suggestion stays for others)."""
    if coding.source != Coding.Source.SUGGESTER:
        raise CodingRefused("Only a suggested coding can be accepted.")
    return add_coding(acting_user=acting_user, story=coding.story, code=coding.code, start=coding.start,
                      end=coding.end, memo=coding.memo)


# --- The suggester ------------------------------------------------------------------------------

SUGGEST_AT = 0.5  # the cosine similarity of a sentence to a code's name and definition to apply it
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of the text, without the spaces around it."""
    found = []
    for match in SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append((start, end))
    return found


def _defined(project: StoryProject) -> list[Code]:
    return [code for code in Code.objects.filter(project=project).order_by("pk") if code.definition.strip()]


@transaction.atomic
def ask_for_suggestions(*, acting_user: Any, project: StoryProject) -> None:
    """Ask the worker to apply the codes with definitions (`suggest_codes`), once this commits:
    it loads the sentence-embedding model and reads every sentence, too long for a request."""
    require(acting_user, "stories.manage", project)
    if not _defined(project):
        raise CodingRefused("Give the codes definitions first: the suggester applies a code by its definition.")
    audit.record(acting_user, "stories.codes_suggestion_asked", project, action=audit.Action.CHANGED)
    from thriving.stories.tasks.coding import suggest_codes as task

    project_id, user_id = project.pk, acting_user.pk
    transaction.on_commit(lambda: task.enqueue(project_id, user_id))  # type: ignore[attr-defined]


@transaction.atomic
def suggest_codes(*, acting_user: Any, project: StoryProject) -> int:
    """The worker's part: replace the suggester's codings of the project, each code with a
    definition applied to every sentence, of the stories the person who asked may code and whose
    tellers agreed to their use, close enough in meaning to the code's name and definition.
    Returns how many it applied."""
    from thriving.stories.services import themes

    require(acting_user, "stories.manage", project)
    codes = _defined(project)
    if not codes:
        raise CodingRefused("Give the codes definitions first: the suggester applies a code by its definition.")
    stories = list(Story.objects.visible_to(acting_user, "code").filter(project=project, consent_use=True)
                   .order_by("pk"))
    spans = [(story, start, end) for story in stories for start, end in sentences(story.text)]
    Coding.objects.filter(story__project=project, source=Coding.Source.SUGGESTER).delete()
    made: list[Coding] = []
    if spans:
        vectors = themes.encode([f"{code.name}: {code.definition}" for code in codes]
                                + [story.text[start:end] for story, start, end in spans])
        close = vectors[len(codes):] @ vectors[:len(codes)].T
        for row, (story, start, end) in enumerate(spans):
            for column, code in enumerate(codes):
                if close[row, column] >= SUGGEST_AT:
                    made.append(Coding(story=story, code=code, coder=None, source=Coding.Source.SUGGESTER,
                                       start=start, end=end, quote=story.text[start:end], created_by=acting_user))
        Coding.objects.bulk_create(made)
    audit.record(acting_user, "stories.codes_suggested", project, action=audit.Action.CREATED,
                 purpose=f"{len(made)} suggested codings of {len(stories)} stories")
    return len(made)
