"""Coaching URLs: caseloads."""

from django.urls import path

from thriving.coaching.views import caseloads

urlpatterns: list = [
    path("caseload/", caseloads.caseload, name="caseload"),
    path("team-caseload/", caseloads.team_caseload, name="team-caseload"),
]
