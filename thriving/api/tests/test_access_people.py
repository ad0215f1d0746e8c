"""Who is signed in, beyond the role-by-page matrix (`test_role_matrix.py`): a person with an
account and no role, a deactivated person, and the navigation each role is shown."""

import re

import pytest
from django.urls import reverse

from thriving.api.tests.matrix_pages import PAGES, Page
from thriving.api.tests.test_role_matrix import URLS
from thriving.core import policy
from thriving.core.models import Role
from thriving.core.policy import API, PUBLIC, declared
from thriving.core.tests.factories import UserFactory

# Every page with no parameters that is not public: a person with no role may open only those
# the policy grants to anyone signed in (their account, their actions...), and no other.
STAFF_PAGES = sorted(
    key for key, (route, callback) in URLS.items()
    if "<" not in route and "(?P" not in route and declared(callback) not in (PUBLIC, API)
)


def test_there_are_staff_pages():
    assert {"core:home", "core:user-list", "frontdoor:queue", "teams:team-list"} <= set(STAFF_PAGES)


@pytest.mark.parametrize("key", STAFF_PAGES)
def test_a_person_with_no_role_opens_only_what_anyone_signed_in_may(client, db, key):
    nobody = UserFactory()
    client.force_login(nobody)
    page = PAGES.get(key, Page())
    expected = page.ok if policy.can(nobody, declared(URLS[key][1])) else 403
    response = getattr(client, page.method)(reverse(key))
    assert response.status_code == expected


def test_a_person_with_no_role_sees_no_staff_home(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("core:home")).status_code == 403
    assert client.get(reverse("core:account")).status_code == 200


def test_a_deactivated_person_is_signed_out(client, user_with_role):
    user = user_with_role(Role.ADMINISTRATOR)
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


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
    home = client.get(reverse("core:home")).content.decode()
    menu = home.split('class="govuk-service-navigation__list"')[1].split("</ul>")[0]
    # The administration section's first item, with the section's own row of items open.
    first = re.findall(r'href="([^"]+)"', menu)[-1]
    body = client.get(first).content.decode()
    nav = body.split('class="govuk-service-navigation__list"')[1].split("</section>")[0]
    for label in visible:
        assert f">{label}<" in nav
    for label in hidden:
        assert f">{label}<" not in nav
