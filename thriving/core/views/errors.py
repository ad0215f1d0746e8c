"""GOV.UK-styled error pages. They never show a stack trace."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/errors/csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the error may have come from them or the database.
    from django.template import loader

    template = loader.get_template("core/errors/500.html")
    return HttpResponse(template.render({"service_name": "Thriving"}), status=500)
