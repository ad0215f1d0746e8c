"""A URLconf with one view that declares no policy, to prove the middleware refuses it."""

from django.http import HttpResponse
from django.urls import include, path


def undeclared(request):
    return HttpResponse("should never be seen")


urlpatterns = [
    path("undeclared/", undeclared),
    path("", include("thriving.core.urls")),
]
