"""The connected teams' pages: teams, members, huddles (schedule, agenda, running, minutes) and actions."""

from django.urls import path

from thriving.teams.views import actions, huddle_run, huddles, teams

HUDDLE = "teams/<slug:slug>/huddles/<uuid:huddle_uuid>/"
ITEM = HUDDLE + "items/<uuid:item_uuid>/"

urlpatterns = [
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new/", teams.team_new, name="team-new"),
    path("teams/<slug:slug>/", teams.team_detail, name="team"),
    path("teams/<slug:slug>/members/", teams.members, name="members"),
    path("teams/<slug:slug>/members/<uuid:member_uuid>/remove/", teams.member_remove, name="member-remove"),
    path("teams/<slug:slug>/huddles/", huddles.schedule, name="schedule"),
    path("teams/<slug:slug>/huddles/series/", huddles.series_new, name="series-new"),
    path("teams/<slug:slug>/huddles/series/<uuid:series_uuid>/", huddles.series_change, name="series-change"),
    path("teams/<slug:slug>/huddles/series/<uuid:series_uuid>/end/", huddles.series_end, name="series-end"),
    path("teams/<slug:slug>/huddles/new/", huddles.huddle_new, name="huddle-new"),
    path(HUDDLE, huddles.huddle, name="huddle"),
    path(HUDDLE + "change/", huddles.huddle_change, name="huddle-change"),
    path(HUDDLE + "cancel/", huddles.huddle_cancel, name="huddle-cancel"),
    path(HUDDLE + "items/", huddles.item_add, name="item-add"),
    path(ITEM + "remove/", huddles.item_remove, name="item-remove"),
    path(ITEM + "move/", huddles.item_move, name="item-move"),
    path(HUDDLE + "start/", huddle_run.start, name="huddle-start"),
    path(ITEM, huddle_run.item_record, name="item-record"),
    path(ITEM + "actions/", huddle_run.action_add, name="item-action"),
    path(ITEM + "chip-in/", huddle_run.chip_in, name="item-chip-in"),
    path(HUDDLE + "note-taker/", huddle_run.note_taker, name="huddle-note-taker"),
    path(HUDDLE + "finish/", huddle_run.finish, name="huddle-finish"),
    path(HUDDLE + "minutes/", huddle_run.minutes_correct, name="minutes-correct"),
    path(HUDDLE + "share/", huddle_run.share, name="huddle-share"),
    path("actions/", actions.my_actions, name="my-actions"),
    path("actions/<uuid:action_uuid>/close/", actions.action_close, name="action-close"),
]
