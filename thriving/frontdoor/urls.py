"""The front door's pages. Each part keeps its own URL list; every view declares its policy."""

from thriving.frontdoor import urls_people, urls_public, urls_work
from thriving.frontdoor.demand import urls as urls_demand

app_name = "frontdoor"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_people.urlpatterns,
    *urls_work.urlpatterns,
    *urls_demand.urlpatterns,
]
