"""Writes of directory editors deciding proposed changes: approving one publishes it, rejecting
one says why.

A change proposed against an older version of the service than it now has conflicts and cannot
be approved: it must be proposed again from what the service now says. Approving claims the
service's next version with one conditional update (`save_if_unchanged`), so two approvals
cannot both win."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import Conflict, save_if_unchanged
from thriving.core.models import User
from thriving.directory import search_index
from thriving.directory.models import Location, Service, ServiceAtLocation, ServiceChange, TaxonomyTerm
from thriving.directory.queries.editing import FIELDS, snapshot
from thriving.places import queries as places

STALE_CHANGE = (
    "The service has changed since this change was proposed. It cannot be approved: "
    "reject it and ask for the change to be proposed again."
)
DECIDED = "This change has already been decided."


def _set_fields(service: Service, data: dict, acting_user: User) -> list[str]:
    """Put the proposed fields on the service, checked; the names of the fields set."""
    for name in FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.last_checked = timezone.localdate()
    service.last_checked_by = acting_user.email
    # Changed here now, not at the source it was imported from: the API's last_modified becomes
    # the time of this change rather than the source's older date.
    service.last_modified = None
    service.full_clean(exclude=["organisation", "created_by"])
    return [*FIELDS, "last_checked", "last_checked_by", "last_modified"]


def _set_links(service: Service, data: dict) -> None:
    """The service's needs, localities and places as proposed, a new place made if asked for."""
    service.needs.set(TaxonomyTerm.objects.filter(uuid__in=data.get("needs", [])))
    service.localities.set(places.localities().filter(slug__in=data.get("localities", [])))
    wanted = set(
        Location.objects.filter(uuid__in=data.get("locations", []), organisation=service.organisation).values_list(
            "pk", flat=True
        )
    )
    wanted |= set(service.service_at_locations.filter(location__uuid__in=data.get("locations", [])).values_list(
        "location_id", flat=True
    ))
    new = data.get("new_location")
    if new:
        location = Location.objects.create(
            organisation=service.organisation,
            name=new["name"],
            address_1=new.get("address_1", ""),
            postcode=new["postcode"],
            latitude=new.get("latitude"),
            longitude=new.get("longitude"),
            locality=places.locality(new.get("locality") or ""),
        )
        wanted.add(location.pk)
    service.service_at_locations.exclude(location_id__in=wanted).delete()
    have = set(service.service_at_locations.values_list("location_id", flat=True))
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=service, location_id=pk) for pk in sorted(wanted - have)]
    )


def _pending(change: ServiceChange) -> ServiceChange:
    """The change again, locked until the decision is saved; refused if decided meanwhile."""
    locked = ServiceChange.objects.select_for_update(of=("self",)).select_related("service", "organisation")
    change = locked.get(pk=change.pk)
    if change.status != ServiceChange.Status.PENDING:
        raise Conflict(DECIDED)
    return change


@transaction.atomic
def approve_change(*, acting_user: User, change: ServiceChange) -> Service:
    """Apply a proposed change to the service, bump its version, and keep the change as history."""
    policy.require(acting_user, "directory.review_changes")
    change = _pending(change)
    before: dict[str, Any] = {}
    if change.service is None:
        service = Service(organisation=change.organisation, created_by=change.proposed_by)
        _set_fields(service, change.data, acting_user)
        service.save()
    else:
        service = Service.objects.select_related("organisation").get(pk=change.service.pk)
        before = snapshot(service)
        fields = _set_fields(service, change.data, acting_user)
        save_if_unchanged(service, version=change.base_version, fields=fields, message=STALE_CHANGE)
    with search_index.batched():  # the saves above send no signal; the links' signals gather here
        _set_links(service, change.data)
        search_index.refresh([service.pk])
    after = snapshot(service)
    change.service = service
    change.data = {**after, "version": service.version}
    change.status = ServiceChange.Status.APPROVED
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.save()
    audit.record(
        acting_user,
        "service.created" if not before else "service.changed",
        service,
        action=audit.Action.CREATED if not before else audit.Action.CHANGED,
        changes=audit.changes_between(before, after),
        purpose=f"approved change {change.uuid}",
    )
    return service


@transaction.atomic
def reject_change(*, acting_user: User, change: ServiceChange, reason: str) -> ServiceChange:
    """Refuse a proposed change, saying why; the service stays as it is."""
    policy.require(acting_user, "directory.review_changes")
    change = _pending(change)
    change.status = ServiceChange.Status.REJECTED
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.decision_note = reason
    change.save()
    audit.record(acting_user, "service_change.rejected", change, action=audit.Action.CHANGED, purpose=reason[:200])
    return change
