"""The front door's fixtures: Cotmanhay and somewhere else, the needs taxonomy, the people who
work at the front door, a service to refer to, a request with consent, and a clean cache."""

import pytest
from django.core.cache import cache
from django.db.models import QuerySet

from thriving.core.models import Role
from thriving.directory.models import TaxonomyTerm
from thriving.directory.queries import needs
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import ServiceFactory
from thriving.frontdoor.demand import services as demand_services
from thriving.frontdoor.models import Referral
from thriving.frontdoor.tests.factories import COTMANHAY, ConsentFactory, HelpRequestFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory


@pytest.fixture(autouse=True)
def _no_refresh_left_queued():
    """A test whose task backend ran nothing must not leave the demand summary's "refresh queued"
    mark behind for the next test in the same process."""
    cache.delete(demand_services.QUEUED_KEY)
    yield
    cache.delete(demand_services.QUEUED_KEY)


@pytest.fixture
def fresh_cache():
    """Rate limits, the snapshots of needs and localities and the demand figures live in the cache:
    start and end with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def taxonomy(db, fresh_cache):
    """The needs taxonomy Thriving ships with, by code."""
    load_taxonomy()
    needs.forget()
    return {term.code: term for term in TaxonomyTerm.objects.all()}


@pytest.fixture
def cotmanhay(db):
    """Cotmanhay, with the postcode DE7 8QA at its centre."""
    lat, lng = COTMANHAY
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay", centre_lat=lat, centre_lng=lng)
    area = AreaFactory(code="E01019664", locality=locality, centre_lat=lat, centre_lng=lng)
    PostcodeFactory(postcode="DE7 8QA", area=area, lat=lat, lng=lng)
    return locality


@pytest.fixture
def elsewhere(db):
    """A locality that is not Cotmanhay."""
    return LocalityFactory(name="Shirebrook", slug="shirebrook")


@pytest.fixture
def open_ask(settings, fresh_cache):
    """The public forms with no time trap and a rate limit nobody reaches."""
    settings.FRONTDOOR_MIN_SECONDS = 0
    settings.FRONTDOOR_ASK_RATE = "1000/h"


@pytest.fixture
def hub(user_with_role):
    """A hub worker for every locality."""
    return user_with_role(Role.HUB_WORKER)


@pytest.fixture
def hub_client(client, hub):
    client.force_login(hub)
    return client


@pytest.fixture
def lead(user_with_role):
    """A designated safeguarding lead."""
    return user_with_role(Role.SAFEGUARDING_LEAD)


@pytest.fixture
def service(user_with_role):
    """A service to refer to, with a member of its organisation's staff as `service.staff`."""
    made = ServiceFactory(name="Larder Food Parcels", organisation__name="Larder Trust")
    made.staff = user_with_role(Role.ORGANISATION_STAFF, organisation=made.organisation)
    return made


@pytest.fixture
def consented(db):
    """A request whose person has agreed to share their details."""
    request = HelpRequestFactory()
    ConsentFactory(person=request.person)
    return request


@pytest.fixture
def first_referral_check_misses(monkeypatch):
    """The first look for a referral misses one that is there, as when two workers refer a request
    to a service at the same moment and the other's referral is written just after this one looked."""
    real = QuerySet.exists
    looked = []

    def exists(queryset: QuerySet) -> bool:
        if queryset.model is Referral and not looked:
            looked.append(queryset)
            return False
        return real(queryset)

    monkeypatch.setattr(QuerySet, "exists", exists)
