"""The ORUK query parameters: parsed strictly (a bad value is a 400, never ignored) and applied
to querysets. Filters combine with AND. Taxonomy filters match exactly: the specification
says "services with particular taxonomy_term", not its children."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from thriving.directory import geo, search
from thriving.directory.models import Service, ServiceAtLocation, TaxonomyTerm
from thriving.directory.openreferral.paging import Problem
from thriving.places import queries as places

MAX_PROXIMITY_M = 100_000
FORMATS = {"json", "ndjson"}
Needs = Service.needs.through


def identifier(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Problem(400, f"{name} must be a UUID, not '{raw[:40]}'") from None


def flag(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise Problem(400, f"{name} must be true or false, not '{raw[:40]}'")


def output_format(request: HttpRequest) -> str:
    value = request.GET.get("format", "").strip().lower() or "json"
    if value not in FORMATS:
        raise Problem(400, f"format must be json or ndjson, not '{value[:40]}'")
    return value


def modified_after(request: HttpRequest) -> datetime.datetime | None:
    raw = request.GET.get("modified_after", "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))
        if moment is None:
            day = parse_date(raw)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise Problem(400, f"modified_after must be a date or date-time such as 2025-01-31T09:00:00Z, not '{raw[:40]}'")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def words(queryset: QuerySet, request: HttpRequest, *fields: str) -> QuerySet:
    """Every word of `search` must appear in one of the fields."""
    for word in request.GET.get("search", "").split()[:10]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def _service_filters(request: HttpRequest, prefix: str = "") -> Q:
    """The filters services and service-at-locations share, on the service at `prefix`."""
    condition = Q()
    term_id = identifier(request, "taxonomy_term_id")
    if term_id:
        tagged = Needs.objects.filter(taxonomyterm__uuid=term_id).values("service_id")
        condition &= Q(**{f"{prefix}pk__in": tagged})
    taxonomy_id = identifier(request, "taxonomy_id")
    if taxonomy_id:
        tagged = Needs.objects.filter(taxonomyterm__taxonomy__uuid=taxonomy_id).values("service_id")
        condition &= Q(**{f"{prefix}pk__in": tagged})
    organisation_id = identifier(request, "organization_id")
    if organisation_id:
        condition &= Q(**{f"{prefix}organisation__uuid": organisation_id})
    since = modified_after(request)
    if since:
        condition &= Q(**{f"{prefix}updated_at__gte": since})
    return condition


def services(queryset: QuerySet[Service], request: HttpRequest) -> QuerySet[Service]:
    queryset = words(queryset, request, "name", "description")
    return queryset.filter(_service_filters(request))


def proximity(request: HttpRequest) -> float | None:
    raw = request.GET.get("proximity", "").strip()
    if not raw:
        return None
    try:
        metres = float(raw)
    except ValueError:
        raise Problem(400, f"proximity must be a distance in metres, not '{raw[:40]}'") from None
    if not 0 < metres <= MAX_PROXIMITY_M:
        raise Problem(400, f"proximity must be more than 0 and at most {MAX_PROXIMITY_M} metres, not {raw[:40]}")
    return metres


@dataclass(frozen=True)
class Place:
    lat: float
    lng: float
    locality_id: int | None


def postcode(request: HttpRequest) -> Place | None:
    raw = request.GET.get("postcode", "").strip()
    if not raw:
        return None
    try:
        answer = places.lookup_postcode(raw)
    except places.PostcodeError as error:
        raise Problem(400, str(error)) from None
    return Place(answer.lat, answer.lng, answer.locality.pk if answer.locality else None)


@dataclass(frozen=True)
class Nearby:
    """A proximity search: the postcode's place, the distance, and the service-at-locations the
    other filters allow (None when no other filter is given)."""

    place: Place
    metres: float
    within: QuerySet | None


def nearby(queryset: QuerySet[ServiceAtLocation], request: HttpRequest) -> Nearby | None:
    """With `proximity` (and so a postcode), the search `service_at_locations` would make, for
    `paging.nearby_page` to run as one statement; None without it. Bad values are refused in
    the same order."""
    narrowed = words(queryset, request, "service__name", "service__description", "location__name")
    narrowed = narrowed.filter(_service_filters(request, "service__"))
    metres = proximity(request)
    if metres is None:
        return None
    place = postcode(request)
    if place is None:
        raise Problem(400, "proximity needs a postcode to measure from")
    within = narrowed.order_by().values("pk") if narrowed.query.has_filters() else None
    return Nearby(place, metres, within)


def service_at_locations(queryset: QuerySet[ServiceAtLocation], request: HttpRequest) -> QuerySet[ServiceAtLocation]:
    """Filters on the service, then the place: with `postcode`, services whose service areas
    (localities) hold the postcode or that state none; with `proximity` too, locations within
    that many metres of the postcode's centre, nearest first."""
    queryset = words(queryset, request, "service__name", "service__description", "location__name")
    queryset = queryset.filter(_service_filters(request, "service__"))
    metres = proximity(request)
    place = postcode(request)
    if metres is not None and place is None:
        raise Problem(400, "proximity needs a postcode to measure from")
    if place is None:
        return queryset
    if place.locality_id is not None:
        areas = Service.localities.through.objects.filter(service_id=OuterRef("service_id"))
        queryset = queryset.filter(Exists(areas.filter(locality_id=place.locality_id)) | ~Exists(areas))
    if metres is not None:
        # The search entries' spatial index finds the few places nearby; the same exact
        # comparisons as before then measure them.
        queryset = queryset.filter(pk__in=search.places_near(place.lat, place.lng, metres))
        queryset = geo.within(queryset, place.lat, place.lng, metres, "location__latitude", "location__longitude")
    else:
        queryset = queryset.annotate(
            distance_m2=geo.squared_distance_expression(
                place.lat, place.lng, "location__latitude", "location__longitude"
            )
        )
    return queryset.order_by(F("distance_m2").asc(nulls_last=True), "pk")


def taxonomy_terms(queryset: QuerySet[TaxonomyTerm], request: HttpRequest) -> QuerySet[TaxonomyTerm]:
    queryset = words(queryset, request, "name", "description", "code")
    taxonomy_id = identifier(request, "taxonomy_id")
    if taxonomy_id:
        queryset = queryset.filter(taxonomy__uuid=taxonomy_id)
    parent_id = identifier(request, "parent_id")
    if parent_id:
        queryset = queryset.filter(parent__uuid=parent_id)
    if flag(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    return queryset
