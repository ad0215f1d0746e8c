"""Paging the API's lists: a page past the end is a 404 in problem details, whatever its number;
a page number that is not a whole number from 1 is a 422. Never a 500."""

import pytest

from thriving.core.models import Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.tests.factories import HelpRequestFactory, ReferralFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
HUGE = "500000000000000000"  # times any page size, more than a 64-bit OFFSET can hold


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def staff_client(client, user_with_role, organisation):
    """Organisation staff may list both requests (those referred to them) and referrals."""
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=organisation))
    client.raise_request_exception = False
    return client


@pytest.fixture
def three_referrals(organisation):
    locality = LocalityFactory()
    return [
        ReferralFactory(request=HelpRequestFactory(locality=locality, status="referred"),
                        service__organisation=organisation)
        for _ in range(3)
    ]


LISTS = ["/api/v1/requests", "/api/v1/referrals"]
NONE_OF_THEM = {"/api/v1/requests": {"status": "closed"}, "/api/v1/referrals": {"status": "declined"}}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", [HUGE, "9" * 40, "3"])
def test_a_page_past_the_end_is_not_found(staff_client, three_referrals, url, page):
    response = staff_client.get(url, {"page": page, "per_page": 2})
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 404
    assert body["detail"] == f"There is no page {page}: the last page is 2."


@pytest.mark.parametrize("url", LISTS)
def test_the_last_page_and_the_first_page_of_an_empty_list_are_pages(staff_client, three_referrals, url):
    last = staff_client.get(url, {"page": 2, "per_page": 2})
    assert last.status_code == 200
    assert (last.json()["total"], len(last.json()["items"])) == (3, 1)
    empty = staff_client.get(url, {"page": 1, **NONE_OF_THEM[url]})
    assert empty.status_code == 200
    assert (empty.json()["total"], empty.json()["items"]) == (0, [])
    assert staff_client.get(url, {"page": 2, **NONE_OF_THEM[url]}).status_code == 404


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["0", "-1", "one", "1.5", ""])
def test_a_page_that_is_not_a_whole_number_from_one_is_invalid(staff_client, url, page):
    response = staff_client.get(url, {"page": page})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    assert [error["location"] for error in response.json()["errors"]] == ["query.page"]
