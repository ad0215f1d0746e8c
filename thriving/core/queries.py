"""Reads of the core app: organisations, users and their roles, and the audit trail.

Each read starts from what the person asking may see. Reads of personal data record themselves
in the audit trail."""

import datetime
import uuid as uuid_module
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from thriving.core import audit, policy
from thriving.core.models import AuditEvent, Membership, Organisation, SiteSettings, User
from thriving.places.models import Locality

SECTOR_TYPES = {
    "council": {Organisation.Type.COUNCIL},
    "partner": Organisation.PARTNER_TYPES,
    "community": Organisation.COMMUNITY_TYPES,
}


def page_of(items: QuerySet, number: Any, per_page: int) -> Page:
    """One page of a list, with the page numbers to link to (gaps as Paginator.ELLIPSIS). A page
    number past the end gives the last page; one that is not a number gives the first."""
    page = Paginator(items, per_page).get_page(number)
    page.elided_range = list(  # type: ignore[attr-defined]
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


# --- Organisations ---


def organisations(
    user: Any,
    *,
    q: str = "",
    sector: str = "",
    type: str = "",
    locality: Locality | None = None,
) -> QuerySet[Organisation]:
    """The organisations a member of staff may see (all of them), narrowed by the filters."""
    found = Organisation.objects.visible_to(user).prefetch_related(
        Prefetch("localities", queryset=Locality.objects.order_by("name"))
    )
    if q:
        found = found.filter(name__icontains=q.strip())
    if sector in SECTOR_TYPES:
        found = found.filter(type__in=SECTOR_TYPES[sector])
    if type:
        found = found.filter(type=type)
    if locality is not None:
        found = found.filter(localities=locality)
    return found.order_by("name", "pk")


def organisation_member_count(organisation: Organisation) -> int:
    """How many people hold a role in the organisation."""
    return organisation.memberships.values("user").distinct().count()


def organisation_choices() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


# --- Users and their roles ---


def users(
    user: Any,
    *,
    q: str = "",
    role: str = "",
    organisation: Organisation | None = None,
    status: str = "",
) -> QuerySet[User]:
    """The people an administrator manages, with their roles, narrowed by the filters."""
    found = User.objects.visible_to(user, "manage").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation", "locality"))
    )
    if q:
        term = q.strip()
        found = found.filter(Q(full_name__icontains=term) | Q(email__icontains=term))
    if role or organisation is not None:
        memberships = Membership.objects.all()
        if role:
            memberships = memberships.filter(role=role)
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        found = found.filter(pk__in=memberships.values("user_id"))
    if status == "active":
        found = found.filter(is_active=True)
    elif status == "deactivated":
        found = found.filter(is_active=False)
    return found.order_by("full_name", "email", "pk")


def record_user_viewed(acting_user: Any, person: User) -> None:
    audit.record(
        acting_user,
        "user.viewed",
        person,
        action=audit.Action.VIEWED,
        subject=person.email,
        purpose="administration",
    )


def membership_of(person: User, membership_id: Any) -> Membership | None:
    try:
        public_id = uuid_module.UUID(str(membership_id))
    except ValueError:
        return None
    return (
        Membership.objects.select_related("user", "organisation", "locality")
        .filter(uuid=public_id, user=person)
        .first()
    )


def site_settings() -> SiteSettings:
    return SiteSettings.load()


# --- The audit trail ---


def audit_events(
    user: Any,
    *,
    q: str = "",
    action: str = "",
    actor: str = "",
    subject: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events matching the filters, newest first, for those who may read the trail."""
    if not policy.can(user, "core.view_audit"):
        return AuditEvent.objects.none()
    found = AuditEvent.objects.select_related("actor")
    if q:
        term = q.strip()
        found = found.filter(
            Q(actor_label__icontains=term)
            | Q(object_label__icontains=term)
            | Q(subject__icontains=term)
            | Q(event__icontains=term)
        )
    if action:
        found = found.filter(action=action)
    if actor:
        found = found.filter(actor_label__iexact=actor.strip())
    if subject:
        found = found.filter(subject__iexact=subject.strip())
    if date_from:
        found = found.filter(at__date__gte=date_from)
    if date_to:
        found = found.filter(at__date__lte=date_to)
    return found.order_by("-at", "-id")


def export_audit_events(*, acting_user: Any, description: str, **filters: Any) -> QuerySet[AuditEvent]:
    """The events to export, after recording the export itself in the audit trail."""
    events = audit_events(acting_user, **filters)
    audit.record(
        acting_user,
        "audit.exported",
        action=audit.Action.EXPORTED,
        object_type="audit trail",
        object_label=f"Audit trail: {description}",
        purpose="audit export",
    )
    return events
