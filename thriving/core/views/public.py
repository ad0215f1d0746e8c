"""Public pages: the start page, the service's statements, and the health check."""

import datetime
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from thriving.core import resident_links
from thriving.core.policy import public


@public
def start(request: HttpRequest) -> HttpResponse:
    """What residents come for first (find help, ask for help), then which locality they are in."""
    return render(request, "core/pages/start.html", {"links": resident_links.links()})


# When the accessibility statement was prepared, last reviewed and the service last tested: change
# them whenever the statement is reviewed (at least once a year, as the regulations require).
ACCESSIBILITY_PREPARED = datetime.date(2026, 12, 2)
ACCESSIBILITY_REVIEWED = datetime.date(2026, 12, 2)
ACCESSIBILITY_TESTED = datetime.date(2026, 12, 2)


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the form the Public Sector Bodies Accessibility Regulations
    2018 ask for: compliance status, what is not accessible, how it was tested, and its dates."""
    return render(request, "core/pages/accessibility.html", {
        "prepared": ACCESSIBILITY_PREPARED, "reviewed": ACCESSIBILITY_REVIEWED, "tested": ACCESSIBILITY_TESTED,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    })


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/privacy.html")


@public
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/pages/cookies.html")


logger = logging.getLogger(__name__)


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _layout_renders(request: HttpRequest) -> None:
    """The page layout every page extends, which finds its stylesheet and scripts through the static
    files storage: with debug off a release whose static files were not collected fails here."""
    render_to_string("base.html", request=request)


@public
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers and pages can be drawn, else 503, with
    which check failed (the details go to the log, not to whoever asks). Reads no personal data."""
    checks = {}
    for name, check in (("database", _database_answers), ("pages", lambda: _layout_renders(request))):
        try:
            check()
        except Exception:
            logger.exception("Health check %r failed", name)
            checks[name] = "error"
        else:
            checks[name] = "ok"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
