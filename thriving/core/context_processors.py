"""What every page needs: the service's name and the navigation this person may use."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from thriving.core import contact, policy

# (label, url name, action): an item shows only to people the action allows. Items come in
# sections (label, items); the menu shows one link per section, and the section's own items in a
# second row while a person is in it, so the menu fits on one line however many roles a person holds.
# A section with one item a person may use shows as that item.
Item = tuple[str, str, str]
Section = tuple[str, list[Item]]

STAFF_FIRST: list[Section] = [
    # The localities are under Home, so that the menu keeps to one line with every app's section.
    ("Home", [("Home", "core:home", "core.staff_home"), ("Localities", "core:locality-list", "core.staff_home")]),
]
STAFF_LAST: list[Section] = [
    (
        "Admin",
        [
            ("Organisations", "core:organisation-list", "core.view_organisations"),
            ("Users", "core:user-list", "core.manage_users"),
            ("Audit trail", "core:audit", "core.view_audit"),
            ("Settings", "core:site-settings", "core.manage_site_settings"),
        ],
    ),
]
PUBLIC_LAST: list[Section] = [
    (
        "Localities",
        [
            ("Find your locality", "core:postcode", policy.PUBLIC),
            ("All localities", "core:locality-list", policy.PUBLIC),
        ],
    ),
]


def _from_apps(attribute: str) -> list[Section]:
    """Menu sections that apps after core add through their AppConfig (so core imports none of
    them): the app's `<attribute>` items under its `navigation_section` label. Apps that name the
    same section share it (stories joins community's), so the menu stays one line as apps are
    added."""
    sections: dict[str, list] = {}
    for config in apps.get_app_configs():
        items = getattr(config, attribute, [])
        if items:
            sections.setdefault(getattr(config, "navigation_section", config.verbose_name), []).extend(items)
    return list(sections.items())


def _is_at(path: str, href: str) -> bool:
    return path == href or (href != "/" and len(href) > 1 and path.startswith(href))


def menu(user: Any, path: str, sections: list[Section]) -> list[dict[str, Any]]:
    """The sections this person may use, each with the items they may use and which is current."""
    menu = []
    for label, items in sections:
        allowed = []
        for item_label, name, action in items:
            if policy.can(user, action):
                href = reverse(name)
                allowed.append({"label": item_label, "href": href, "active": _is_at(path, href)})
        if not allowed:
            continue
        active = any(item["active"] for item in allowed)
        if len(allowed) == 1:
            menu.append({**allowed[0], "active": active, "items": []})
        else:
            menu.append({"label": label, "href": allowed[0]["href"], "active": active, "items": allowed})
    return menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    if signed_in:
        sections = STAFF_FIRST + _from_apps("staff_navigation") + STAFF_LAST
    else:
        sections = _from_apps("public_navigation") + PUBLIC_LAST
    nav = menu(user, request.path, sections)
    current = next((section for section in nav if section["active"] and section["items"]), None)
    return {
        "service_name": settings.SERVICE_NAME,
        "phase": settings.PHASE,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "public_contact_email": contact.public_contact_email(),
        "exit_this_page_url": settings.EXIT_THIS_PAGE_URL,
        "navigation": nav,
        "section_navigation": current,
        "signed_in": signed_in,
    }
