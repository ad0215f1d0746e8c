"""Finding services: by words, need, place, distance, open now and cost.

A result is a search entry (`thriving.directory.search_index`): a service at one location, or a
service with no location, offered online or by phone. Searches read the entries alone, through
their full-text and spatial indexes. A page of results costs at most five queries: the postcode
(two), the directory's version, the rows with the count (capped at `search_sql.CAP` + 1) in one
statement written by `thriving.directory.search_sql` (nearest first, in rings), and the needs of
the page's services, read as the few fields the page shows (`Hit`), with no model built.
`matching()` is the same search as a queryset, which the tests hold that statement to. The
search page keeps whole pages at the directory's version (`thriving.directory.search_page`): one
asked again costs only the version. The needs and the localities come from snapshots
(`thriving.directory.search_snapshots`).
"""

import datetime
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from thriving.directory import geo, search_snapshots, search_sql
from thriving.directory.models import Schedule, SearchEntry, Service
from thriving.directory.queries import needs
from thriving.places import queries as places

PER_PAGE = 20
DEFAULT_DISTANCE_KM = 5
MIN_DISTANCE_KM, MAX_DISTANCE_KM = 1, 50
FINDABLE = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]
UNFINDABLE = [status for status in Service.Status.values if status not in FINDABLE]
LONDON = ZoneInfo("Europe/London")
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LOCALITIES_CACHE_KEY = "directory:localities:v1"
LOCALITIES_CACHE_SECONDS = 300
# Pages of results, keyed on the directory's version: the snapshots cache, which costs no query.
RESULTS_CACHE = "snapshots"


@dataclass(frozen=True)
class Place:
    """A locality people can search in."""

    id: int
    slug: str
    name: str
    lat: float | None
    lng: float | None


def localities() -> dict[str, Place]:
    """Every locality by slug, from the cache when it is there (`search_snapshots`)."""
    return search_snapshots.read(LOCALITIES_CACHE_KEY, _localities, LOCALITIES_CACHE_SECONDS)


def _localities() -> dict[str, Place]:
    rows = places.localities().values_list("id", "slug", "name", "centre_lat", "centre_lng")
    return {row[1]: Place(*row) for row in rows}


def forget_localities() -> None:
    search_snapshots.forget(LOCALITIES_CACHE_KEY)


@dataclass
class Criteria:
    """What a person searched for, already checked."""

    q: str = ""
    need: str = ""
    postcode: places.PostcodeAnswer | None = None
    distance_km: float = DEFAULT_DISTANCE_KM
    locality: Place | None = None
    open_now: bool = False
    free: bool = False
    now: datetime.datetime | None = None

    @property
    def words(self) -> list[str]:
        return [word for word in self.q.split() if word][:10]

    @property
    def given(self) -> bool:
        return bool(self.words or self.need or self.postcode or self.locality or self.open_now or self.free)


def _matches_text(word: str) -> Q:
    """Entries whose words hold `word`, case-insensitively, as `icontains` would find it: on
    SQLite through the trigram full-text index (which needs three characters or more)."""
    if connection.vendor == "sqlite" and len(word) >= 3:
        phrase = '"' + word.replace('"', '""') + '"'
        fts = "SELECT rowid FROM directory_searchentry_fts WHERE directory_searchentry_fts MATCH %s"
        return Q(pk__in=RawSQL(fts, [phrase]))
    return Q(words__icontains=word)


def _has_any(field: str, ids: Iterable[int]) -> Q:
    """Entries whose ',1,2,' list in `field` holds one of the ids."""
    found = Q(pk__in=[])
    for key in sorted(ids):
        found |= Q(**{f"{field}__contains": f",{key},"})
    return found


def _words(found: QuerySet, words: list[str], index: needs.NeedIndex) -> QuerySet:
    for word in words:
        matches = _matches_text(word)
        need_ids = index.matching_ids(word)
        if need_ids:  # already among the words; kept for names that differ only in non-ASCII case
            matches |= _has_any("need_ids", need_ids)
        found = found.filter(matches)
    return found


