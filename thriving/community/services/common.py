"""What the changes to Local Nets and community ideas share: their errors and the write that checks
the version a change was made against."""

from typing import Any

from django.db.models import F


class CommunityError(Exception):
    """A change that cannot be made, with a message to show the person."""


class Conflict(CommunityError):
    """Someone else changed the record since it was opened."""

    def __init__(self, message: str = "Someone else changed this while you were working on it. "
                 "Check what changed, then make your change again.") -> None:
        super().__init__(message)


def change(model: type, obj: Any, version: int, **fields: Any) -> Any:
    """Write fields only if the record is still at `version`; otherwise raise Conflict."""
    updated = model.objects.filter(pk=obj.pk, version=version).update(version=F("version") + 1, **fields)
    if not updated:
        raise Conflict()
    obj.refresh_from_db()
    return obj
