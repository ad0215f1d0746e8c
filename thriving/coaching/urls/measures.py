"""Coaching URLs: measures (the built-in ones' wording, an organisation's own). A measure is named
in its address by its key (the built-in `gbo`, `ons4-anxiety`; an own measure's from its name)."""

from django.urls import path

from thriving.coaching.views import measures

urlpatterns: list = [
    path("measures/", measures.measures, name="measures"),
    path("measures/add/", measures.measure_add, name="measure-add"),
    path("measures/<slug:key>/", measures.measure_change, name="measure-change"),
]
