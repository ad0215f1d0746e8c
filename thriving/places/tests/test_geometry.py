"""Joining ward boundaries, finding the boundary that holds a point, drawing an outline."""

import math

import pytest

from thriving.places import geometry
from thriving.places.tests.factories import square


def test_union_of_two_touching_squares_is_one_polygon_with_a_centre_inside():
    left = square(53.0, -1.31, 0.01)
    right = square(53.0, -1.29, 0.01)
    boundary = geometry.union_of([left, right])
    assert boundary.geojson["type"] == "Polygon"
    lngs = [p[0] for p in boundary.geojson["coordinates"][0]]
    assert min(lngs) == pytest.approx(-1.32)
    assert max(lngs) == pytest.approx(-1.28)
    assert 52.99 < boundary.centre_lat < 53.01
    assert -1.32 < boundary.centre_lng < -1.28


def test_union_of_apart_squares_is_a_multipolygon_and_coordinates_are_lists_to_5_places():
    boundary = geometry.union_of([square(53.0, -1.3), square(53.1, -1.3)])
    assert boundary.geojson["type"] == "MultiPolygon"
    point = boundary.geojson["coordinates"][0][0][0]
    assert isinstance(point, list)
    assert all(round(value, 5) == value for value in point)


def test_union_of_nothing_is_refused():
    with pytest.raises(ValueError, match="no geometry"):
        geometry.union_of([])


def test_containment_finds_the_first_boundary_holding_the_point():
    within = geometry.Containment([("a", square(53.0, -1.3)), ("b", square(52.0, -1.3))])
    assert within.find(52.0, -1.3) == "b"
    assert within.find(53.0, -1.3) == "a"
    assert within.find(54.0, -1.3) is None
    assert within.find(None, None) is None


def test_outline_keeps_proportions_with_the_cosine_of_latitude():
    # A "square" in degrees at 53°N is narrower east-west than north-south on the ground.
    drawn = geometry.outline(square(53.0, -1.3, 0.01), width=640, max_height=480, padding=0)
    assert drawn.height == 480
    assert drawn.width == math.ceil(480 * math.cos(math.radians(53.0)))
    assert drawn.view_box == f"0 0 {drawn.width} {drawn.height}"
    assert drawn.path.startswith("M")
    assert drawn.path.endswith("Z")
    assert drawn.path.count("M") == 1
    # North at the top: the first corner (south-west) is at the bottom left.
    assert drawn.path.startswith("M0.0,480.0")


def test_outline_of_a_multipolygon_with_a_hole_draws_every_ring():
    outer = square(53.0, -1.3, 0.02)["coordinates"][0]
    hole = square(53.0, -1.3, 0.005)["coordinates"][0]
    shape = {"type": "MultiPolygon", "coordinates": [[outer, hole], square(53.1, -1.3)["coordinates"]]}
    drawn = geometry.outline(shape)
    assert drawn.path.count("M") == 3
    assert drawn.width <= 640
    assert drawn.height <= 480


@pytest.mark.parametrize("value", [None, {}, {"type": "Point", "coordinates": [-1.3, 53.0]}, {"type": "Polygon"}])
def test_outline_of_nothing_to_draw_is_none(value):
    assert geometry.outline(value) is None
