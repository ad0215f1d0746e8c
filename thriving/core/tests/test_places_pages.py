"""The public pages about places, and the places API: what people see, and bad input."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from thriving.places.tests.factories import AreaFactory, LocalAuthorityFactory, LocalityFactory, PostcodeFactory


@pytest.fixture
def cotmanhay(db):
    locality = LocalityFactory(
        name="Cotmanhay",
        slug="cotmanhay",
        description="A community on the edge of Ilkeston.",
        ward_codes=["E05010606"],
        ward_names=["Cotmanhay"],
    )
    AreaFactory(code="E01019663", name="Erewash 001C", locality=locality, imd_decile=1)
    AreaFactory(code="E01019664", name="Erewash 001D", locality=locality, imd_decile=2)
    AreaFactory(code="E01019665", name="Erewash 001E", locality=locality, imd_decile=None)
    return locality


def test_locality_page_draws_the_boundary_and_lists_its_areas(client, cotmanhay, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("core:locality-detail", args=["cotmanhay"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' in html
    assert 'role="img" aria-label="Map of the boundary of Cotmanhay"' in html
    assert "<title>Map of the boundary of Cotmanhay, made of the wards Cotmanhay</title>" in html
    assert '<path d="M' in html
    assert "<script" not in html.split('data-testid="locality-outline"')[1].split("</svg>")[0]
    assert '<caption class="govuk-table__caption govuk-table__caption--s">3 statistical areas in Cotmanhay' in html
    for name, code, decile in [("Erewash 001C", "E01019663", "1"), ("Erewash 001D", "E01019664", "2")]:
        assert f'<th scope="row" class="govuk-table__header">{name}</th>' in html
        assert f'<td class="govuk-table__cell">{code}</td>' in html
        assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{decile}</td>' in html
    assert "Not known" in html
    assert "E05010606" in html
    assert "Open Government Licence" in html


def test_locality_page_queries_do_not_grow_with_its_areas(client, cotmanhay, django_assert_max_num_queries):
    AreaFactory.create_batch(30, locality=cotmanhay)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("core:locality-detail", args=["cotmanhay"]))
    assert "33 statistical areas in Cotmanhay" in response.content.decode()


def test_locality_page_without_a_boundary_or_areas(client, db):
    LocalityFactory(slug="new-place", name="New place", boundary=None)
    html = client.get(reverse("core:locality-detail", args=["new-place"])).content.decode()
    assert "<svg" not in html
    assert "No statistical areas have their centre in New place." in html


def test_unknown_locality_is_not_found(client, db):
    assert client.get(reverse("core:locality-detail", args=["atlantis"])).status_code == 404


def test_locality_list_groups_by_local_authority(client, db, django_assert_max_num_queries):
    derby = LocalAuthorityFactory(code="E06000015", name="Derby", county_code="", county_name="")
    LocalityFactory(name="Alvaston", slug="alvaston", local_authority=derby)
    LocalityFactory(name="Chaddesden", slug="chaddesden", local_authority=derby)
    LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    with django_assert_max_num_queries(2):
        html = client.get(reverse("core:locality-list")).content.decode()
    assert html.index(">Derby</h2>") < html.index("Alvaston") < html.index("Chaddesden") < html.index(">Erewash</h2>")
    assert html.index(">Erewash</h2>") < html.index("Cotmanhay")


@pytest.mark.parametrize("raw", ["de78qa", "DE7 8QA", " de7  8qa "])
def test_postcode_page_finds_the_locality_in_any_spelling(client, cotmanhay, raw):
    PostcodeFactory(postcode="DE7 8QA", area=cotmanhay.areas.get(code="E01019664"))
    response = client.get(reverse("core:postcode"), {"postcode": raw})
    assert response.status_code == 200
    html = response.content.decode()
    assert "DE7 8QA is in Cotmanhay" in html
    assert reverse("core:locality-detail", args=["cotmanhay"]) in html
    assert "govuk-error-summary" not in html


def test_postcode_page_outside_every_locality_says_so(client, db):
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    response = client.get(reverse("core:postcode"), {"postcode": "de74aa"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "DE7 4AA is not in one of the localities yet" in html
    assert "DE7 4AA is in the Hallam Fields ward of Erewash." in html
    assert "The nearest localities" not in html  # there are none to offer
    assert f'href="{reverse("directory:search")}?postcode=DE7+4AA">Find services and groups near DE7 4AA' in html
    assert f'href="{reverse("frontdoor:ask-start")}">Ask for help</a>' in html


def test_postcode_outside_a_locality_leads_to_the_nearest_ones_with_their_distance(client, cotmanhay):
    """DE7 4AA is about 2.7 km south of the test Cotmanhay's boundary (a small square around
    52.99, -1.31); a second locality further away comes after it."""
    LocalityFactory(name="Far away", slug="far-away", centre_lat=53.2, centre_lng=-1.6)
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    html = client.get(reverse("core:postcode"), {"postcode": "DE7 4AA"}).content.decode()
    nearest = html.split('data-testid="nearest-localities"')[1].split("</ul>")[0]
    assert nearest.index("Cotmanhay") < nearest.index("Far away")
    cotmanhay_link = f'href="{reverse("core:locality-detail", args=["cotmanhay"])}">Cotmanhay</a>'
    assert f"{cotmanhay_link}, Erewash: 1.7 miles (2.7 km) away" in nearest
    assert "Help near DE7 4AA" in html


def test_postcode_in_a_locality_also_leads_to_help_near_it(client, cotmanhay):
    PostcodeFactory(postcode="DE7 8QA", area=cotmanhay.areas.get(code="E01019664"), lat=52.99, lng=-1.31)
    html = client.get(reverse("core:postcode"), {"postcode": "DE7 8QA"}).content.decode()
    assert "Cotmanhay ward, Erewash" in html
    assert f'{reverse("directory:search")}?postcode=DE7+8QA' in html
    assert "The nearest localities" not in html


def test_an_unknown_postcode_gets_a_clear_answer_and_a_way_on(client, db):
    response = client.get(reverse("core:postcode"), {"postcode": "NG1 1AA"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "We do not know the postcode NG1 1AA" in html
    assert "If the postcode is right" in html
    ways_on = html.split('data-testid="ways-on"')[1].split("</ul>")[0]
    assert f'href="{reverse("directory:search")}">Search for services and groups by what you need' in ways_on
    assert f'href="{reverse("frontdoor:ask-start")}">Ask for help</a>' in ways_on
    assert "you can say you do not know the postcode" in ways_on


def test_postcode_page_without_a_postcode_is_the_blank_form(client, db):
    response = client.get(reverse("core:postcode"))
    assert response.status_code == 200
    assert "govuk-error-summary" not in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "status", "message"),
    [
        ("", 400, "Enter a postcode"),
        ("XX", 400, "Enter a real postcode, like DE7 4AA"),
        ("q" * 30, 400, "Enter a real postcode, like DE7 4AA"),
        ("<b>DE7</b>", 400, "Enter a real postcode, like DE7 4AA"),
        ("ZZ9 9ZZ", 404, "We do not know the postcode ZZ9 9ZZ"),
    ],
)
def test_postcode_page_explains_bad_input(client, db, raw, status, message):
    response = client.get(reverse("core:postcode"), {"postcode": raw})
    assert response.status_code == status
    html = response.content.decode()
    assert "<title>Error: Find your locality" in html
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html
    assert f'<a href="#id_postcode">{message}' in html
    error = '<p id="id_postcode-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span>'
    assert f"{error} {message}" in html
    assert 'aria-describedby="id_postcode-hint id_postcode-error"' in html
    assert "<b>DE7</b>" not in html


def test_api_answers_for_a_postcode_in_a_locality(client, cotmanhay):
    PostcodeFactory(postcode="DE7 8QA", area=cotmanhay.areas.get(code="E01019664"))
    response = client.get("/api/v1/postcodes/de78qa")
    assert response.status_code == 200
    body = response.json()
    assert body["postcode"] == "DE7 8QA"
    assert body["locality"]["slug"] == "cotmanhay"
    assert body["local_authority"] == {"code": "E07000036", "name": "Erewash"}
    assert body["message"] == "DE7 8QA is in Cotmanhay, Erewash."


def test_api_answers_for_a_postcode_outside_every_locality(client, db):
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory())
    body = client.get("/api/v1/postcodes/DE7 4AA").json()
    assert body["locality"] is None
    assert "not in one of the localities" in body["message"]


@pytest.mark.parametrize(
    ("raw", "status", "title"),
    [
        ("XX", 400, "Malformed postcode"),
        ("%20", 400, "Malformed postcode"),
        ("z" * 30, 400, "Malformed postcode"),
        ("ZZ99ZZ", 404, "Unknown postcode"),
    ],
)
def test_api_bad_postcodes_are_problem_details(client, db, raw, status, title):
    response = client.get(f"/api/v1/postcodes/{raw}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"]) == (status, title)
    assert body["detail"]


def test_api_locality_has_its_boundary(client, cotmanhay):
    body = client.get("/api/v1/localities/cotmanhay").json()
    assert body["boundary"]["type"] == "Polygon"
    assert body["ward_codes"] == ["E05010606"]


@pytest.mark.browser
def test_a_resident_finds_their_locality_and_its_map_without_barriers(page, axe, cotmanhay):
    PostcodeFactory(postcode="DE7 8QA", area=cotmanhay.areas.get(code="E01019664"))
    page.goto(reverse("core:postcode"))
    axe(page, "postcode page")
    page.get_by_label("Postcode", exact=True).fill("XX")
    page.get_by_role("button", name="Find").click()
    assert "Enter a real postcode" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "postcode page with an error")
    page.get_by_label("Postcode", exact=True).fill("de78qa")
    page.get_by_role("button", name="Find").click()
    assert "DE7 8QA is in Cotmanhay" in page.get_by_test_id("postcode-answer").inner_text()
    axe(page, "postcode answer")
    page.get_by_role("link", name="About Cotmanhay").click()
    expect(page.get_by_role("img", name="Map of the boundary of Cotmanhay")).to_be_visible()
    assert page.get_by_role("table").locator("caption").inner_text().startswith("3 statistical areas")
    axe(page, "locality page")


def test_the_start_page_leads_with_finding_and_asking_for_help(client, db):
    html = client.get(reverse("core:start")).content.decode()
    find, ask, locality = (html.index(">Find help near you<"), html.index(">Ask for help</h2>"),
                           html.index(">Find your locality</h2>"))
    assert find < ask < locality
    assert f'action="{reverse("directory:search")}"' in html
    assert f'href="{reverse("frontdoor:ask-start")}" role="button"' in html


def test_the_accessibility_statement_has_what_the_regulations_ask_for(client, db):
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "This service is partially compliant with the" in html
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in html
    assert "Non-accessible content" in html
    assert "fails WCAG 2.2 success criterion 2.2.1" in html
    assert "Content that's not within the scope of the accessibility regulations" in html
    assert "This statement was prepared on 2 December 2026. It was last reviewed on 2 December 2026." in html
    assert "This service was last tested on 2 December 2026." in html
    assert "axe-core" in html
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018" in html
