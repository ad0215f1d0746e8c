"""Writes of the directory: one function per action a person takes, each in one transaction,
checking the policy and the organisation, and recording what it did in the audit trail.

Organisation staff propose; directory editors approve. A change proposed against an older
version of the service than it now has conflicts and cannot be approved: it must be proposed
again from what the service now says."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.models import Organisation, Role, User
from thriving.directory.models import (
    Location,
    ProblemReport,
    Service,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
)
from thriving.directory.tasks import notify_problem_report
from thriving.places.models import Locality

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


class ServiceError(Exception):
    """An action that cannot be taken, with a message to show the person."""


class Conflict(ServiceError):
    """The service changed after the change was proposed."""


class AlreadyDecided(ServiceError):
    pass


def may_edit(user: Any, organisation: Organisation | int | None) -> bool:
    """Editors and administrators may edit any organisation's services; organisation staff only
    their own organisation's."""
    if not policy.can(user, "directory.edit_services"):
        return False
    if policy.roles_of(user) & {Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR}:
        return True
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return organisation_id in policy.organisation_ids(user, Role.ORGANISATION_STAFF)


def require_may_edit(user: Any, organisation: Organisation | int | None) -> None:
    policy.require(user, "directory.edit_services")
    if not may_edit(user, organisation):
        raise PermissionDenied("directory.edit_services")


def snapshot(service: Service) -> dict[str, Any]:
    """The whole service as plain data: what a change proposes and what history keeps."""
    data = {name: getattr(service, name) for name in FIELDS}
    data["access"], data["languages"] = list(service.access or []), list(service.languages or [])
    data["needs"] = sorted(str(u) for u in service.needs.values_list("uuid", flat=True))
    data["localities"] = sorted(service.localities.values_list("slug", flat=True))
    data["locations"] = sorted(str(u) for u in service.locations.values_list("uuid", flat=True))
    data["new_location"] = None
    return data


def _propose(acting_user: User, organisation: Organisation, service: Service | None, data: dict) -> ServiceChange:
    require_may_edit(acting_user, organisation)
    change = ServiceChange.objects.create(
        service=service,
        organisation=organisation,
        data=data,
        base_version=service.version if service else None,
        proposed_by=acting_user,
    )
    audit.record(acting_user, "service_change.proposed", change, action=audit.Action.CREATED)
    return change


@transaction.atomic
def propose_service(*, acting_user: User, organisation: Organisation, data: dict) -> ServiceChange:
    """Propose a new service for the organisation."""
    return _propose(acting_user, organisation, None, data)


@transaction.atomic
def propose_change(*, acting_user: User, service: Service, data: dict, base_version: int) -> ServiceChange:
    """Propose changes to a service, against the version the person saw."""
    change = _propose(acting_user, service.organisation, service, data)
    if change.base_version != base_version:
        change.base_version = base_version
        change.save(update_fields=["base_version"])
    return change


def is_conflicting(change: ServiceChange) -> bool:
    return (
        change.status == ServiceChange.Status.PENDING
        and change.service is not None
        and change.base_version != change.service.version
    )


def _apply(service: Service, data: dict, acting_user: User) -> None:
    for name in FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.last_checked = timezone.localdate()
    service.last_checked_by = acting_user.email
    service.full_clean(exclude=["organisation", "created_by"])
    service.save()
    service.needs.set(TaxonomyTerm.objects.filter(uuid__in=data.get("needs", [])))
    service.localities.set(Locality.objects.filter(slug__in=data.get("localities", [])))
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
            locality=Locality.objects.filter(slug=new.get("locality") or "").first(),
        )
        wanted.add(location.pk)
    service.service_at_locations.exclude(location_id__in=wanted).delete()
    have = set(service.service_at_locations.values_list("location_id", flat=True))
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=service, location_id=pk) for pk in sorted(wanted - have)]
    )


@transaction.atomic
def approve_change(*, acting_user: User, change: ServiceChange) -> Service:
    """Apply a proposed change to the service, bump its version, and keep the change as history."""
    policy.require(acting_user, "directory.review_changes")
    locked = ServiceChange.objects.select_for_update(of=("self",))
    change = locked.select_related("service", "organisation").get(pk=change.pk)
    if change.status != ServiceChange.Status.PENDING:
        raise AlreadyDecided("This change has already been decided.")
    if change.service is None:
        service = Service(organisation=change.organisation, created_by=change.proposed_by)
        before: dict[str, Any] = {}
    else:
        # Claiming the next version is one conditional UPDATE, so two approvals cannot both win.
        claimed = Service.objects.filter(pk=change.service.pk, version=change.base_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise Conflict(
                "The service has changed since this change was proposed. It cannot be approved: "
                "reject it and ask for the change to be proposed again."
            )
        service = Service.objects.get(pk=change.service.pk)
        before = snapshot(service)
    _apply(service, change.data, acting_user)
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
    policy.require(acting_user, "directory.review_changes")
    change = ServiceChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ServiceChange.Status.PENDING:
        raise AlreadyDecided("This change has already been decided.")
    change.status = ServiceChange.Status.REJECTED
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.decision_note = reason
    change.save()
    audit.record(acting_user, "service_change.rejected", change, action=audit.Action.CHANGED, purpose=reason[:200])
    return change


@transaction.atomic
def confirm_still_right(*, acting_user: User, service: Service) -> Service:
    """Someone who keeps the service says it is still right today."""
    require_may_edit(acting_user, service.organisation_id)
    today = timezone.localdate()
    Service.objects.filter(pk=service.pk).update(last_checked=today, last_checked_by=acting_user.email)
    before = str(service.last_checked or "")
    service.last_checked, service.last_checked_by = today, acting_user.email
    audit.record(
        acting_user,
        "service.checked",
        service,
        action=audit.Action.CHANGED,
        changes={"last_checked": [before, str(today)]},
    )
    return service


@transaction.atomic
def report_problem(*, service: Service, description: str, reporter_email: str = "") -> ProblemReport:
    """Anyone may report that a service page is wrong; the directory editors are told."""
    report = ProblemReport.objects.create(service=service, description=description, reporter_email=reporter_email)
    audit.record(None, "problem_report.created", report, action=audit.Action.CREATED, actor_label="public")
    transaction.on_commit(lambda: notify_problem_report.enqueue(str(report.uuid)))
    return report


@transaction.atomic
def resolve_problem(*, acting_user: User, report: ProblemReport) -> ProblemReport:
    policy.require(acting_user, "directory.review_problem_reports")
    ProblemReport.objects.filter(pk=report.pk, status=ProblemReport.Status.OPEN).update(
        status=ProblemReport.Status.RESOLVED, resolved_at=timezone.now(), resolved_by=acting_user
    )
    report.refresh_from_db()
    audit.record(acting_user, "problem_report.resolved", report, action=audit.Action.CHANGED)
    return report
