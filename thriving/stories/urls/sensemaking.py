"""Stories URLs: sensemaking (patterns across a project's signifiers, and the same tables as CSV)."""

from django.urls import path

from thriving.stories.views import sensemaking

urlpatterns = [
    path("projects/<slug:slug>/patterns/", sensemaking.sensemaking, name="sensemaking"),
    path("projects/<slug:slug>/patterns.csv", sensemaking.sensemaking_csv, name="sensemaking-csv"),
]
