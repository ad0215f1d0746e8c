"""Page numbers of any size: the search page shows its last page, the Open Referral UK lists answer
an empty page of the envelope (the standard's answer past the end), and neither ever a 500."""

import pytest
from django.urls import reverse

from thriving.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    build_directory,
)

pytestmark = pytest.mark.django_db

HUGE = "500000000000000000"  # times any page size, more than a 64-bit OFFSET can hold
NUMBERS = [HUGE, "9" * 40, str(2**63 // 20), "-3"]


@pytest.mark.parametrize("page", NUMBERS)
def test_the_search_page_shows_the_last_page_for_any_number(client, page):
    for n in range(25):
        service = ServiceFactory(name=f"Service {n:02d}")
        ServiceAtLocationFactory(service=service, location=LocationFactory())
    client.raise_request_exception = False
    response = client.get(reverse("directory:search"), {"q": "service", "page": page})
    assert response.status_code == 200
    html = response.content.decode()
    if page.startswith("-"):
        assert "Showing 1 to 20 of 25" in html
    else:
        assert f"There is no page {page}" in html
        assert "Showing 21 to 25 of 25" in html


ORUK_LISTS = [
    ("/openreferral/services", {}),
    ("/openreferral/services", {"full": "true"}),
    ("/openreferral/services", {"minimal": "true"}),
    ("/openreferral/service_at_locations", {}),
    ("/openreferral/service_at_locations", {"full": "true"}),
    ("/openreferral/organizations", {}),
    ("/openreferral/organizations", {"full_service": "true"}),
    ("/openreferral/taxonomies", {}),
    ("/openreferral/taxonomy_terms", {}),
]


@pytest.mark.parametrize(("url", "params"), ORUK_LISTS)
@pytest.mark.parametrize("page", [HUGE, "9" * 40])
def test_an_open_referral_page_past_the_end_is_an_empty_page(client, url, params, page):
    build_directory(services=4, organisations=2)
    client.raise_request_exception = False
    response = client.get(url, {**params, "page": page})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total_items"] > 0
    assert body["total_pages"] == 1
    assert (body["page_number"], body["size"], body["contents"]) == (int(page), 0, [])
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, True, True)


@pytest.mark.parametrize(("url", "params"), ORUK_LISTS[::3])
@pytest.mark.parametrize("page", ["0", "-1", "one", "1e9"])
def test_an_open_referral_page_that_is_not_a_whole_number_from_one_is_a_bad_request(client, url, params, page):
    response = client.get(url, {**params, "page": page})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("page must be")
