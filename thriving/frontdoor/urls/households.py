"""URLs of a person's household: adding, linking and removing its members."""

from django.urls import path

from thriving.frontdoor.views import households

urlpatterns = [
    path("people/<uuid:uuid>/household/add/", households.household_add, name="household-add"),
    path("people/<uuid:uuid>/household/link/", households.household_link, name="household-link"),
    path("people/<uuid:uuid>/household/<uuid:member>/remove/", households.household_remove,
         name="household-remove"),
]
