"""Who may open which staff page: every role against every page, both allowed and refused."""

import pytest
from django.urls import reverse

from thriving.core.models import Role

ALL = set(Role.values)
# page -> the roles that may open it
MATRIX = {
    "core:home": ALL,
    "core:account": ALL,
    "core:organisation-list": ALL,
    "core:user-list": {Role.ADMINISTRATOR},
    "core:audit": {Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER},
    "core:site-settings": {Role.ADMINISTRATOR},
    "admin:index": {Role.ADMINISTRATOR},
}
CASES = [(page, role) for page in MATRIX for role in Role.values]


@pytest.mark.parametrize(("page", "role"), CASES)
def test_role_by_page(client, user_with_role, page, role):
    client.force_login(user_with_role(role))
    response = client.get(reverse(page))
    expected = 200 if role in MATRIX[page] else 403
    assert response.status_code == expected, f"{role} on {page}"


@pytest.mark.parametrize("page", list(MATRIX))
def test_anonymous_people_are_asked_to_sign_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_a_person_with_no_role_sees_no_staff_page(client, db):
    from thriving.core.tests.factories import UserFactory

    client.force_login(UserFactory())
    for page in MATRIX:
        assert client.get(reverse(page)).status_code == (200 if page == "core:account" else 403), page


def test_a_deactivated_person_is_signed_out(client, user_with_role):
    user = user_with_role(Role.ADMINISTRATOR)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (Role.HUB_WORKER, ["Organisations"], ["Users", "Audit trail", "Settings"]),
        (Role.DATA_PROTECTION_OFFICER, ["Audit trail"], ["Users", "Settings"]),
        (Role.ADMINISTRATOR, ["Users", "Audit trail", "Settings"], []),
    ],
)
def test_navigation_shows_only_what_roles_allow(client, user_with_role, role, visible, hidden):
    client.force_login(user_with_role(role))
    body = client.get(reverse("core:home")).content.decode()
    nav = body.split('class="govuk-service-navigation__list"')[1].split("</ul>")[0]
    for label in visible:
        assert f">{label}<" in nav
    for label in hidden:
        assert f">{label}<" not in nav
