"""Writes in connected teams: one function per thing a person does, each in one transaction,
checking the policy, recording the audit trail and starting emails only once the change is saved."""

from thriving.teams.services.actions import add_action, chip_in, close_action
from thriving.teams.services.agenda import add_item, build_agenda, move_item, remove_item
from thriving.teams.services.common import Clash, Conflict, TeamsError
from thriving.teams.services.running import (
    change_note_taker,
    correct_minutes,
    finish_huddle,
    record_item,
    share_minutes,
    start_huddle,
)
from thriving.teams.services.schedule import (
    add_huddle,
    cancel_huddle,
    change_series,
    end_series,
    move_huddle,
    save_series,
    top_up,
)
from thriving.teams.services.teams import add_member, create_team, remove_member

__all__ = [
    "Clash", "Conflict", "TeamsError", "add_action", "add_huddle", "add_item", "add_member", "build_agenda",
    "cancel_huddle", "change_note_taker", "change_series", "chip_in", "close_action", "correct_minutes",
    "create_team", "end_series", "finish_huddle", "move_huddle", "move_item", "record_item", "remove_item",
    "remove_member", "save_series", "share_minutes", "start_huddle", "top_up",
]
