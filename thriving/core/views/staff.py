"""The home page staff land on after signing in: their roles and the work each role brings."""

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from thriving.core import policy
from thriving.core.models import Role

# What each role does in Thriving today, with the pages it opens. Shown on the staff home page.
ROLE_WORK = {
    Role.HUB_WORKER: (
        "Take requests for help and find the locality and players that can help.",
        [("Find the locality of a postcode", "core:postcode"), ("Organisations", "core:organisation-list")],
    ),
    Role.ORGANISATION_STAFF: (
        "Keep your organisation's details up to date and work with the localities you serve.",
        [("Organisations", "core:organisation-list")],
    ),
    Role.TEAM_MEMBER: (
        "Work with your connected team for your locality.",
        [("Localities", "core:locality-list")],
    ),
    Role.COACH: ("Support people and families toward goals they set themselves.", []),
    Role.COACH_LEAD: ("Lead a team of coaches: caseloads, handovers and what coaching achieves.", []),
    Role.ENABLER: ("Answer your connected teams' asks and unblock the system.", [("Localities", "core:locality-list")]),
    Role.BOARD_MEMBER: (
        "Follow shared outcomes and indicators across the partnership.",
        [("Localities", "core:locality-list")],
    ),
    Role.ANALYST: ("Read demand, duplication and cost by place.", [("Localities", "core:locality-list")]),
    Role.DIRECTORY_EDITOR: ("Keep the directory of services true.", [("Organisations", "core:organisation-list")]),
    Role.ADMINISTRATOR: (
        "Manage users, roles, organisations and the service's security settings.",
        [
            ("Users", "core:user-list"),
            ("Organisations", "core:organisation-list"),
            ("Audit trail", "core:audit"),
            ("Security settings", "core:site-settings"),
            ("Admin site", "admin:index"),
        ],
    ),
    Role.DATA_PROTECTION_OFFICER: (
        "Check who has seen, changed or exported personal data, and why.",
        [("Audit trail", "core:audit")],
    ),
    Role.SAFEGUARDING_LEAD: (
        "See restricted safeguarding notes, and decide when to share without consent to keep someone safe.",
        [],
    ),
    Role.AMBASSADOR: ("Share good news from your place and bring your neighbours in.", []),
}


@policy.policy("core.staff_home")
def home(request: HttpRequest) -> HttpResponse:
    memberships = policy.memberships(request.user)
    held = []
    for role in Role:
        scopes = [m.scope for m in memberships if m.role == role]
        if scopes:
            summary, links = ROLE_WORK[role]
            links = links + [
                link for config in apps.get_app_configs() for link in getattr(config, "role_links", {}).get(role, [])
            ]
            held.append(
                {"label": role.label, "value": role.value, "scopes": scopes, "summary": summary, "links": links}
            )
    return render(request, "core/staff/home.html", {
        "roles": held, "memberships": memberships, "sections": _sections(request),
    })


def _sections(request: HttpRequest) -> list[str]:
    """Boxes that apps after core put at the top of the home page, through `home_sections` on their
    AppConfig: (action, template, dotted path of a function giving the template's context for the
    user). Each shows only to people the action allows."""
    found = []
    for config in apps.get_app_configs():
        for action, template, builder in getattr(config, "home_sections", []):
            if policy.can(request.user, action):
                found.append(render_to_string(template, import_string(builder)(request.user), request=request))
    return found
