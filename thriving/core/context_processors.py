"""What every page needs: the service's name and the navigation this person may use."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from thriving.core import policy

# (label, url name, action): an item shows only to people the action allows.
STAFF_NAVIGATION = [
    ("Home", "core:home", "core.staff_home"),
    ("Organisations", "core:organisation-list", "core.view_organisations"),
    ("Localities", "core:locality-list", "core.staff_home"),
    ("Users", "core:user-list", "core.manage_users"),
    ("Audit trail", "core:audit", "core.view_audit"),
    ("Settings", "core:site-settings", "core.manage_site_settings"),
]
PUBLIC_NAVIGATION = [
    ("Find your locality", "core:postcode", policy.PUBLIC),
    ("Localities", "core:locality-list", policy.PUBLIC),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    items = STAFF_NAVIGATION if signed_in else PUBLIC_NAVIGATION
    path = request.path
    nav = []
    for label, name, action in items:
        if policy.can(user, action):
            href = reverse(name)
            active = path == href or (href != "/" and path.startswith(href) and len(href) > 1)
            nav.append({"label": label, "href": href, "active": active})
    return {
        "service_name": settings.SERVICE_NAME,
        "phase": settings.PHASE,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "navigation": nav,
        "signed_in": signed_in,
    }
