"""URLs of a team's huddle schedule: the repeating series, one-off huddles, moving and cancelling one."""

from django.urls import path

from thriving.teams.urls.agenda import HUDDLE
from thriving.teams.views import schedule

urlpatterns = [
    path("teams/<slug:slug>/huddles/", schedule.schedule, name="schedule"),
    path("teams/<slug:slug>/huddles/series/", schedule.series_new, name="series-new"),
    path("teams/<slug:slug>/huddles/series/<uuid:series_uuid>/", schedule.series_change, name="series-change"),
    path("teams/<slug:slug>/huddles/series/<uuid:series_uuid>/end/", schedule.series_end, name="series-end"),
    path("teams/<slug:slug>/huddles/new/", schedule.huddle_new, name="huddle-new"),
    path(HUDDLE + "change/", schedule.huddle_change, name="huddle-change"),
    path(HUDDLE + "cancel/", schedule.huddle_cancel, name="huddle-cancel"),
]
