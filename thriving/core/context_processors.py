"""What every page needs: the service's name and the navigation this person may use."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from thriving.core import contact, policy

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


def _from_apps(attribute: str) -> list[tuple[str, str, str]]:
    """Menu items that apps after core add through their AppConfig (so core imports none of them)."""
    return [item for config in apps.get_app_configs() for item in getattr(config, attribute, [])]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    if signed_in:
        items = STAFF_NAVIGATION[:3] + _from_apps("staff_navigation") + STAFF_NAVIGATION[3:]
    else:
        items = _from_apps("public_navigation") + PUBLIC_NAVIGATION
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
        "public_contact_email": contact.public_contact_email(),
        "exit_this_page_url": settings.EXIT_THIS_PAGE_URL,
        "navigation": nav,
        "signed_in": signed_in,
    }
