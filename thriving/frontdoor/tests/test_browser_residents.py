"""Residents whose postcode is in no locality, in headless Chromium with axe on each page: the start
page leads with finding and asking for help, the postcode answer leads on to the nearest
localities and help nearby, the request they send records where it came from, and a hub worker
places it in a locality."""

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from thriving.frontdoor.models import HelpRequest
from thriving.frontdoor.tests.factories import HelpRequestFactory
from thriving.places.tests.factories import AreaFactory, PostcodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("open_ask", "taxonomy")]

HALLAM_FIELDS = (52.96031, -1.30417)  # DE7 4AA, in Ilkeston, south of Cotmanhay


@pytest.fixture
def de7_4aa(cotmanhay):
    lat, lng = HALLAM_FIELDS
    return PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(code="E01019659", centre_lat=lat, centre_lng=lng),
                           lat=lat, lng=lng)


def test_a_resident_outside_every_locality_finds_help_near_them_and_asks_for_help(page, axe, de7_4aa):
    service = ServiceFactory(name="Hallam Fields Pantry")
    ServiceAtLocationFactory(service=service, location=LocationFactory(
        name="Hallam Fields chapel", latitude=HALLAM_FIELDS[0] + 0.002, longitude=HALLAM_FIELDS[1]))

    page.goto("/")
    axe(page, "start page")
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Find help near you") < headings.index("Ask for help") < headings.index("Find your locality")

    page.get_by_label("Postcode", exact=True).fill("de7 4aa")
    page.get_by_role("button", name="Find your locality").click()
    page.wait_for_url("**/postcode/?postcode=*")
    assert "DE7 4AA is not in one of the localities yet" in page.get_by_test_id("postcode-answer").inner_text()
    assert "Hallam Fields ward of Erewash" in page.get_by_test_id("postcode-answer").inner_text()
    nearest = page.get_by_test_id("nearest-localities").inner_text()
    assert "Cotmanhay, Erewash:" in nearest
    assert "miles (" in nearest and "km) away" in nearest  # noqa: PT018
    axe(page, "postcode outside every locality")

    page.get_by_role("link", name="Find services and groups near DE7 4AA").click()
    page.wait_for_url("**/services/?postcode=*")
    assert page.get_by_role("link", name="Hallam Fields Pantry").first.is_visible()
    axe(page, "help near DE7 4AA")

    page.go_back()
    page.get_by_test_id("ways-on").get_by_role("link", name="Ask for help").click()
    page.wait_for_url("**/ask-for-help/")
    axe(page, "ask for help")

    page.goto(reverse("core:postcode") + "?postcode=NG1+1AA")
    assert "We do not know the postcode NG1 1AA" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_test_id("ways-on").get_by_role("link", name="Ask for help").is_visible()
    axe(page, "unknown postcode")


def test_the_start_page_finds_help_by_what_is_needed_and_postcode(page, axe, de7_4aa):
    service = ServiceFactory(name="Ilkeston Food Bank", description="Food parcels")
    ServiceAtLocationFactory(service=service, location=LocationFactory(
        name="Bath Street", latitude=HALLAM_FIELDS[0], longitude=HALLAM_FIELDS[1] + 0.003))
    page.goto("/")
    form = page.get_by_test_id("find-help")
    form.get_by_label("What do you need help with? (optional)").fill("food")
    form.get_by_label("Your postcode (optional)").fill("DE74AA")
    form.get_by_role("button", name="Find help").click()
    page.wait_for_url("**/services/?*")
    assert page.get_by_role("link", name="Ilkeston Food Bank").first.is_visible()
    axe(page, "find help from the start page")

    page.get_by_role("link", name="Accessibility statement").click()
    assert "partially compliant" in page.get_by_test_id("compliance-status").inner_text()
    assert "last reviewed on" in page.get_by_test_id("statement-dates").inner_text()
    axe(page, "accessibility statement")


def test_a_hub_worker_places_a_request_from_outside_every_locality(page, axe, sign_in, user_with_role, cotmanhay):
    request = HelpRequestFactory(postcode="DE7 4AA", locality=None, ward_code="E05010610", ward_name="Hallam Fields",
                                 local_authority=cotmanhay.local_authority, nearest_locality=cotmanhay,
                                 nearest_locality_metres=2745)
    sign_in(page, user_with_role(Role.HUB_WORKER))
    page.goto(reverse("frontdoor:request", args=[request.reference]))
    where = page.get_by_test_id("where").inner_text()
    assert "Hallam Fields, Erewash" in where
    assert "The nearest is Cotmanhay, 1.7 miles (2.7 km) away." in where
    axe(page, "request from outside every locality")
    assert page.get_by_label("Locality", exact=True).input_value() == "cotmanhay"
    page.get_by_label("Why (optional)").fill("Closest connected team")
    page.get_by_role("button", name="Place it in this locality").click()
    page.wait_for_url("**#where")
    assert page.get_by_test_id("request-locality").inner_text() == "Cotmanhay"
    assert "Placed in Cotmanhay: Closest connected team" in page.get_by_test_id("history").inner_text()
    axe(page, "request placed in a locality")
    request.refresh_from_db()
    assert request.locality == cotmanhay
    assert HelpRequest.objects.filter(locality=cotmanhay).count() == 1
