"""URLs of the front door: people, households, merging and staff intake."""

from django.urls import path

from thriving.frontdoor.views import intake, people

urlpatterns = [
    path("people/", people.search, name="people"),
    path("people/<uuid:uuid>/", people.person_detail, name="person"),
    path("people/<uuid:uuid>/details/", people.person_edit, name="person-edit"),
    path("people/<uuid:uuid>/consent/", people.consent_add, name="person-consent"),
    path("people/<uuid:uuid>/consent/<uuid:consent>/withdraw/", people.consent_withdraw, name="consent-withdraw"),
    path("people/<uuid:uuid>/household/add/", people.household_add, name="household-add"),
    path("people/<uuid:uuid>/household/link/", people.household_link, name="household-link"),
    path("people/<uuid:uuid>/household/<uuid:member>/remove/", people.household_remove, name="household-remove"),
    path("people/<uuid:uuid>/safeguarding/", people.safeguarding_add, name="safeguarding-add"),
    path("people/<uuid:uuid>/merge/", people.merge_choose, name="person-merge"),
    path("people/<uuid:uuid>/merge/<uuid:other>/", people.merge_confirm, name="person-merge-confirm"),
    path("intake/", intake.intake, name="intake"),
    path("intake/done/<str:reference>/", intake.intake_done, name="intake-done"),
]
