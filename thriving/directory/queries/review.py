"""Reads for directory editors reviewing proposed changes: the queue, one change, and a change
beside the service as it is now, in words.

Only editors review changes (the "review" scope of `ServiceChange` in `policy.py`)."""

from typing import Any

from django.db.models import QuerySet

from thriving.directory import search
from thriving.directory.models import Location, Service, ServiceChange
from thriving.directory.queries import needs


def pending_changes(user: Any) -> QuerySet[ServiceChange]:
    """The changes waiting for a decision, oldest first."""
    return (
        ServiceChange.objects.visible_to(user, "review")
        .filter(status=ServiceChange.Status.PENDING)
        .select_related("service", "organisation", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def changes_for_review() -> QuerySet[ServiceChange]:
    """Changes with what their review page shows: the view fetches one with
    `get_visible_or_404(changes_for_review(), request.user, "review", uuid=uuid)`."""
    return ServiceChange.objects.select_related("service", "organisation", "proposed_by", "decided_by")


def is_conflicting(change: ServiceChange) -> bool:
    """A pending change proposed against an older version of the service than it now has."""
    return (
        change.status == ServiceChange.Status.PENDING
        and change.service is not None
        and change.base_version != change.service.version
    )


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
