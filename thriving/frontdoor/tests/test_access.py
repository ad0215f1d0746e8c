"""Who may open which front-door page: every role against every page, allowed and refused."""

import pytest
from django.urls import reverse

from thriving.core.models import Role

HUB = {Role.HUB_WORKER, Role.SAFEGUARDING_LEAD}
WORKERS = {Role.HUB_WORKER, Role.ORGANISATION_STAFF, Role.TEAM_MEMBER, Role.COACH, Role.SAFEGUARDING_LEAD}
MATRIX = {
    "frontdoor:queue": HUB,
    "frontdoor:people": HUB,
    "frontdoor:intake": WORKERS,
    "frontdoor:referral-queue": {Role.ORGANISATION_STAFF},
    "frontdoor:demand": {Role.HUB_WORKER, Role.ANALYST, Role.BOARD_MEMBER, Role.ENABLER, Role.SAFEGUARDING_LEAD},
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


def test_the_public_can_ask_for_help_without_an_account(client, db):
    assert client.get(reverse("frontdoor:ask-start")).status_code == 200
