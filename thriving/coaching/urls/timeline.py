"""Coaching URLs: timeline (the person's timeline, and their progress charts, printable)."""

from django.urls import path

from thriving.coaching.views import timeline

urlpatterns: list = [
    path("<uuid:uuid>/timeline/", timeline.timeline, name="timeline"),
    path("<uuid:uuid>/progress/", timeline.progress, name="progress"),
]
