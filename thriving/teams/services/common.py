"""What every change in connected teams shares: its errors and the checks on who may make it."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import ActionRefused, save_if_unchanged
from thriving.teams.queries import teams as teams_queries

Action = audit.Action
CHANGED_FIRST = ("Someone else changed this while you were working on it. "
                 "Check what they wrote, then save yours again.")


class TeamsError(ActionRefused):
    """A change that cannot be made, with a message to show the person. (Someone else changing
    the record first is core's `Conflict`, with the teams' own message.)"""


class Clash(TeamsError):
    """A huddle that would overlap another huddle of the same team."""


def require_member(user: Any, team: Any) -> None:
    """Only current members and linked enablers of the team work in it."""
    policy.require(user, "teams.work_in_team")
    if not teams_queries.is_member(user, team):
        raise PermissionDenied("teams.work_in_team")


def change(record: Model, version: int | None, *, message: str = CHANGED_FIRST, **fields: Any) -> None:
    """Set fields and save them only if the record is still at `version` (core's
    `save_if_unchanged`); otherwise raise `Conflict`, saving nothing. (The record keeps the values
    it was given: a view showing it after a conflict reads it again.)"""
    for name, value in fields.items():
        setattr(record, name, value)
    save_if_unchanged(record, version=version, fields=list(fields), message=message)


def name_of(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%A %-d %B %Y at %H:%M}"
