"""A resident searches from their postcode, opens a service, sees how far it is, taps to call and
prints the page; a page about domestic abuse offers "Exit this page". Headless Chromium, axe on
every page."""

import pytest
from django.core.cache import cache

from thriving.directory.models import TaxonomyTerm
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.browser

AFTER = "(element) => getComputedStyle(element, '::after').content"


@pytest.fixture
def services(transactional_db, settings):
    settings.SERVICE_CONTACT_EMAIL = "hub@erewash.gov.uk"
    settings.EXIT_THIS_PAGE_URL = "/accessibility/"
    cache.clear()
    load_taxonomy()
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay", centre_lat=52.99126, centre_lng=-1.31964)
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality), lat=52.99126, lng=-1.31964)
    larder = ServiceFactory(name="Cotmanhay Food Larder", phone="0115 496 0000", url="https://larder.example/")
    larder.needs.set(TaxonomyTerm.objects.filter(code="food-pantries"))
    larder.localities.set([locality])
    ServiceAtLocationFactory(service=larder, location=LocationFactory(
        name="Cotmanhay Community Centre", latitude=53.02, longitude=-1.31964, locality=locality))
    refuge = ServiceFactory(name="Safe Haven Refuge")
    refuge.needs.set(TaxonomyTerm.objects.filter(code="refuge"))
    ServiceAtLocationFactory(service=refuge, location=LocationFactory(name="A safe place", latitude=52.99,
                                                                      longitude=-1.32))
    yield {"larder": larder, "refuge": refuge}
    cache.clear()


def test_a_resident_opens_a_service_sees_the_distance_calls_and_prints(page, axe, services):
    page.goto("/services/")
    page.get_by_label("Postcode (optional)", exact=True).fill("DE7 8QA")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_test_id("result-count").wait_for()
    axe(page, "search results")
    page.get_by_role("link", name="Cotmanhay Food Larder").click()
    page.wait_for_url("**/services/*/?postcode=DE7%208QA")
    axe(page, "service page from a search")

    assert page.get_by_test_id("distance").inner_text() == "2.0 miles (3.2 km) from DE7 8QA"
    assert page.get_by_role("link", name="0115 496 0000").get_attribute("href") == "tel:01154960000"
    assert "hub@erewash.gov.uk" in page.get_by_test_id("hub-contact").inner_text()
    assert page.locator(".govuk-exit-this-page").count() == 0
    printer = page.get_by_role("button", name="Print this page")
    assert printer.is_visible()  # shown by its script

    # Printing: calling print() opens no dialog headless; count the calls instead.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    printer.click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    assert not printer.is_visible()
    assert not page.locator(".govuk-header").is_visible()
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.get_by_role("link", name="Report a problem with this page").is_visible()
    # No "(/localities/cotmanhay/)" after links on paper.
    assert page.get_by_role("link", name="Cotmanhay", exact=True).evaluate(AFTER) in ("none", "normal")
    assert page.get_by_role("link", name="https://larder.example/").evaluate(AFTER) in ("none", "normal")
    page.emulate_media(media="screen")


def test_without_javascript_there_is_no_print_button(browser_without_js, services):
    page = browser_without_js
    page.goto(f"/services/{services['larder'].uuid}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cotmanhay Food Larder"
    assert not page.get_by_role("button", name="Print this page").is_visible()


def test_a_page_about_domestic_abuse_offers_exit_this_page(page, axe, services):
    page.goto(f"/services/{services['refuge'].uuid}/")
    exit_button = page.locator(".govuk-exit-this-page").get_by_role("button", name="Emergency Exit this page")
    assert exit_button.is_visible()
    axe(page, "refuge page with exit this page")
    abuse = TaxonomyTerm.objects.get(code="domestic-abuse")
    page.goto(f"/services/?need={abuse.uuid}")
    assert exit_button.is_visible()
    axe(page, "search for domestic abuse help")
    exit_button.click()
    page.wait_for_url("**/accessibility/")


@pytest.fixture
def browser_without_js(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
