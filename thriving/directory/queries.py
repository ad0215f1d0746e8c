"""Reads of the directory: the public pages, and the staff lists scoped to who asks."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from thriving.core import policy
from thriving.core.models import Organisation, Role
from thriving.directory import needs, search
from thriving.directory.models import (
    Location,
    Platform,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
)

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


# --- Keeping it true ---


def check_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Services last checked before this date need checking again."""
    today = today or timezone.localdate()
    months = settings.DIRECTORY_CHECK_MONTHS
    year, month = divmod(today.month - 1 - months, 12)
    year, month = today.year + year, month + 1
    days_in_month = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(today.day, days_in_month))


def is_unchecked(service: Service) -> bool:
    return service.last_checked is None or service.last_checked < check_cutoff()


def unchecked_q() -> Q:
    return Q(last_checked__isnull=True) | Q(last_checked__lt=check_cutoff())


def unchecked_services() -> QuerySet[Service]:
    """Services people can find that nobody has checked for the configured number of months."""
    return Service.objects.filter(status__in=search.FINDABLE).filter(unchecked_q()).order_by("organisation_id", "name")


# --- Public pages ---


@dataclass
class ServicePage:
    service: Service
    places: list[ServiceAtLocation]
    opening_times: list[str]
    unchecked: bool

    @property
    def language_names(self) -> list[str]:
        return [LANGUAGES.get(code, code) for code in self.service.languages or []]

    @property
    def access_labels(self) -> list[str]:
        known = dict(Service.Access.choices)
        return [known.get(value, value) for value in self.service.access or []]


def service_page(uuid: Any) -> ServicePage | None:
    service = (
        Service.objects.select_related("organisation")
        .prefetch_related("localities", "needs__parent", "schedules")
        .filter(uuid=uuid)
        .first()
    )
    if service is None:
        return None
    here = list(
        service.service_at_locations.select_related("location", "location__locality").order_by("location__name")
    )
    return ServicePage(
        service=service,
        places=here,
        opening_times=opening_times(service.schedules.all()),
        unchecked=is_unchecked(service),
    )


@dataclass
class LocationPage:
    location: Location
    services: list[Service]
    opening_times: list[str]

    @property
    def address(self) -> list[str]:
        loc = self.location
        return [part for part in (loc.address_1, loc.address_2, loc.city, loc.postcode) if part]

    @property
    def facilities(self) -> list[str]:
        known = dict(Location.Facility.choices)
        return [known.get(value, value) for value in self.location.facilities or []]


def location_page(uuid: Any) -> LocationPage | None:
    location = (
        Location.objects.select_related("organisation", "locality").prefetch_related("schedules").filter(uuid=uuid)
    ).first()
    if location is None:
        return None
    services = list(
        Service.objects.filter(service_at_locations__location=location, status__in=search.FINDABLE)
        .select_related("organisation")
        .order_by("name")
    )
    return LocationPage(location=location, services=services, opening_times=opening_times(location.schedules.all()))


def platforms() -> QuerySet[Platform]:
    return Platform.objects.select_related("coordinator").prefetch_related("needs").order_by("name")


@dataclass
class PlatformPage:
    platform: Platform
    services: list[Service]


def platform_page(slug: str) -> PlatformPage | None:
    platform = (
        Platform.objects.select_related("coordinator")
        .prefetch_related("members", "needs", "localities")
        .filter(slug=slug)
        .first()
    )
    if platform is None:
        return None
    index = needs.index()
    need_ids: set[int] = set()
    for need in platform.needs.all():
        known = index.by_id.get(need.pk)
        need_ids |= index.descendant_ids(known) if known else {need.pk}
    members = [platform.coordinator_id, *(member.pk for member in platform.members.all())]
    services = list(
        Service.objects.filter(organisation_id__in=members, status__in=search.FINDABLE, needs__in=need_ids)
        .select_related("organisation")
        .distinct()
        .order_by("name")[:200]
    )
    return PlatformPage(platform=platform, services=services)


# --- Staff ---


def is_editor(user: Any) -> bool:
    return bool(policy.roles_of(user) & {Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR})


