import pytest
from django.core.cache import cache

from thriving.frontdoor.demand import services as demand_services


@pytest.fixture(autouse=True)
def _no_refresh_left_queued():
    """A test whose task backend ran nothing must not leave the demand summary's "refresh queued"
    mark behind for the next test in the same process."""
    cache.delete(demand_services.QUEUED_KEY)
    yield
    cache.delete(demand_services.QUEUED_KEY)
