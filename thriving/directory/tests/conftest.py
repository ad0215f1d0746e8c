"""Fixtures of the directory's tests: a fresh cache (the needs and localities snapshots live in
it), the needs taxonomy, the Cotmanhay locality with its postcode DE7 8QA, and a service kept by
its organisation's staff, with a directory editor."""

import datetime

import pytest
from django.core.cache import cache

from thriving.core.models import Role
from thriving.directory.models import TaxonomyTerm
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import (
    COTMANHAY,
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def taxonomy(db):
    load_taxonomy()
    return {term.code: term for term in TaxonomyTerm.objects.all()}


@pytest.fixture
def cotmanhay(db):
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay", centre_lat=COTMANHAY[0], centre_lng=COTMANHAY[1])
    area = AreaFactory(code="E01019664", locality=locality, centre_lat=COTMANHAY[0], centre_lng=COTMANHAY[1])
    PostcodeFactory(postcode="DE7 8QA", area=area, lat=COTMANHAY[0], lng=COTMANHAY[1])
    return locality


@pytest.fixture
def larder(db):
    """A service of the Cotmanhay Community Larder at one place, not checked for years."""
    load_taxonomy()
    organisation = OrganisationFactory(name="Cotmanhay Community Larder")
    service = ServiceFactory(name="Food Larder", organisation=organisation, last_checked=datetime.date(2020, 1, 1))
    ServiceAtLocationFactory(service=service, location=LocationFactory(name="Old Hall", organisation=organisation))
    return service


@pytest.fixture
def staff(user_with_role, larder):
    """A member of the larder's own staff."""
    return user_with_role(Role.ORGANISATION_STAFF, organisation=larder.organisation)


@pytest.fixture
def editor(user_with_role):
    return user_with_role(Role.DIRECTORY_EDITOR)


@pytest.fixture
def feed_server():
    """A partner's ORUK 3.0 API of three services, in pages of two, on a local port."""
    from thriving.directory.tests.feed_server import FeedServer

    server = FeedServer().start()
    yield server
    server.stop()
