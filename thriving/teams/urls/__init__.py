"""The connected teams' pages, one URL list per concept (as `views` is split): `teams`, `schedule`,
`agenda`, `running`, `actions` and `asks`. Every view declares its policy."""

from thriving.teams.urls import actions, agenda, asks, running, schedule, teams

app_name = "teams"

urlpatterns = [
    *teams.urlpatterns,
    *schedule.urlpatterns,
    *agenda.urlpatterns,
    *running.urlpatterns,
    *actions.urlpatterns,
    *asks.urlpatterns,
]
