"""Reads of places: localities, postcode look-up, and the base map drawn under maps without tiles."""

import functools
import re
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count, Max, QuerySet

from thriving.places import geometry, postcode_sql, reference
from thriving.places.models import Area, LocalAuthority, Locality

# The UK postcode format: an outward code (area, district) and an inward code (sector, unit).
POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


class PostcodeError(ValueError):
    """A postcode that cannot be looked up, with a message to show the person."""


class MalformedPostcode(PostcodeError):
    """Not shaped like a UK postcode (or empty)."""


class UnknownPostcode(PostcodeError):
    """Shaped like a postcode, but not one we hold."""


def normalise_postcode(raw: str) -> str:
    """'de74aa ' -> 'DE7 4AA'. Raises MalformedPostcode for anything that is not a postcode."""
    compact = re.sub(r"\s+", "", (raw or "")).upper()
    if not compact:
        raise MalformedPostcode("Enter a postcode")
    if len(compact) > 7:
        raise MalformedPostcode("Enter a real postcode, like DE7 4AA")
    match = POSTCODE_PATTERN.match(compact)
    if not match:
        raise MalformedPostcode("Enter a real postcode, like DE7 4AA")
    return f"{match.group(1)} {match.group(2)}"


@dataclass(frozen=True)
class PostcodeAnswer:
    postcode: str
    lat: float
    lng: float
    local_authority: LocalAuthority | None
    area: Area | None
    locality: Locality | None

    @property
    def message(self) -> str:
        """The answer in words, including when the postcode is in no locality."""
        if self.locality is not None:
            return f"{self.postcode} is in {self.locality.name}, {self.locality.local_authority.name}."
        place = self.local_authority.name if self.local_authority else "an area Thriving does not cover"
        return f"{self.postcode} is in {place}, but not in one of the localities set up so far."


def lookup_postcode(raw: str) -> PostcodeAnswer:
    """Which locality a postcode is in. Raises MalformedPostcode or UnknownPostcode.

    One query, written once (`postcode_sql`): the postcode's point, its area with the area's
    locality and their local authorities, or the postcode's own local authority when its area is
    not held. Every search from a postcode asks this."""
    postcode = normalise_postcode(raw)
    found = postcode_sql.look_up(postcode)
    if found is None:
        raise UnknownPostcode(
            f"We do not know the postcode {postcode}. Check it is right. "
            "Thriving covers Derby and Derbyshire."
        )
    lat, lng, area, local_authority = found
    return PostcodeAnswer(
        postcode=postcode,
        lat=lat,
        lng=lng,
        local_authority=local_authority,
        area=area,
        locality=area.locality if area else None,
    )


def localities() -> QuerySet[Locality]:
    return Locality.objects.select_related("local_authority").order_by(
        "local_authority__name", "name"
    )


def locality(slug: str) -> Locality | None:
    return localities().filter(slug=slug).first()


@dataclass(frozen=True)
class LocalityPage:
    """What the page about one locality shows: the locality, its LSOAs and its outline."""

    locality: Locality
    areas: list[Area]
    outline: geometry.Outline | None


def locality_page(slug: str) -> LocalityPage | None:
    """A locality with its statistical areas and a drawing of its boundary, in two queries."""
    found = locality(slug)
    if found is None:
        return None
    areas = list(Area.objects.filter(locality=found).order_by("name", "code"))
    return LocalityPage(locality=found, areas=areas, outline=geometry.outline(found.boundary))


# --- The base map: what a map shows under its pins when there is no tile server ---

BASE_MAP_CACHE_SECONDS = 3600


def base_map() -> dict:
    """The localities and the wards of their local authorities, simplified, with where to write
    each one's name: a GeoJSON FeatureCollection whose features have `kind` ("locality" or "ward"),
    `name`, `label_lat` and `label_lng`. Kept in the cache until a locality changes."""
    latest = Locality.objects.aggregate(changed=Max("updated_at"), count=Count("id"))
    key = f"places:base-map:v1:{latest['count']}:{latest['changed'].isoformat() if latest['changed'] else ''}"
    found = caches["snapshots"].get(key)
    if found is None:
        found = _base_map()
        caches["snapshots"].set(key, found, BASE_MAP_CACHE_SECONDS)
    return found


