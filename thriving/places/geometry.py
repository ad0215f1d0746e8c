"""Boundaries as GeoJSON: joining wards into a locality, finding which boundary holds a point,
and drawing a boundary as an SVG outline without map tiles or JavaScript."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union
from shapely.prepared import prep

# About 10 metres: enough to drop redundant points, too little to see on a locality map.
SIMPLIFY_TOLERANCE = 0.0001
COORDINATE_PLACES = 5  # about one metre


def _round_coordinates(value: Any, places: int) -> Any:
    """Nested coordinate sequences as lists of rounded floats (JSON keeps lists, not tuples)."""
    if isinstance(value, int | float):
        return round(float(value), places)
    return [_round_coordinates(item, places) for item in value]


def to_geojson(geometry: BaseGeometry, places: int = COORDINATE_PLACES) -> dict:
    """A shapely geometry as a GeoJSON geometry dict with coordinates rounded to `places`."""
    raw = mapping(geometry)
    return {"type": raw["type"], "coordinates": _round_coordinates(raw["coordinates"], places)}


@dataclass(frozen=True)
class Boundary:
    geojson: dict
    centre_lat: float
    centre_lng: float


def union_of(geometries: Iterable[dict], tolerance: float = SIMPLIFY_TOLERANCE) -> Boundary:
    """The boundary of an area made of the given GeoJSON geometries (such as wards): their
    union, simplified, with a centre that is sure to lie inside it."""
    union = unary_union([shape(geometry) for geometry in geometries])
    if union.is_empty:
        raise ValueError("There is no geometry to join.")
    simplified = union.simplify(tolerance, preserve_topology=True)
    centre = union.representative_point()
    return Boundary(
        geojson=to_geojson(simplified),
        centre_lat=round(centre.y, COORDINATE_PLACES),
        centre_lng=round(centre.x, COORDINATE_PLACES),
    )


class Containment:
    """Which of several named boundaries holds a point (the first, in the order given)."""

    def __init__(self, boundaries: Iterable[tuple[Any, dict]]) -> None:
        self._shapes = [(key, prep(shape(geojson))) for key, geojson in boundaries]

    def find(self, lat: float | None, lng: float | None) -> Any:
        if lat is None or lng is None:
            return None
        point = Point(lng, lat)
        for key, prepared in self._shapes:
            if prepared.contains(point):
                return key
        return None


@dataclass(frozen=True)
class Outline:
    """A boundary drawn in an SVG box: `path` is an SVG path in the box's own units."""

    width: int
    height: int
    path: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _polygons(geojson: dict) -> list[Sequence[Sequence[Sequence[float]]]]:
    """Each polygon as a list of rings of [lng, lat] points."""
    kind = geojson.get("type")
    coordinates = geojson.get("coordinates") or []
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return list(coordinates)
    if kind == "GeometryCollection":
        return [p for g in geojson.get("geometries", []) for p in _polygons(g)]
    return []


def outline(geojson: dict | None, width: int = 640, max_height: int = 480, padding: int = 8) -> Outline | None:
    """Project a lon/lat boundary onto an SVG box: equirectangular, with the east-west scale
    shrunk by cos(latitude) so that shapes keep their proportions at British latitudes."""
    if not geojson:
        return None
    polygons = _polygons(geojson)
    points = [point for polygon in polygons for ring in polygon for point in ring]
    if not points:
        return None
    lngs = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    west, east, south, north = min(lngs), max(lngs), min(lats), max(lats)
    x_factor = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * x_factor, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = min((width - 2 * padding) / span_x, (max_height - 2 * padding) / span_y)
    # Rounded before the ceiling so that 480.0000001 stays 480.
    box_width = math.ceil(round(span_x * scale + 2 * padding, 3))
    box_height = math.ceil(round(span_y * scale + 2 * padding, 3))

    def xy(point: Sequence[float]) -> str:
        x = padding + (float(point[0]) - west) * x_factor * scale
        y = padding + (north - float(point[1])) * scale
        return f"{x:.1f},{y:.1f}"

    parts = []
    for polygon in polygons:
        for ring in polygon:
            if len(ring) < 3:
                continue
            parts.append("M" + " L".join(xy(point) for point in ring) + " Z")
    if not parts:
        return None
    return Outline(width=box_width, height=box_height, path=" ".join(parts))


# About 50 metres: a base map drawn under a service map, not a boundary to measure by.
BASE_MAP_TOLERANCE = 0.0005
BASE_MAP_PLACES = 4  # about 10 metres


def simplified(
    geojson: dict, tolerance: float = BASE_MAP_TOLERANCE, places: int = BASE_MAP_PLACES
) -> tuple[dict, float, float]:
    """A boundary simplified for drawing small, with a point sure to lie inside it for its label:
    (geometry, label latitude, label longitude)."""
    found = shape(geojson)
    inside = found.representative_point()
    return (to_geojson(found.simplify(tolerance, preserve_topology=True), places),
            round(inside.y, places), round(inside.x, places))


EARTH_RADIUS_M = 6_371_008.8


def metres_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance between two points, in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(a, 1.0)))


def metres_to_boundary(lat: float, lng: float, geojson: dict) -> float:
    """How far a point is from the nearest edge of a boundary, in metres: 0 inside it."""
    area, point = shape(geojson), Point(lng, lat)
    if area.contains(point):
        return 0.0
    nearest = nearest_points(area, point)[0]
    return metres_between(lat, lng, nearest.y, nearest.x)