def staff_services(user: Any) -> QuerySet[Service]:
    """The services a person keeps: editors all of them, organisation staff their organisation's."""
    if not policy.can(user, "directory.edit_services"):
        return Service.objects.none()
    found = Service.objects.select_related("organisation")
    if not is_editor(user):
        found = found.filter(organisation_id__in=policy.organisation_ids(user, Role.ORGANISATION_STAFF))
    return found.order_by("name", "pk")


def staff_organisations(user: Any) -> list[Organisation]:
    found = Organisation.objects.order_by("name")
    if not is_editor(user):
        found = found.filter(pk__in=policy.organisation_ids(user, Role.ORGANISATION_STAFF))
    return list(found)


def organisation_locations(organisation: Any) -> list[Location]:
    return list(Location.objects.filter(organisation=organisation).order_by("name"))


def pending_changes(user: Any) -> QuerySet[ServiceChange]:
    if not policy.can(user, "directory.review_changes"):
        return ServiceChange.objects.none()
    return (
        ServiceChange.objects.filter(status=ServiceChange.Status.PENDING)
        .select_related("service", "organisation", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def change(user: Any, uuid: Any) -> ServiceChange | None:
    if not policy.can(user, "directory.review_changes"):
        return None
    return (
        ServiceChange.objects.select_related("service", "organisation", "proposed_by", "decided_by")
        .filter(uuid=uuid)
        .first()
    )


def history(service: Service) -> list[ServiceChange]:
    return list(
        service.changes.filter(status=ServiceChange.Status.APPROVED)
        .select_related("proposed_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def open_reports(user: Any) -> QuerySet[ProblemReport]:
    if not policy.can(user, "directory.review_problem_reports"):
        return ProblemReport.objects.none()
    return ProblemReport.objects.filter(status=ProblemReport.Status.OPEN).select_related(
        "service", "service__organisation"
    ).order_by("created_at", "pk")


def services_with_locations(found: QuerySet[Service]) -> QuerySet[Service]:
    return found.prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("name")))


FIELD_LABELS = [
    ("name", "Name"),
    ("description", "What it offers"),
    ("access", "How people can use it"),
    ("url", "Website"),
    ("email", "Email address"),
    ("phone", "Phone number"),
    ("is_free", "Free of charge"),
    ("fees_description", "What it costs"),
    ("languages", "Languages"),
    ("accessibility", "Accessibility"),
    ("eligibility_description", "Who it is for"),
    ("status", "Status"),
    ("needs", "Needs it meets"),
    ("localities", "Localities it serves"),
    ("locations", "Where it happens"),
    ("new_location", "New place"),
]


def _words(name: str, value: Any) -> str:
    """A service field's stored value in words, for the review page."""
    if value in (None, "", []):
        return "None" if name == "new_location" else "Not given"
    if name == "is_free":
        return "Yes" if value else "No"
    if name == "status":
        return Service.Status(value).label if value in Service.Status.values else str(value)
    if name == "access":
        return ", ".join(Service.Access(v).label if v in Service.Access.values else v for v in value)
    if name == "needs":
        index = needs.index()
        return ", ".join(index.by_uuid[v].name if v in index.by_uuid else v for v in value)
    if name == "localities":
        known = search.localities()
        return ", ".join(known[v].name if v in known else v for v in value)
    if name == "locations":
        names = dict(Location.objects.filter(uuid__in=value).values_list("uuid", "name"))
        return ", ".join(sorted(str(n) for n in names.values()))
    if name == "new_location":
        return ", ".join(str(value.get(key)) for key in ("name", "address_1", "postcode") if value.get(key))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def comparison(current: dict[str, Any], proposed: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of (label, now, proposed, changed) for a side-by-side review."""
    rows = []
    for name, label in FIELD_LABELS:
        now, then = current.get(name), proposed.get(name)
        rows.append(
            {
                "label": label,
                "current": _words(name, now) if current else "",
                "proposed": _words(name, then),
                "changed": bool(current) and now != then and not (name == "new_location" and not then),
            }
        )
    return rows
