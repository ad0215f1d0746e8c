"""The search as it was before the search entries: straight over services at locations. Kept
for the test that the entries find the same (test_search_index.py)."""

import datetime

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from thriving.directory import geo
from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation
from thriving.directory.queries import needs
from thriving.directory.search import DAY_CODES, LONDON, UNFINDABLE, Criteria


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
