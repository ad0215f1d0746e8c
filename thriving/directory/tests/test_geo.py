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
    assert found[0].distance_m == pytest.approx(geo.distance_m(*ILKESTON, near.latitude, near.longitude), rel=1e-3)
    assert len(geo.within(Location.objects.all(), *ILKESTON, 20_000)) == 2
