"""The community pages. Each part keeps its own URL list; every view declares its policy."""

from thriving.community import urls_ambassadors, urls_ideas, urls_local_nets, urls_pledges, urls_staff

app_name = "community"

urlpatterns = [
    *urls_local_nets.urlpatterns,
    *urls_ideas.urlpatterns,
    *urls_pledges.urlpatterns,
    *urls_ambassadors.urlpatterns,
    *urls_staff.urlpatterns,
]
