"""The site's own address, for links in emails: `SITE_URL`; in debug mode (the demo) with no
SITE_URL given, the address the page sending the email is served at."""

from typing import Any

from django.conf import settings


def site_url(request: Any = None) -> str:
    """The address links in emails start with, without a trailing slash."""
    if request is not None and getattr(settings, "SITE_URL_FROM_REQUEST", False):
        return request.build_absolute_uri("/").rstrip("/")
    return str(settings.SITE_URL).rstrip("/")
