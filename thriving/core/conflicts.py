"""Changes that cannot be made, and optimistic locking: two people editing one record at once.

Every app's errors derive from `ActionRefused` (a change refused, with a message to show the
person); `Conflict` is the one refusal for "someone else changed it first". A view answers a
`Conflict` with 409 and what was typed (`thriving.core.views.actions.answer`); one left unhandled
becomes the 409 page (`thriving.core.middleware.ConflictMiddleware`) or, in the API, 409 problem details.
"""

from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone


class ActionRefused(Exception):
    """A change that cannot be made, with a message to show the person."""


class Conflict(ActionRefused):
    """Someone else changed the record after the person opened it."""

    default_message = ("Someone else changed this while you were working on it. "
                       "Check what changed, then make your change again.")

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message)


def save_if_unchanged(instance: models.Model, *, version: int | None, fields: list[str] | tuple[str, ...],
                      message: str = "") -> None:
    """Save `fields` of `instance` only if its stored version is still `version` (the one the
    person read), bumping the version; otherwise raise Conflict and save nothing. The instance's
    `version` (and `updated_at`, where the model has one) are brought up to date."""
    model = type(instance)
    values: dict[str, Any] = {name: getattr(instance, name) for name in fields}
    field_names = {field.name for field in model._meta.concrete_fields}
    if "updated_at" in field_names and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    values["version"] = F("version") + 1
    stale = version is None or not model._default_manager.filter(pk=instance.pk, version=version).update(**values)
    if stale:
        raise Conflict(message)
    instance.version = version + 1  # type: ignore[attr-defined, operator]
    if "updated_at" in values:
        instance.updated_at = values["updated_at"]  # type: ignore[attr-defined]
