"""URLs of people: search, a person's record and details, consent, safeguarding notes, merging."""

from django.urls import path

from thriving.frontdoor.views import people

urlpatterns = [
    path("people/", people.search, name="people"),
    path("people/<uuid:uuid>/", people.person_detail, name="person"),
    path("people/<uuid:uuid>/details/", people.person_edit, name="person-edit"),
    path("people/<uuid:uuid>/consent/", people.consent_add, name="person-consent"),
    path("people/<uuid:uuid>/consent/<uuid:consent>/withdraw/", people.consent_withdraw, name="consent-withdraw"),
    path("people/<uuid:uuid>/safeguarding/", people.safeguarding_add, name="safeguarding-add"),
    path("people/<uuid:uuid>/merge/", people.merge_choose, name="person-merge"),
    path("people/<uuid:uuid>/merge/<uuid:other>/", people.merge_confirm, name="person-merge-confirm"),
]
