"""The connected teams' pages. Each part keeps its own URL list; every view declares its policy."""

from thriving.teams import urls_asks, urls_teams

app_name = "teams"

urlpatterns = [
    *urls_teams.urlpatterns,
    *urls_asks.urlpatterns,
]