def in_box(lat: float, lng: float, metres: float) -> Q:
    """Entries whose point is in the box around the circle, through the spatial index (SQLite's
    R*Tree, PostgreSQL's GiST on the point as a box); exact comparisons follow it."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, metres)
    if connection.vendor == "sqlite":
        sql = (
            "SELECT id FROM directory_searchentry_rtree "
            "WHERE max_lat >= %s AND min_lat <= %s AND max_lng >= %s AND min_lng <= %s"
        )
        return Q(pk__in=RawSQL(sql, [min_lat, max_lat, min_lng, max_lng]))
    if connection.vendor == "postgresql":
        return Q(Overlaps(_box(F("longitude"), F("latitude"), F("longitude"), F("latitude")),
                          _box(Value(min_lng), Value(min_lat), Value(max_lng), Value(max_lat))))
    return Q()


class Overlaps(Func):
    """PostgreSQL's `a && b` on boxes."""

    arg_joiner = " && "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _box(x1: Any, y1: Any, x2: Any, y2: Any) -> Func:
    """box(point(x1, y1), point(x2, y2)): the expression the GiST index is on, for a point."""
    return Func(Func(x1, y1, function="point", output_field=FloatField()),
                Func(x2, y2, function="point", output_field=FloatField()), function="box", output_field=FloatField())


def near(lat: float, lng: float, metres: float) -> Q:
    """Entries within `metres` of the point (annotate `distance_m2` first)."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, metres)
    return (
        in_box(lat, lng, metres)
        & Q(latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng))
        & Q(distance_m2__lte=metres * metres)
    )


def places_near(lat: float, lng: float, metres: float) -> QuerySet:
    """The ids of the services at locations within `metres` of the point, of any status (for
    the ORUK API's proximity)."""
    return (
        SearchEntry.objects.annotate(distance_m2=geo.squared_distance_expression(lat, lng))
        .filter(near(lat, lng, metres), service_at_location__isnull=False)
        .values("service_at_location_id")
    )


def open_at(moment: datetime.datetime) -> Q:
    """Entries whose service (or it at that place) has a weekly rule open then."""
    local = moment.astimezone(LONDON)
    day, time, today = DAY_CODES[local.weekday()], local.time().replace(microsecond=0), local.date()
    rules = Schedule.objects.filter(
        Q(service_id=OuterRef("service_id")) | Q(service_at_location_id=OuterRef("service_at_location_id")),
        freq=Schedule.Frequency.WEEKLY,
        byday__contains=day,
        opens_at__lte=time,
        closes_at__gt=time,
    ).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return Q(Exists(rules))


def matching(criteria: Criteria) -> QuerySet[SearchEntry]:
    """The entries that match: with a postcode, the places nearby nearest first, then those with
    no place (online or by phone) by name; without one, all by name."""
    index = needs.index()
    # Written as "not closed" rather than "active or temporarily closed", so no index on status
    # tempts the planner to start from every service instead of from the places nearby.
    found = SearchEntry.objects.exclude(status__in=UNFINDABLE)
    found = _words(found, criteria.words, index)
    if criteria.need:
        need = index.by_uuid.get(criteria.need)
        found = found.filter(_has_any("need_ids", index.descendant_ids(need) if need else set()))
    if criteria.locality is not None:
        found = found.filter(locality_ids__contains=f",{criteria.locality.id},")
    if criteria.free:
        found = found.filter(is_free=True)
    if criteria.open_now:
        found = found.filter(open_at(criteria.now or timezone.now()))
    if criteria.postcode is not None:
        answer = criteria.postcode
        lat, lng, metres = answer.lat, answer.lng, criteria.distance_km * 1000
        found = found.annotate(distance_m2=geo.squared_distance_expression(lat, lng))
        placeless = Q(service_at_location__isnull=True)
        if answer.locality is not None:  # those with no place serve everywhere, or the postcode's locality
            placeless &= Q(locality_ids=",") | Q(locality_ids__contains=f",{answer.locality.pk},")
        found = found.filter(near(lat, lng, metres) | placeless)
        return found.order_by(F("distance_m2").asc(nulls_last=True), "service_name", "service_at_location_id", "pk")
    return found.order_by("service_name", "location_name", "service_at_location_id", "pk")


class KnownTotal(Sequence):
    """What a Paginator needs from one page of rows fetched with the total alongside."""

    def __init__(self, rows: list, total: int, offset: int) -> None:
        self.rows, self.total, self.offset = rows, total, offset

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            start = (item.start or 0) - self.offset
            stop = (item.stop if item.stop is not None else self.total) - self.offset
            return self.rows[max(start, 0) : max(stop, 0)]
        return self.rows[item - self.offset]


@dataclass
class Results:
    page: Page
    asked_for: int
    past_the_end: bool = False
    points: list[dict] = field(default_factory=list)
    more: bool = False  # more match than the CAP counted and offered in pages

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def cap(self) -> int:
        return search_sql.CAP


@dataclass
class Hit:
    """One result as the page shows it: the entry with its service's, organisation's and place's
    few fields read alongside, and the names of the service's needs."""

    service_uuid: Any
    service_name: str
    service_status: str
    is_free: bool | None
    organisation_name: str
    location_uuid: Any
    location_name: str
    address_1: str
    postcode: str
    latitude: float | None
    longitude: float | None
    distance_m2: float | None = None
    needs: list[str] = field(default_factory=list)
    distance_km: float | None = None
    distance_miles: float | None = None


HIT_FIELDS = (
    "service_id", "service__uuid", "service__name", "service__status", "service__is_free",
    "service__organisation__name", "location__uuid", "location__name", "location__address_1",
    "location__postcode", "latitude", "longitude",
)


def _hits(rows: list[tuple]) -> list[Hit]:
    """The rows of `search_sql.page` as hits, with the needs of their services read in a second
    query (names only, no model built)."""
    if not rows:
        return []
    names: dict[int, list[str]] = {row[0]: [] for row in rows}
    through = Service.needs.through.objects.filter(service_id__in=names)
    for service_id, name in through.order_by("taxonomyterm__name", "taxonomyterm_id").values_list(
        "service_id", "taxonomyterm__name"
    ):
        names[service_id].append(name)
    return [
        Hit(_uuid(row[1]), row[2], row[3], _bool(row[4]), row[5], _uuid(row[6]), row[7], row[8], row[9], row[10],
            row[11], distance_m2=row[12], needs=names[row[0]])
        for row in rows
    ]


def _uuid(value: Any) -> uuid.UUID | None:
    """SQLite keeps a uuid as 32 hex digits; PostgreSQL answers a UUID."""
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)


