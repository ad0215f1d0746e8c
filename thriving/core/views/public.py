"""Public pages: the start page and the service's statements."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from thriving.core.policy import public


@public
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/start.html")


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/privacy.html")


@public
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/cookies.html")


@public
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without touching the database or personal data."""
    return JsonResponse({"status": "ok"})
