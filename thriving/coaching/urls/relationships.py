"""Coaching URLs: relationships (starting coaching, its overview, consent, coaches, handing the
lead over, ending it)."""

from django.urls import path

from thriving.coaching.views import relationships as views

urlpatterns: list = [
    path("start/", views.start, name="start"),
    path("<uuid:uuid>/", views.overview, name="relationship"),
    path("<uuid:uuid>/consent/", views.consent, name="consent"),
    path("<uuid:uuid>/coaches/", views.coaches, name="coaches"),
    path("<uuid:uuid>/transfer/", views.transfer, name="transfer"),
    path("<uuid:uuid>/end/", views.end, name="end"),
]
