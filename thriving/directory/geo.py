"""Distance in the database, the same on PostgreSQL and SQLite: a bounding box on the indexed
latitude and longitude narrows the rows, then the spherical law of cosines gives metres."""

import math

from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

EARTH_RADIUS_M = 6_371_008.8


def bounding_box(lat: float, lng: float, metres: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box that holds the circle."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlng = math.degrees(metres / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres, in Python (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_expression(lat: float, lng: float, lat_field: str = "latitude", lng_field: str = "longitude"):
    """A database expression for the distance in metres from (lat, lng) to the row's point."""
    cosine = Sin(Radians(Value(lat))) * Sin(Radians(F(lat_field))) + Cos(Radians(Value(lat))) * Cos(
        Radians(F(lat_field))
    ) * Cos(Radians(F(lng_field)) - Radians(Value(lng)))
    return ACos(Least(Greatest(cosine, Value(-1.0)), Value(1.0)), output_field=FloatField()) * Value(EARTH_RADIUS_M)


def within(
    queryset: QuerySet, lat: float, lng: float, metres: float, lat_field: str = "latitude", lng_field: str = "longitude"
) -> QuerySet:
    """Rows within `metres` of (lat, lng), annotated with `distance_m` (metres)."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, metres)
    return (
        queryset.filter(
            **{
                f"{lat_field}__gte": min_lat,
                f"{lat_field}__lte": max_lat,
                f"{lng_field}__gte": min_lng,
                f"{lng_field}__lte": max_lng,
            }
        )
        .annotate(distance_m=distance_expression(lat, lng, lat_field, lng_field))
        .filter(distance_m__lte=metres)
    )