def _feature(kind: str, name: str, geojson: dict) -> dict:
    shape, lat, lng = geometry.simplified(geojson)
    return {"type": "Feature", "geometry": shape,
            "properties": {"kind": kind, "name": name, "label_lat": lat, "label_lng": lng}}


def _base_map() -> dict:
    localities = list(Locality.objects.exclude(boundary__isnull=True).select_related("local_authority"))
    authorities = {locality.local_authority.code for locality in localities}
    wards = [ward for ward in reference.read_wards().values() if ward["local_authority"] in authorities]
    features = [_feature("ward", ward["name"], ward["geometry"]) for ward in sorted(wards, key=lambda w: w["code"])]
    features += [_feature("locality", locality.name, locality.boundary)
                 for locality in sorted(localities, key=lambda found: found.name) if locality.boundary]
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------------------------------------
# Where a postcode is when it is in no locality: its ward and the localities nearest to it

METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class Ward:
    """An electoral ward (2025 code and name), from the shipped ward boundaries."""

    code: str
    name: str


@functools.cache
def _ward_finders() -> dict[str, tuple[geometry.Containment, dict[str, Ward]]]:
    """For each local authority, which of its wards holds a point (read once per process)."""
    by_authority: dict[str, list[dict]] = {}
    for ward in reference.read_wards().values():
        by_authority.setdefault(ward["local_authority"], []).append(ward)
    return {
        code: (
            geometry.Containment((w["code"], w["geometry"]) for w in wards),
            {w["code"]: Ward(code=w["code"], name=w["name"]) for w in wards},
        )
        for code, wards in by_authority.items()
    }


def ward_at(lat: float, lng: float, local_authority_code: str = "") -> Ward | None:
    """The ward that holds a point (looked for in the given local authority first), or None."""
    finders = _ward_finders()
    order = [local_authority_code] if local_authority_code in finders else []
    order += [code for code in finders if code != local_authority_code]
    for code in order:
        within, wards = finders[code]
        found = within.find(lat, lng)
        if found is not None:
            return wards[found]
    return None


def distance_words(metres: float) -> str:
    """A distance as residents read it, in miles and kilometres: '1.2 miles (1.9 km)'; under a
    tenth of a mile, 'less than 0.1 miles (0.2 km)'."""
    miles = metres / METRES_PER_MILE
    if miles < 0.1:
        return "less than 0.1 miles (0.2 km)"
    unit = "mile" if round(miles, 1) == 1 else "miles"
    return f"{miles:.1f} {unit} ({metres / 1000:.1f} km)"


@dataclass(frozen=True)
class NearbyLocality:
    """A locality and how far a point is from its boundary."""

    locality: Locality
    metres: float

    @property
    def distance(self) -> str:
        return distance_words(self.metres)


def nearest_localities(lat: float, lng: float, limit: int = 3) -> list[NearbyLocality]:
    """The localities nearest to a point, nearest first, by the distance to their boundary (or,
    for one with no boundary, to its centre)."""
    found = []
    for place in localities():
        if place.boundary:
            metres = geometry.metres_to_boundary(lat, lng, place.boundary)
        elif place.centre_lat is not None and place.centre_lng is not None:
            metres = geometry.metres_between(lat, lng, place.centre_lat, place.centre_lng)
        else:
            continue
        found.append(NearbyLocality(locality=place, metres=metres))
    found.sort(key=lambda near: (near.metres, near.locality.name))
    return found[:limit]


@dataclass(frozen=True)
class PostcodePlace:
    """Everything the service records about where a postcode is: its local authority, ward and
    locality, and when it is in no locality, the nearest one."""

    answer: PostcodeAnswer
    ward: Ward | None
    nearest: list[NearbyLocality]

    @property
    def nearest_locality(self) -> Locality | None:
        if self.answer.locality is not None:
            return self.answer.locality
        return self.nearest[0].locality if self.nearest else None


def place_of(answer: PostcodeAnswer, limit: int = 3) -> PostcodePlace:
    """The ward of a looked-up postcode and, if it is in no locality, the nearest localities."""
    authority_code = answer.local_authority.code if answer.local_authority else ""
    nearest = [] if answer.locality is not None else nearest_localities(answer.lat, answer.lng, limit)
    return PostcodePlace(answer=answer, ward=ward_at(answer.lat, answer.lng, authority_code), nearest=nearest)
