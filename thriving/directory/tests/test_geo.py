"""Distances in the database agree with distances in Python, on SQLite and PostgreSQL."""

import pytest

from thriving.directory import geo
from thriving.directory.models import Location
from thriving.directory.tests.factories import LocationFactory

ILKESTON = (52.9706, -1.3096)
DERBY = (52.9225, -1.4746)  # about 12 km away


def test_python_distance_is_right():
    assert geo.distance_m(*ILKESTON, *DERBY) == pytest.approx(12_250, rel=0.03)


def test_within_finds_only_what_is_near(db):
    near = LocationFactory(latitude=ILKESTON[0] + 0.01, longitude=ILKESTON[1])
    LocationFactory(latitude=DERBY[0], longitude=DERBY[1])
    LocationFactory(latitude=None, longitude=None)
    found = list(geo.within(Location.objects.all(), *ILKESTON, 5_000))
    assert [location.pk for location in found] == [near.pk]
    assert geo.metres_of(found[0]) == pytest.approx(geo.distance_m(*ILKESTON, near.latitude, near.longitude), rel=1e-3)
    assert len(geo.within(Location.objects.all(), *ILKESTON, 20_000)) == 2


@pytest.mark.parametrize("km", [1, 5, 20, 50])
def test_the_flat_earth_distance_is_close_enough(db, km):
    """Locations just inside the radius in every direction are found; just outside, not."""
    from thriving.directory.geo import METRES_PER_DEGREE

    inside = 0.995 * km * 1000 / METRES_PER_DEGREE
    outside = 1.01 * km * 1000 / METRES_PER_DEGREE
    LocationFactory(latitude=ILKESTON[0] + inside, longitude=ILKESTON[1])
    LocationFactory(latitude=ILKESTON[0] - outside, longitude=ILKESTON[1])
    found = list(geo.within(Location.objects.all(), *ILKESTON, km * 1000))
    assert len(found) == 1
    assert geo.metres_of(found[0]) == pytest.approx(0.995 * km * 1000, rel=0.005)
