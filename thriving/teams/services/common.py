"""What every change in connected teams shares: its errors and the checks on who may make it."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Model
from django.utils import timezone

from thriving.core import audit, policy
from thriving.teams.queries import teams as teams_queries

Action = audit.Action


class TeamsError(Exception):
    """A change that cannot be made, with a message to show the person."""


class Conflict(TeamsError):
    """Someone else changed the record since it was opened."""

    def __init__(self, message: str = "Someone else changed this while you were working on it. "
                 "Check what they wrote, then save yours again.") -> None:
        super().__init__(message)


class Clash(TeamsError):
    """A huddle that would overlap another huddle of the same team."""


def require_member(user: Any, team: Any) -> None:
    """Only current members and linked enablers of the team work in it."""
    policy.require(user, "teams.work_in_team")
    if not teams_queries.is_member(user, team):
        raise PermissionDenied("teams.work_in_team")


def change(model_object: Model, version: int, **fields: Any) -> None:
    """Write fields only if the row is still at `version`; otherwise raise Conflict."""
    updated = type(model_object).objects.filter(pk=model_object.pk, version=version).update(
        version=F("version") + 1, **fields)
    if not updated:
        raise Conflict()
    model_object.refresh_from_db()


def name_of(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%A %-d %B %Y at %H:%M}"
