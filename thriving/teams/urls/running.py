"""URLs of running a huddle: starting it, recording items, actions and chipping in on an item,
the note-taker, finishing, correcting the minutes and sharing them."""

from django.urls import path

from thriving.teams.urls.agenda import HUDDLE, ITEM
from thriving.teams.views import running

urlpatterns = [
    path(HUDDLE + "start/", running.start, name="huddle-start"),
    path(ITEM, running.item_record, name="item-record"),
    path(ITEM + "actions/", running.action_add, name="item-action"),
    path(ITEM + "chip-in/", running.chip_in, name="item-chip-in"),
    path(HUDDLE + "note-taker/", running.note_taker, name="huddle-note-taker"),
    path(HUDDLE + "attendance/", running.attendance, name="huddle-attendance"),
    path(HUDDLE + "finish/", running.finish, name="huddle-finish"),
    path(HUDDLE + "minutes/", running.minutes_correct, name="minutes-correct"),
    path(HUDDLE + "share/", running.share, name="huddle-share"),
]
