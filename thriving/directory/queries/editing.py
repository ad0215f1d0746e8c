"""Reads for keeping the directory true: the services a person keeps, a service as plain data
(what a change proposes and what history keeps), its history, and which services need checking.

The services a person keeps are the "change" scope of `Service` in `policy.py`."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from thriving.core.models import Organisation
from thriving.directory import search
from thriving.directory.models import Location, Service, ServiceChange
from thriving.directory.policy import is_directory_editor, kept_organisation_ids

# The service's own fields that a change proposes, beside its needs, localities and locations.
FIELDS = (
    "name",
    "description",
    "access",
    "url",
    "email",
    "phone",
    "is_free",
    "help_level",
    "fees_description",
    "languages",
    "accessibility",
    "eligibility_description",
    "status",
)


def snapshot(service: Service) -> dict[str, Any]:
    """The whole service as plain data: what a change proposes and what history keeps."""
    data = {name: getattr(service, name) for name in FIELDS}
    data["access"], data["languages"] = list(service.access or []), list(service.languages or [])
    data["needs"] = sorted(str(u) for u in service.needs.values_list("uuid", flat=True))
    data["localities"] = sorted(service.localities.values_list("slug", flat=True))
    data["locations"] = sorted(str(u) for u in service.locations.values_list("uuid", flat=True))
    data["new_location"] = None
    return data


# --- Checking ---


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
    """Services people can find that nobody has checked for the configured number of months
    (for the reminders, which no one person asks for)."""
    return Service.objects.filter(status__in=search.FINDABLE).filter(unchecked_q()).order_by("organisation_id", "name")


# --- The services a person keeps ---


def staff_services(user: Any) -> QuerySet[Service]:
    """The services a person keeps: editors all of them, organisation staff their organisation's."""
    return Service.objects.visible_to(user, "change").select_related("organisation").order_by("name", "pk")


def kept_services() -> QuerySet[Service]:
    """Services with their organisation: the view fetches one the person keeps with
    `get_visible_or_404(kept_services(), request.user, "change", uuid=uuid)`."""
    return Service.objects.select_related("organisation")


def staff_organisations(user: Any) -> list[Organisation]:
    """The organisations a person may propose new services for."""
    found = Organisation.objects.order_by("name")
    if not is_directory_editor.test(user):
        found = found.filter(pk__in=kept_organisation_ids(user))
    return list(found)


def organisation_locations(organisation: Any) -> list[Location]:
    return list(Location.objects.filter(organisation=organisation).order_by("name"))


def history(user: Any, service: Service) -> list[ServiceChange]:
    """Every approved version of the service the person may see, newest first."""
    return list(
        ServiceChange.objects.visible_to(user)
        .filter(service=service, status=ServiceChange.Status.APPROVED)
        .select_related("proposed_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )
