"""URLs of raising a safeguarding concern on a request."""

from django.urls import path

from thriving.frontdoor.views import safeguarding

urlpatterns = [
    path("requests/<str:reference>/safeguarding-concern/", safeguarding.raise_concern,
         name="request-safeguarding-concern"),
]
