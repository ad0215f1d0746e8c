"""The community pages, one URL list per concept (as `views` is split): `local_nets`, `ideas`,
`pledges`, `ambassadors`, and `home` (the staff landing page). Every view declares its policy."""

from thriving.community.urls import ambassadors, home, ideas, local_nets, pledges

app_name = "community"

urlpatterns = [
    *local_nets.urlpatterns,
    *ideas.urlpatterns,
    *pledges.urlpatterns,
    *ambassadors.urlpatterns,
    *home.urlpatterns,
]
