"""Suggesting local services for a request, each with the reasons it is suggested.

Help is found as close to home and as early as it can be, on the Hierarchy of Help. Once a request
is triaged at a level, services at that level come first, then those a level earlier (more
community, less service), then two levels earlier, and so on, then services with no level set;
within a level, the nearest first, then those meeting more of the needs. Services more specialist
than the level are not dropped: they are listed apart, as also relevant at another level, each
saying when nothing closer to home meets one of its needs. Before triage, services are listed
earliest help first (level 1, then 2...), then by distance.
"""

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from thriving.directory import geo
from thriving.directory.queries import needs
from thriving.directory.queries import public as directory
from thriving.frontdoor.models import HelpRequest, Level, Referral
from thriving.places import queries as places

Service = directory.Service
RADIUS_KM = 10
MAX_CANDIDATES = 300
REMOTE = {Service.Access.PHONE, Service.Access.ONLINE}


@dataclass
class Suggestion:
    service: Service
    reasons: list[str] = field(default_factory=list)
    distance_m: float | None = None
    place: Any = None  # the directory's Location where it is nearest
    met_needs: list[str] = field(default_factory=list)  # the service's own needs that meet the request's
    for_needs: list[str] = field(default_factory=list)  # the needs of the request it meets
    already_referred: bool = False
    rank: tuple = ()

    @property
    def distance_km(self) -> float | None:
        return self.distance_m / 1000 if self.distance_m is not None else None


def _wanted_needs(request: HelpRequest) -> dict[int, str]:
    """The request's needs and every need below them, by id, with the name of the need asked for."""
    index = needs.index()
    wanted: dict[int, str] = {}
    for term in request.needs.all():
        need = index.by_id.get(term.id)
        if need is None:
            continue
        for need_id in index.descendant_ids(need):
            wanted.setdefault(need_id, term.name)
        # A service tagged with the broader need (Food) also meets a narrower one (Food banks).
        if need.parent_id:
            wanted.setdefault(need.parent_id, term.name)
    return wanted


OUTSIDE = 20  # the ranks of levels more specialist than the request's start here
UNLEVELLED = 10


@dataclass
class Suggestions:
    """The services to suggest: those at the request's level or closer to home, best first, and
    those at a more specialist level that also meet a recorded need."""

    at_level: list[Suggestion] = field(default_factory=list)
    other_levels: list[Suggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.at_level or self.other_levels)

    @property
    def services(self) -> list[Any]:
        """Every suggested service, those at the level first."""
        return [s.service for s in self.at_level + self.other_levels]


def _level_rank(service_level: int | None, request_level: int | None) -> tuple[int, str]:
    """How close the service's level is to the request's (lower is closer), with the reason."""
    if request_level is None:
        return (service_level or UNLEVELLED), ("" if service_level is None else Level(service_level).label)
    if service_level is None:
        return UNLEVELLED, ""
    if service_level == request_level:
        return 0, f"{Level(service_level).label}, the level this request was triaged at"
    if service_level < request_level:
        return request_level - service_level, (
            f"{Level(service_level).label}: help closer to home, earlier than level {request_level}")
    return OUTSIDE + service_level - request_level, (
        f"{Level(service_level).label}: more specialist than level {request_level}")


def suggest(request: HelpRequest, limit: int = 10, others: int = 5) -> Suggestions:
    """Services that meet the request's needs near the person, with reasons: at most `limit` at the
    request's level or closer to home, best first, and at most `others` at a more specialist level."""
    wanted = _wanted_needs(request)
    if not wanted:
        return Suggestions()
    point = None
    if request.postcode:
        try:
            point = places.lookup_postcode(request.postcode)
        except places.PostcodeError:
            point = None
    candidates = directory.active_services_meeting(wanted.keys())
    nearby_rows: list[directory.ServiceAtLocation] = []
    if point is not None:
        nearby_rows = directory.nearest_places(candidates, point.lat, point.lng, RADIUS_KM * 1000, MAX_CANDIDATES * 3)
    nearest: dict[int, directory.ServiceAtLocation] = {}
    for row in nearby_rows:
        nearest.setdefault(row.service_id, row)
    place_filter = Q(pk__in=list(nearest))
    if request.locality_id:
        place_filter |= Q(localities=request.locality_id)
    if point is None and not request.locality_id:
        place_filter = Q()  # nowhere known: suggest by need alone
    services = directory.services_with_needs(candidates.filter(place_filter), MAX_CANDIDATES)
    referred = set(
        Referral.objects.filter(
            request=request, status__in=[Referral.Status.AWAITING, Referral.Status.ACCEPTED, Referral.Status.COMPLETED]
        ).values_list("service_id", flat=True)
    )
    found = []
    for service in services:
        met = sorted({term.name for term in service.needs.all() if term.id in wanted})
        level_rank, level_reason = _level_rank(service.help_level, request.level)
        asked = sorted({wanted[term.id] for term in service.needs.all() if term.id in wanted})
        suggestion = Suggestion(service=service, met_needs=met, for_needs=asked,
                                already_referred=service.pk in referred)
        suggestion.reasons.append("Meets " + ", ".join(met))
        if level_reason:
            suggestion.reasons.append(level_reason)
        near = nearest.get(service.pk)
        metres = geo.metres_of(near) if near is not None else None
        if near is not None and metres is not None:
            suggestion.distance_m = metres
            suggestion.place = near.location
            suggestion.reasons.append(
                f"{metres / 1000:.1f} km ({metres / 1609.344:.1f} miles) from {request.postcode}, "
                f"at {near.location.name}"
            )
        locality = request.locality
        if locality is not None and any(loc.pk == locality.pk for loc in service.localities.all()):
            suggestion.reasons.append(f"Serves {locality.name}")
        access = set(service.access or [])
        if access & {Service.Access.DROP_IN, Service.Access.SELF_REFERRAL}:
            suggestion.reasons.append("People can go directly: " + ", ".join(
                Service.Access(a).label.lower() for a in sorted(access & {Service.Access.DROP_IN,
                                                                           Service.Access.SELF_REFERRAL})))
        if access & REMOTE:
            suggestion.reasons.append("Can help by phone or online")
        if service.is_free:
            suggestion.reasons.append("Free")
        suggestion.rank = (
            level_rank,
            suggestion.distance_m if suggestion.distance_m is not None else math.inf,
            -len(met),
            service.name,
        )
        found.append(suggestion)
    found.sort(key=lambda s: s.rank)
    at_level = [s for s in found if s.rank[0] < OUTSIDE][:limit]
    other_levels = [s for s in found if s.rank[0] >= OUTSIDE][:others]
    met_closer = {name for s in at_level for name in s.for_needs}
    for suggestion in other_levels:
        unmet = [name for name in suggestion.for_needs if name not in met_closer]
        if unmet:
            suggestion.reasons.insert(1, f"Nothing at level {request.level} or closer to home meets "
                                         + ", ".join(unmet))
    return Suggestions(at_level=at_level, other_levels=other_levels)
