"""A resident finds help near their postcode and opens a service, in headless Chromium with axe."""

import datetime

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from thriving.directory.models import TaxonomyTerm
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def cotmanhay_services(transactional_db):
    cache.clear()
    load_taxonomy()
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay", centre_lat=52.99126, centre_lng=-1.31964)
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality), lat=52.99126, lng=-1.31964)
    larder_org = OrganisationFactory(name="Cotmanhay Community Larder")
    hall = LocationFactory(name="Cotmanhay Community Centre", latitude=52.992, longitude=-1.318, locality=locality)
    larder = ServiceFactory(name="Cotmanhay Food Larder", organisation=larder_org, description="Low-cost food")
    larder.needs.set(TaxonomyTerm.objects.filter(code="food-pantries"))
    ServiceAtLocationFactory(service=larder, location=hall)
    ScheduleFactory(service=larder, byday="TU,FR", opens_at=datetime.time(10), closes_at=datetime.time(13))
    walk = ServiceFactory(name="Cotmanhay Wellbeing Walk", organisation=larder_org)
    ServiceAtLocationFactory(service=walk, location=LocationFactory(name="Canal Path", latitude=53.0, longitude=-1.31))
    yield
    cache.clear()


def test_a_resident_finds_help_near_their_postcode(page, axe, cotmanhay_services):
    page.goto("/services/")
    axe(page, "search page")
    page.get_by_label("Postcode (optional)", exact=True).fill("DE7 8QAX")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "Enter a real postcode" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "search page with errors")

    page.get_by_label("Postcode (optional)", exact=True).fill("de7 8qa")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.get_by_test_id("result-count").inner_text() == "2 results within 5 km of DE7 8QA"
    page.locator("#results-map .leaflet-marker-icon").first.wait_for()
    assert page.locator("#results-map .leaflet-marker-icon").count() == 2
    axe(page, "search results with a map")

    page.get_by_role("link", name="Cotmanhay Food Larder").click()
    page.wait_for_url("**/services/*/?postcode=DE7%208QA")  # the search's postcode goes along, for distances
    assert page.get_by_role("heading", level=1).inner_text() == "Cotmanhay Food Larder"
    assert "Tuesdays and Fridays, 10am to 1pm" in page.get_by_test_id("service-summary").inner_text()
    axe(page, "service page")


def test_staff_propose_and_an_editor_approves(page, axe, sign_in, cotmanhay_services, user_with_role):
    from thriving.core.models import Role
    from thriving.directory.models import Service

    larder = Service.objects.get(name="Cotmanhay Food Larder")
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=larder.organisation)
    editor = user_with_role(Role.DIRECTORY_EDITOR)

    sign_in(page, staff)
    page.goto("/directory/my-services/")
    axe(page, "your services")
    page.get_by_role("link", name="Change Cotmanhay Food Larder").click()
    expect(page.get_by_label("Name of the service")).to_be_visible()
    axe(page, "service form")
    page.get_by_label("Name of the service").fill("Cotmanhay Community Larder")
    page.get_by_role("button", name="Send for approval").click()
    page.wait_for_url("**/directory/my-services/")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, editor)
    page.goto("/directory/changes/")
    axe(page, "changes to approve")
    page.get_by_role("link", name="Cotmanhay Community Larder").click()
    expect(page.get_by_role("button", name="Approve and publish")).to_be_visible()
    axe(page, "review a change")
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url("**/directory/changes/")
    assert "has been approved" in page.locator(".govuk-notification-banner").inner_text()
