"""What the changes to Local Nets, ideas, pledges and ambassadors share: the error a change is
refused with, the check that the record is within the person's scope, and the write that checks the
version a change was made against. Someone else changing the record first is core's `Conflict`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from thriving.core.access import restrict
from thriving.core.conflicts import ActionRefused, save_if_unchanged


class CommunityError(ActionRefused):
    """A change that cannot be made, with a message to show the person."""


def require_in_scope(acting_user: Any, record: Model, rule: str) -> None:
    """Refuse (403) a change to a record outside what the person may see: a Local Net, session or
    idea of another locality. The pages fetch through the same scopes; this holds for any caller."""
    if not restrict(type(record)._default_manager.filter(pk=record.pk), acting_user).exists():
        raise PermissionDenied(rule)


def change(record: Model, version: int | None, *, message: str = "", **fields: Any) -> None:
    """Set fields and save them only if the record is still at `version` (core's
    `save_if_unchanged`); otherwise raise `Conflict` (with `message`, or core's), saving nothing.
    A page showing the record after a conflict reads it again."""
    for name, value in fields.items():
        setattr(record, name, value)
    save_if_unchanged(record, version=version, fields=list(fields), message=message)
