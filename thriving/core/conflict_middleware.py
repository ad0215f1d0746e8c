"""The one place that turns a Conflict no view answered itself into a 409 page (the API answers
its own with problem details, in `thriving.api.base`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.conflicts import Conflict


class ConflictMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Conflict):
            return render(request, "core/errors/409.html", {"message": str(exception)}, status=409)
        return None
