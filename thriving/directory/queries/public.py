"""Reads for the public pages: a service, a place, the platforms, and opening times in words.

Everyone may see every service, place and platform (the "view" scopes in `policy.py`): views
fetch them with `get_visible_or_404` from the querysets here, which fetch what a page shows up
front, and build the page from what they found."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from thriving.directory import geo, search
from thriving.directory.models import Location, Platform, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from thriving.directory.queries import needs
from thriving.directory.queries.editing import is_unchecked
from thriving.places import queries as place_queries

DAY_NAMES = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday",
    "SU": "Sunday",
}

# The languages most often offered locally; other codes are shown as they are.
LANGUAGES = {
    "en": "English", "cy": "Welsh", "pl": "Polish", "ur": "Urdu", "pa": "Punjabi", "ro": "Romanian",
    "ar": "Arabic", "bn": "Bengali", "so": "Somali", "ku": "Kurdish", "fa": "Persian", "uk": "Ukrainian",
    "zh": "Chinese", "sk": "Slovak", "cs": "Czech", "lt": "Lithuanian", "gu": "Gujarati",
    "bsl": "British Sign Language",
}


# --- Opening times in words ---


def _time(value: datetime.time) -> str:
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def schedule_in_words(schedule: Schedule) -> str:
    """'Mondays, Wednesdays and Fridays, 9:30am to 3pm'."""
    days = [DAY_NAMES[code] + "s" for code in schedule.byday.split(",") if code in DAY_NAMES]
    when = _join(days) if days else ("Every month" if schedule.freq == Schedule.Frequency.MONTHLY else "")
    if schedule.freq == Schedule.Frequency.MONTHLY and days:
        when = f"Monthly on {when}"
    hours = ""
    if schedule.opens_at and schedule.closes_at:
        hours = f"{_time(schedule.opens_at)} to {_time(schedule.closes_at)}"
    words = ", ".join(part for part in (when, hours) if part)
    if schedule.description:
        words = f"{words} ({schedule.description})" if words else schedule.description
    return words


def opening_times(schedules: Iterable[Schedule]) -> list[str]:
    return [words for words in (schedule_in_words(s) for s in schedules) if words]


# --- Phone numbers and distances ---

PHONE_NUMBER = re.compile(r"\+?\d[\d ().-]{4,}\d")


def tel_href(phone: str) -> str:
    """A `tel:` link for the first number in what a service wrote ('01332 640 000 (option 2)' ->
    'tel:01332640000'); '' when there is none to call."""
    match = PHONE_NUMBER.search(phone or "")
    return "tel:" + re.sub(r"[^\d+]", "", match.group(0)) if match else ""


@dataclass(frozen=True)
class Distance:
    """How far a place is from a postcode."""

    metres: float
    postcode: str

    @property
    def words(self) -> str:
        """'2.0 miles (3.2 km)': in miles and kilometres, as the places pages show it too."""
        return place_queries.distance_words(self.metres)


def postcode_or_none(raw: str) -> place_queries.PostcodeAnswer | None:
    """The postcode a person searched from (carried to a service's page), or None when there is none
    or it is not one we know: the page then shows no distances."""
    if not raw:
        return None
    try:
        return place_queries.lookup_postcode(raw)
    except place_queries.PostcodeError:
        return None


def distance_from(location: Location, near: place_queries.PostcodeAnswer | None) -> Distance | None:
    if near is None or location.latitude is None or location.longitude is None:
        return None
    return Distance(geo.distance_m(near.lat, near.lng, location.latitude, location.longitude), near.postcode)


# --- Pages ---


@dataclass
class ServicePage:
    """A service's page: its places (each with `.distance` from the postcode searched from, or
    None), its opening times, and whether it is about domestic abuse (then the page offers "Exit
    this page")."""

    service: Service
    places: list[ServiceAtLocation]
    opening_times: list[str]
    unchecked: bool
    about_domestic_abuse: bool = False
    near: place_queries.PostcodeAnswer | None = None

    @property
    def phone_href(self) -> str:
        return tel_href(self.service.phone)

    @property
    def language_names(self) -> list[str]:
        return [LANGUAGES.get(code, code) for code in self.service.languages or []]

    @property
    def access_labels(self) -> list[str]:
        known = dict(Service.Access.choices)
        return [known.get(value, value) for value in self.service.access or []]


def services_for_pages() -> QuerySet[Service]:
    """Services with what their page shows: the view fetches one with
    `get_visible_or_404(services_for_pages(), request.user, uuid=uuid)`."""
    return Service.objects.select_related("organisation").prefetch_related("localities", "needs__parent", "schedules")


def service_page(service: Service, near: place_queries.PostcodeAnswer | None = None) -> ServicePage:
    """The service's page; with `near`, each place's distance from that postcode."""
    here = list(
        service.service_at_locations.select_related("location", "location__locality").order_by("location__name")
    )
    for place in here:
        place.distance = distance_from(place.location, near)  # type: ignore[attr-defined]
    return ServicePage(
        service=service,
        places=here,
        opening_times=opening_times(service.schedules.all()),
        unchecked=is_unchecked(service),
        about_domestic_abuse=needs.is_about_domestic_abuse(need.pk for need in service.needs.all()),
        near=near,
    )


@dataclass
class LocationPage:
    location: Location
    services: list[Service]
    opening_times: list[str]
    about_domestic_abuse: bool = False

    @property
    def phone_href(self) -> str:
        return tel_href(self.location.phone)

    @property
    def address(self) -> list[str]:
        loc = self.location
        return [part for part in (loc.address_1, loc.address_2, loc.city, loc.postcode) if part]

    @property
    def facilities(self) -> list[str]:
        known = dict(Location.Facility.choices)
        return [known.get(value, value) for value in self.location.facilities or []]


def locations_for_pages() -> QuerySet[Location]:
    """Places with what their page shows."""
    return Location.objects.select_related("organisation", "locality").prefetch_related("schedules")


def location_page(location: Location) -> LocationPage:
    found = list(
        Service.objects.filter(service_at_locations__location=location, status__in=search.FINDABLE)
        .select_related("organisation")
        .order_by("name")
    )
    need_ids = Service.needs.through.objects.filter(service__in=found).values_list("taxonomyterm_id", flat=True)
    return LocationPage(location=location, services=found, opening_times=opening_times(location.schedules.all()),
                        about_domestic_abuse=bool(found) and needs.is_about_domestic_abuse(need_ids))


def platforms(user: Any) -> QuerySet[Platform]:
    """The platforms the person may see, for their list."""
    return Platform.objects.visible_to(user).select_related("coordinator").prefetch_related("needs").order_by("name")


def platforms_for_pages() -> QuerySet[Platform]:
    """Platforms with what their page shows."""
    return Platform.objects.select_related("coordinator").prefetch_related("members", "needs", "localities")


@dataclass
class PlatformPage:
    platform: Platform
    services: list[Service]


def platform_page(platform: Platform) -> PlatformPage:
    index = needs.index()
    need_ids: set[int] = set()
    for need in platform.needs.all():
        known = index.by_id.get(need.pk)
        need_ids |= index.descendant_ids(known) if known else {need.pk}
    members = [platform.coordinator_id, *(member.pk for member in platform.members.all())]
    found = list(
        Service.objects.filter(organisation_id__in=members, status__in=search.FINDABLE, needs__in=need_ids)
        .select_related("organisation")
        .distinct()
        .order_by("name")[:200]
    )
    return PlatformPage(platform=platform, services=found)


# --- For the apps after directory (teams, community): choosing where something meets. Every place
# is public; they name `Location` (imported above) in hints through this module. ---


def spaces_and_places() -> QuerySet[Location]:
    """The directory's Spaces & Places, by name, for choosing where a Local Net meets."""
    return Location.objects.filter(is_space_and_place=True).select_related("locality").order_by("name")


def locations_by_name() -> QuerySet[Location]:
    """Every place, by name, for choosing where a team's huddles are."""
    return Location.objects.order_by("name")


# --- For other apps: the services the front door suggests, refers to and tells people about ---
# `Service` (with its `Status` and `Access` choices) and `ServiceAtLocation` are named here for
# their hints.


def active_service(uuid: Any) -> Service | None:
    """An active service, with its organisation, by its public id; None when there is none."""
    try:
        return Service.objects.select_related("organisation").filter(uuid=uuid, status=Service.Status.ACTIVE).first()
    except (ValueError, ValidationError):
        return None


def active_services_meeting(need_ids: Iterable[int]) -> QuerySet[Service]:
    """Active services tagged with any of the needs."""
    return Service.objects.filter(status=Service.Status.ACTIVE, needs__in=list(need_ids))


def nearest_places(services: QuerySet[Service], lat: float, lng: float, metres: float,
                   limit: int) -> list[ServiceAtLocation]:
    """Where the services are offered within `metres` of the point, with the place, nearest first
    (`geo.metres_of(row)` is each one's distance), at most `limit`."""
    near = geo.within(ServiceAtLocation.objects.filter(service__in=services.values("id")), lat, lng, metres,
                      "location__latitude", "location__longitude")
    return list(near.select_related("location").order_by("distance_m2")[:limit])


def services_with_needs(services: QuerySet[Service], limit: int) -> list[Service]:
    """The services, each with its organisation, its needs (id and name) and its localities; at most `limit`."""
    return list(
        Service.objects.filter(pk__in=services.values("id"))
        .select_related("organisation")
        .prefetch_related(Prefetch("needs", queryset=TaxonomyTerm.objects.only("id", "name")), "localities")[:limit]
    )


def services_run_with(user: Any) -> QuerySet[Service]:
    """The services of the organisations the person is a member of."""
    return Service.objects.filter(organisation__memberships__user=user)
