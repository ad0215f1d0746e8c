"""The results map with no tile server (MAP_TILE_URL empty): not a grey box, but the localities and
wards the service holds, with their names, under the pins. Headless Chromium, with axe."""

import pytest
from django.core.cache import cache

from thriving.directory.models import TaxonomyTerm
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def larder(transactional_db, settings):
    settings.MAP_TILE_URL = ""
    cache.clear()
    load_taxonomy()
    # Erewash (the factories' local authority): its real wards are drawn too.
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay", centre_lat=52.99126, centre_lng=-1.31964)
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality), lat=52.99126, lng=-1.31964)
    service = ServiceFactory(name="Cotmanhay Food Larder")
    service.needs.set(TaxonomyTerm.objects.filter(code="food-pantries"))
    ServiceAtLocationFactory(service=service, location=LocationFactory(name="Cotmanhay Community Centre",
                                                                      latitude=52.992, longitude=-1.318))
    yield service
    cache.clear()


def test_without_tiles_the_map_draws_the_boundaries_and_names_under_the_pins(page, axe, larder):
    page.goto("/services/?postcode=DE7+8QA")
    board = page.locator("#results-map")
    board.locator(".leaflet-marker-icon").first.wait_for()
    page.wait_for_selector("#results-map[data-base-map-drawn]")
    assert page.locator("#results-map .leaflet-tile").count() == 0
    # The locality and Erewash's wards, as SVG paths, with their names.
    assert board.locator(".leaflet-overlay-pane svg path").count() > 10
    locality_names = board.locator(".thriving-map-label--locality")
    assert locality_names.count() == 1
    assert locality_names.inner_text() == "Cotmanhay"
    assert locality_names.is_visible()
    ward_names = board.locator(".thriving-map-label--ward")
    assert ward_names.count() > 10
    assert "Cotmanhay" in ward_names.all_inner_texts()  # the ward Cotmanhay is made of
    assert ward_names.filter(has_text="Cotmanhay").is_visible()  # zoomed in on DE7 8QA: wards named
    axe(page, "search results on the base map")
    # The pin is still there, above the boundaries.
    assert board.locator(".leaflet-marker-icon").count() == 1
