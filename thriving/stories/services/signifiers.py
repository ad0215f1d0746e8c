"""Setting up a project's signifiers: adding one, changing it (against the version read), moving
it up or down the order, and deleting it (refused once tellers have answered it, unless the project
is still being set up). Each checks its labels and options by kind (`forms.signifiers.check_signifier`)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, Conflict, save_if_unchanged
from thriving.core.policy import require
from thriving.stories.forms.signifiers import check_signifier
from thriving.stories.models import Signifier, StoryProject

FIELDS = ("kind", "key", "prompt", "labels", "options", "allow_many", "required")


class SignifierRefused(ActionRefused):
    pass


def _check(project: StoryProject, data: dict[str, Any], signifier: Signifier | None = None) -> None:
    errors = check_signifier(data["kind"], data["labels"], data["options"])
    if errors:
        raise SignifierRefused(next(iter(errors.values()))[0])
    taken = Signifier.objects.filter(project=project, key=data["key"])
    if signifier is not None:
        taken = taken.exclude(pk=signifier.pk)
    if taken.exists():
        raise SignifierRefused("Another signifier of this project has this short name: choose another")


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in FIELDS}
    values["allow_many"] = bool(values["allow_many"]) and values["kind"] == Signifier.Kind.CHOICE
    return values


@transaction.atomic
def add(*, acting_user: Any, project: StoryProject, data: dict[str, Any]) -> Signifier:
    """Add a signifier at the end of the project's order."""
    require(acting_user, "stories.manage", project)
    _check(project, data)
    last = project.signifiers.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            signifier = Signifier.objects.create(project=project, position=0 if last is None else last + 1,
                                                 created_by=acting_user, **_values(data))
    except IntegrityError as error:
        raise SignifierRefused("Another signifier of this project has this short name: choose another") from error
    audit.record(acting_user, "story_signifier.created", signifier, action=audit.Action.CREATED,
                 object_label=signifier.key)
    return signifier


def _answered(signifier: Signifier) -> bool:
    return signifier.answers.exists()


@transaction.atomic
def change(*, acting_user: Any, signifier: Signifier, data: dict[str, Any], version: int | None) -> Signifier:
    """Change a signifier, if nobody else changed it since it was read. Once tellers have answered
    it, its kind stays as it is and no option a teller chose is taken out, unless the project is
    still being set up."""
    project = signifier.project
    require(acting_user, "stories.manage", project)
    _check(project, data, signifier)
    if (data["kind"] != signifier.kind and project.status != StoryProject.Status.DRAFT and _answered(signifier)):
        raise SignifierRefused("Tellers have answered this signifier, so its kind cannot change now: "
                               "add a new signifier instead")
    if project.status != StoryProject.Status.DRAFT and data["kind"] == signifier.kind:
        chosen = set(signifier.answers.exclude(item="").values_list("item", flat=True).distinct())
        dropped = sorted(chosen - set(data["options"]))
        if dropped:
            raise SignifierRefused(f"Tellers have chosen “{dropped[0]}”, so it cannot be taken out of the options now "
                                   "(their answers would lose their meaning): keep it, or add a new signifier")
    before = {name: getattr(signifier, name) for name in FIELDS}
    for name, value in _values(data).items():
        setattr(signifier, name, value)
    try:
        with transaction.atomic():
            save_if_unchanged(signifier, version=version, fields=list(FIELDS),
                              message="Someone else changed this signifier first. Here it is as it is now.")
    except IntegrityError as error:
        raise SignifierRefused("Another signifier of this project has this short name: choose another") from error
    changes = {name: [before[name], getattr(signifier, name)] for name in FIELDS
               if before[name] != getattr(signifier, name)}
    audit.record(acting_user, "story_signifier.changed", signifier, action=audit.Action.CHANGED,
                 changes=changes, object_label=signifier.key)
    return signifier


def may_delete(signifier: Signifier) -> bool:
    """A signifier may be deleted while no teller has answered it, or while its project is a draft."""
    return signifier.project.status == StoryProject.Status.DRAFT or not _answered(signifier)


@transaction.atomic
def delete(*, acting_user: Any, signifier: Signifier) -> None:
    """Delete a signifier (and, in a draft project, the answers given to it in trying it out)."""
    require(acting_user, "stories.manage", signifier.project)
    locked = Signifier.objects.select_for_update().select_related("project").filter(pk=signifier.pk).first()
    if locked is None:
        raise Conflict("Someone else deleted this signifier first.")
    if not may_delete(locked):
        raise SignifierRefused("Tellers have answered this signifier, so it cannot be deleted: their answers "
                               "would be lost. It can be deleted only while the project is being set up.")
    audit.record(acting_user, "story_signifier.deleted", locked, action=audit.Action.DELETED,
                 object_label=locked.key)
    locked.delete()


@transaction.atomic
def move(*, acting_user: Any, signifier: Signifier, up: bool) -> None:
    """Move a signifier one place up or down the project's order (numbering the order afresh)."""
    project = signifier.project
    require(acting_user, "stories.manage", project)
    ordered = list(Signifier.objects.select_for_update().filter(project=project).order_by("position", "pk"))
    index = next((i for i, found in enumerate(ordered) if found.pk == signifier.pk), None)
    if index is None:
        raise Conflict("Someone else deleted this signifier first.")
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, found in enumerate(ordered):
        if found.position != position:
            Signifier.objects.filter(pk=found.pk).update(position=position)
    audit.record(acting_user, "story_signifier.moved", signifier, action=audit.Action.CHANGED,
                 purpose="up" if up else "down", object_label=signifier.key)