def _bool(value: Any) -> bool | None:
    return value if value is None else bool(value)


def _fetch(criteria: Criteria, number: int) -> tuple[list[Hit], int]:
    """One page of hits and the total (capped at `search_sql.CAP` + 1), in one statement
    (`search_sql`), then the needs of the page's services in a second."""
    sql, params = search_sql.page(criteria, (number - 1) * PER_PAGE, PER_PAGE)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [], 0
    return _hits([row[:-1] for row in rows]), rows[0][-1]


def _count(criteria: Criteria) -> int:
    sql, params = search_sql.count(criteria)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _page_number(page_number: Any) -> int:
    try:
        return max(int(page_number), 1)
    except (TypeError, ValueError):
        return 1


def _find(criteria: Criteria, number: int) -> tuple[list[Hit], int, int, int, bool]:
    """(rows, total, page number, page asked for, past the end) from the database."""
    # Pages go as far as the capped count: the nearest (or first by name) CAP results.
    rows, total = _fetch(criteria, number) if number <= max(search_sql.CAP // PER_PAGE, 1) else ([], 0)
    if rows or number == 1:
        return rows, total, number, number, False
    total = _count(criteria)
    last = max(math.ceil(min(total, search_sql.CAP) / PER_PAGE), 1)
    rows, total = _fetch(criteria, last) if total else ([], 0)
    return rows, total, last, number, True


def url_of(name: str) -> Callable[[Any], str]:
    """A function from a uuid to the address of the page `name`: reversed once, not once a row."""
    marker = "00000000-0000-0000-0000-000000000000"
    head, tail = reverse(name, args=[marker]).split(marker)
    return lambda uuid: f"{head}{uuid}{tail}"


def search(criteria: Criteria, page_number: Any = 1) -> Results:
    """One page of results. A page past the end gives the last page, marked as such. (The
    search page keeps whole pages in the results cache: `thriving.directory.search_page`.)"""
    asked = _page_number(page_number)
    rows, total, number, asked_for, past_the_end = _find(criteria, asked)
    more = total > search_sql.CAP
    total = min(total, search_sql.CAP)
    paginator = Paginator(KnownTotal(rows, total, (number - 1) * PER_PAGE), PER_PAGE)
    page = paginator.page(number) if total else paginator.page(1)
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))  # type: ignore[attr-defined]
    for row in rows:
        distance = math.sqrt(row.distance_m2) if row.distance_m2 is not None else None
        row.distance_km = distance / 1000 if distance is not None else None
        row.distance_miles = distance / 1609.344 if distance is not None else None
    service_url = url_of("directory:service")
    points = [
        {
            "lat": row.latitude,
            "lng": row.longitude,
            "name": row.service_name,
            "place": row.location_name,
            "url": service_url(row.service_uuid),
        }
        for row in rows
        if row.latitude is not None and row.longitude is not None
    ]
    return Results(page=page, asked_for=asked_for, past_the_end=past_the_end, points=points, more=more)
