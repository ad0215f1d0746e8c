"""URLs of setting a request's locality."""

from django.urls import path

from thriving.frontdoor.views import locality

urlpatterns = [
    path("requests/<str:reference>/locality/", locality.set_locality, name="request-locality"),
]
