"""The community app's fixtures: Cotmanhay with a postcode, a Local Nets session there, a pledge
campaign, and the public forms' time trap and rate limits out of the way. Factories are in
`factories.py`.

`team` is the connected teams' own fixture (`thriving/teams/tests/conftest.py`); it takes its
locality from `cotmanhay`, so here the team is in this Cotmanhay, with the session's Local Net."""

import pytest
from django.core.cache import cache

from thriving.community.tests.factories import LocalNetFactory, LocalNetSessionFactory, PledgeCampaignFactory
from thriving.directory.tests.factories import LocationFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory
from thriving.teams.tests.conftest import team  # noqa: F401  the connected teams' own fixture


@pytest.fixture
def no_time_trap(settings):
    """Public forms count however soon they are sent, and the rate limits start from nothing: the
    cache that holds their counts is emptied before and after."""
    cache.clear()
    settings.FRONTDOOR_MIN_SECONDS = 0
    yield
    cache.clear()


@pytest.fixture
def no_rate_limit(no_time_trap, settings):
    """As `no_time_trap`, with a rate limit no test reaches."""
    settings.FRONTDOOR_ASK_RATE = "1000/h"


@pytest.fixture
def cotmanhay(db):
    """The locality of Cotmanhay, with one postcode in it: DE7 8QA."""
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality))
    return locality


@pytest.fixture
def session(request, cotmanhay):
    """A session to come of the Cotmanhay Local Net, at the Cotmanhay Demo Hall (3 Bridge Street).

    It has five places, or as many as the test module's `SESSION_PLACES` says. When the test also
    uses `team`, the Local Net is that connected team's."""
    hall = LocationFactory(name="Cotmanhay Demo Hall", address_1="3 Bridge Street", postcode="DE7 8QA",
                           locality=cotmanhay, is_space_and_place=True)
    runs_it = request.getfixturevalue("team") if "team" in request.fixturenames else None
    local_net = LocalNetFactory(title="Cotmanhay Local Net", theme="Getting to know your neighbours",
                                locality=cotmanhay, place=hall, team=runs_it)
    return LocalNetSessionFactory(local_net=local_net, capacity=getattr(request.module, "SESSION_PLACES", 5))


@pytest.fixture
def campaign(cotmanhay):
    """The published pledge "Be kind in Cotmanhay", open since yesterday, with no one signed yet."""
    return PledgeCampaignFactory(title="Be kind in Cotmanhay", slug="be-kind", locality=cotmanhay)
