"""Coaching URLs: outcomes across people (counts only)."""

from django.urls import path

from thriving.coaching.views import outcomes

urlpatterns: list = [
    path("outcomes/", outcomes.outcomes_page, name="outcomes"),
    path("outcomes/download.csv", outcomes.outcomes_csv, name="outcomes-csv"),
]
