"""URLs of staff intake: a worker takes a request for someone."""

from django.urls import path

from thriving.frontdoor.views import intake

urlpatterns = [
    path("intake/", intake.intake, name="intake"),
    path("intake/done/<str:reference>/", intake.intake_done, name="intake-done"),
]
