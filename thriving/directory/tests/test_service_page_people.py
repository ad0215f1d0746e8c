"""A service's page as residents use it: numbers to tap, a print button and a print stylesheet,
how far each place is from the postcode they searched from, the hub's real contact address (never
a placeholder), and "Exit this page" on pages about domestic abuse."""

from pathlib import Path

import pytest
from django.urls import reverse

from thriving.core import contact
from thriving.directory.models import TaxonomyTerm
from thriving.directory.queries.public import tel_href
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

SCSS = Path(__file__).resolve().parents[2] / "assets" / "scss" / "thriving.scss"
PRINT_JS = Path(__file__).resolve().parents[2] / "assets" / "js" / "print.js"


@pytest.fixture
def larder(db):
    load_taxonomy()
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality), lat=52.99126, lng=-1.31964)
    service = ServiceFactory(name="Cotmanhay Food Larder", phone="0115 496 0000 (option 2)")
    service.needs.set(TaxonomyTerm.objects.filter(code="food-pantries"))
    # About 3.2 km north of DE7 8QA.
    hall = LocationFactory(name="Cotmanhay Community Centre", latitude=53.02, longitude=-1.31964, phone="0115 496 0001")
    ServiceAtLocationFactory(service=service, location=hall)
    return service


def page_of(client, service, **query) -> str:  # noqa: ANN001
    return client.get(reverse("directory:service", args=[service.uuid]), query).content.decode()


@pytest.mark.parametrize(("written", "href"), [
    ("0115 496 0000", "tel:01154960000"),
    ("+44 (0)115 496-0000", "tel:+4401154960000"),
    ("01332 640000 (option 2)", "tel:01332640000"),
    ("Ask at reception", ""),
    ("", ""),
])
def test_a_phone_number_becomes_a_tel_link(written, href):
    assert tel_href(written) == href


def test_the_service_and_place_phone_numbers_are_tel_links(client, larder):
    html = page_of(client, larder)
    assert '<a class="govuk-link" href="tel:01154960000">0115 496 0000 (option 2)</a>' in html
    hall = larder.service_at_locations.get().location
    place = client.get(reverse("directory:location", args=[hall.uuid])).content.decode()
    assert 'href="tel:01154960001"' in place


def test_the_print_button_is_hidden_until_its_script_shows_it(client, larder):
    html = page_of(client, larder)
    assert 'data-thriving-print hidden>Print this page</button>' in html
    assert "dist/js/print.js" in html
    assert "onclick" not in html
    script = PRINT_JS.read_text()
    assert "button.hidden = false" in script
    assert 'addEventListener("click"' in script


def test_the_print_stylesheet_hides_buttons_and_does_not_print_link_addresses():
    scss = SCSS.read_text()
    printing = scss[scss.index("@media print"):]
    for hidden in (".govuk-button", ".govuk-exit-this-page", ".govuk-service-navigation", ".govuk-header"):
        assert hidden in printing
    assert ".thriving-service-page a[href]::after" in printing
    assert "content: none !important" in printing


def test_the_distance_from_the_searched_postcode_is_in_miles_and_km(client, larder):
    html = page_of(client, larder, postcode="de7 8qa")
    assert "2.0 miles (3.2 km) from DE7 8QA" in html


@pytest.mark.parametrize("postcode", ["", "not a postcode", "ZZ1 1ZZ"])
def test_no_or_an_unknown_postcode_shows_no_distance(client, larder, postcode):
    html = page_of(client, larder, postcode=postcode)
    assert 'data-testid="distance"' not in html
    assert html.count("Cotmanhay Community Centre") >= 1


def test_search_results_carry_the_postcode_to_the_service_page(client, larder):
    html = client.get(reverse("directory:search"), {"postcode": "DE7 8QA", "distance": 10}).content.decode()
    assert f'href="/services/{larder.uuid}/?postcode=DE7%208QA"' in html


def test_the_hub_contact_is_the_real_address_from_settings(client, larder, settings):
    settings.SERVICE_CONTACT_EMAIL = "hub@erewash.gov.uk"
    contact_line = page_of(client, larder).split('data-testid="hub-contact"')[1][:400]
    assert 'href="mailto:hub@erewash.gov.uk"' in contact_line


@pytest.mark.parametrize("placeholder", ["thriving@example.org", "hub@council.example.com", "help@hub.test", ""])
def test_a_placeholder_contact_address_is_never_shown(client, larder, settings, placeholder):
    settings.SERVICE_CONTACT_EMAIL = placeholder
    html = page_of(client, larder)
    assert 'data-testid="hub-contact"' not in html
    assert contact.public_contact_email() == ""


def test_the_deploy_check_warns_about_a_placeholder_contact_address(settings):
    settings.SERVICE_CONTACT_EMAIL = "thriving@example.org"
    assert [warning.id for warning in contact.check_contact_email()] == ["thriving.W001"]
    settings.SERVICE_CONTACT_EMAIL = "hub@erewash.gov.uk"
    assert contact.check_contact_email() == []


@pytest.fixture
def refuge(larder):
    service = ServiceFactory(name="Safe Haven Refuge")
    service.needs.set(TaxonomyTerm.objects.filter(code="refuge"))  # below "Domestic abuse"
    ServiceAtLocationFactory(service=service, location=LocationFactory(name="A safe place"))
    return service


def test_pages_about_domestic_abuse_offer_exit_this_page(client, refuge, larder, settings):
    settings.EXIT_THIS_PAGE_URL = "https://weather.example/"
    html = page_of(client, refuge)
    assert 'data-module="govuk-exit-this-page"' in html
    assert 'href="https://weather.example/"' in html
    place = refuge.service_at_locations.get().location
    assert "govuk-exit-this-page" in client.get(reverse("directory:location", args=[place.uuid])).content.decode()
    abuse = TaxonomyTerm.objects.get(code="domestic-abuse")
    assert "govuk-exit-this-page" in client.get(reverse("directory:search"), {"need": abuse.uuid}).content.decode()
    # Other pages do not.
    assert "govuk-exit-this-page" not in page_of(client, larder)
    food = TaxonomyTerm.objects.get(code="food-pantries")
    assert "govuk-exit-this-page" not in client.get(reverse("directory:search"), {"need": food.uuid}).content.decode()
