"""Coaching URLs: sessions (recording one, the list, one session) and marking next steps done."""

from django.urls import path

from thriving.coaching.views import sessions as views

urlpatterns: list = [
    path("<uuid:uuid>/sessions/", views.sessions, name="sessions"),
    path("<uuid:uuid>/sessions/add/", views.session_add, name="session-add"),
    path("<uuid:uuid>/sessions/<uuid:session_uuid>/", views.session, name="session"),
    path("<uuid:uuid>/next-steps/<uuid:step_uuid>/done/", views.next_step_done, name="next-step-done"),
]
