"""Finding services: by words, need, place, distance, open now and cost.

A result is a service at one location. A page of results costs at most four queries: the postcode
(two), the rows with the total in one (a window count over the same narrowed query), and the
needs of the page's services. The needs and the localities come from cached snapshots.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone

from thriving.directory import geo
from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from thriving.directory.queries import needs
from thriving.places import queries as places

PER_PAGE = 20
# The highest page a database can be asked for: SQLite and PostgreSQL take OFFSET and LIMIT as
# signed 64-bit integers. Any higher page number is past the end of every list.
HIGHEST_PAGE = (2**63 - 1) // PER_PAGE - 1
DEFAULT_DISTANCE_KM = 5
MIN_DISTANCE_KM, MAX_DISTANCE_KM = 1, 50
FINDABLE = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]
UNFINDABLE = [status for status in Service.Status.values if status not in FINDABLE]
LONDON = ZoneInfo("Europe/London")
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LOCALITIES_CACHE_KEY = "directory:localities:v1"
LOCALITIES_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Place:
    """A locality people can search in."""

    id: int
    slug: str
    name: str
    lat: float | None
    lng: float | None


def localities() -> dict[str, Place]:
    """Every locality by slug, from the cache when it is there."""
    found = caches["snapshots"].get(LOCALITIES_CACHE_KEY)
    if found is None:
        rows = places.localities().values_list("id", "slug", "name", "centre_lat", "centre_lng")
        found = {row[1]: Place(*row) for row in rows}
        caches["snapshots"].set(LOCALITIES_CACHE_KEY, found, LOCALITIES_CACHE_SECONDS)
    return found


def forget_localities() -> None:
    caches["snapshots"].delete(LOCALITIES_CACHE_KEY)


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


def _words(found: QuerySet, words: list[str], index: needs.NeedIndex) -> QuerySet:
    through = Service.needs.through
    for word in words:
        matches = (
            Q(service__name__icontains=word)
            | Q(service__description__icontains=word)
            | Q(service__organisation__name__icontains=word)
        )
        need_ids = index.matching_ids(word)
        if need_ids:
            matches |= Q(
                Exists(through.objects.filter(service_id=OuterRef("service_id"), taxonomyterm_id__in=need_ids))
            )
        found = found.filter(matches)
    return found


def open_at(moment: datetime.datetime) -> Q:
    """Service-at-location rows whose service (or it at that place) has a weekly rule open then."""
    local = moment.astimezone(LONDON)
    day, time, today = DAY_CODES[local.weekday()], local.time().replace(microsecond=0), local.date()
    rules = Schedule.objects.filter(
        Q(service_id=OuterRef("service_id")) | Q(service_at_location_id=OuterRef("pk")),
        freq=Schedule.Frequency.WEEKLY,
        byday__contains=day,
        opens_at__lte=time,
        closes_at__gt=time,
    ).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return Q(Exists(rules))


def matching(criteria: Criteria) -> QuerySet[ServiceAtLocation]:
    """The service-at-location rows that match, nearest first (with a postcode) or by name."""
    index = needs.index()
    # Written as "not closed" rather than "active or temporarily closed": an index on status is
    # no use when nearly every service is findable, and it misleads SQLite's planner into
    # starting from every service instead of from the places nearby.
    found = ServiceAtLocation.objects.exclude(service__status__in=UNFINDABLE)
    found = _words(found, criteria.words, index)
    if criteria.need:
        need = index.by_uuid.get(criteria.need)
        ids = index.descendant_ids(need) if need else set()
        found = found.filter(
            Exists(Service.needs.through.objects.filter(service_id=OuterRef("service_id"), taxonomyterm_id__in=ids))
        )
    if criteria.locality is not None:
        locality_id = criteria.locality.id
        found = found.filter(
            Q(location__locality_id=locality_id)
            | Exists(
                Service.localities.through.objects.filter(service_id=OuterRef("service_id"), locality_id=locality_id)
            )
        )
    if criteria.free:
        found = found.filter(service__is_free=True)
    if criteria.open_now:
        found = found.filter(open_at(criteria.now or timezone.now()))
    if criteria.postcode is not None:
        lat, lng, metres = criteria.postcode.lat, criteria.postcode.lng, criteria.distance_km * 1000
        # Narrow by the locations in the bounding box first (the latitude/longitude index), so the
        # database starts from the few places nearby rather than from every active service.
        if connection.vendor == "sqlite":
            min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, metres)
            nearby = Location.objects.filter(
                latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng)
            ).values("id")
            found = found.filter(location_id__in=nearby)
        found = geo.within(found, lat, lng, metres, "location__latitude", "location__longitude")
        return found.order_by("distance_m2", "service__name", "pk")
    return found.order_by("service__name", "location__name", "pk")


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

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _fetch(found: QuerySet, number: int) -> tuple[list[ServiceAtLocation], int]:
    offset = (number - 1) * PER_PAGE
    rows = list(
        found.select_related("service__organisation", "location")
        .prefetch_related(
            Prefetch("service__needs", queryset=TaxonomyTerm.objects.only("id", "uuid", "name").order_by("name"))
        )
        .annotate(total=Window(Count("*")))[offset : offset + PER_PAGE]
    )
    return rows, (rows[0].total if rows else 0)


def search(criteria: Criteria, page_number: Any = 1) -> Results:
    """One page of results. A page past the end gives the last page, marked as such."""
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    found = matching(criteria)
    rows, total = _fetch(found, number) if number <= HIGHEST_PAGE else ([], 0)
    past_the_end = False
    if not rows and number > 1:
        past_the_end = True
        total = found.count()
        last = max(math.ceil(total / PER_PAGE), 1)
        asked_for, number = number, last
        rows, total = _fetch(found, number) if total else ([], 0)
    else:
        asked_for = number
    paginator = Paginator(KnownTotal(rows, total, (number - 1) * PER_PAGE), PER_PAGE)
    page = paginator.page(number) if total else paginator.page(1)
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))  # type: ignore[attr-defined]
    for row in rows:
        distance = geo.metres_of(row)
        row.distance_km = distance / 1000 if distance is not None else None  # type: ignore[attr-defined]
        row.distance_miles = distance / 1609.344 if distance is not None else None  # type: ignore[attr-defined]
    points = [
        {
            "lat": row.location.latitude,
            "lng": row.location.longitude,
            "name": row.service.name,
            "place": row.location.name,
            "url": reverse("directory:service", args=[row.service.uuid]),
        }
        for row in rows
        if row.location.latitude is not None and row.location.longitude is not None
    ]
    return Results(page=page, asked_for=asked_for, past_the_end=past_the_end, points=points)
