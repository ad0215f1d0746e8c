"""Referrals: to a service, with the person's consent or a safeguarding lead's override; the
receiving organisation told; accepted, declined with a reason, or completed with what happened."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import Organisation, Role
from thriving.core.tasks import send_email
from thriving.core.workdays import add_working_days
from thriving.directory.queries import public as directory
from thriving.frontdoor.models import HelpRequest, Referral, ReferralSettings, RequestEvent
from thriving.frontdoor.services.common import (
    REFERRAL_CHANGED,
    Action,
    ConsentMissing,
    FrontDoorError,
    record_event,
)
from thriving.frontdoor.services.people import active_share_consent

DEFAULT_RESPONSE_WORKING_DAYS = 2


def response_days(organisation: Organisation) -> int:
    found = ReferralSettings.objects.filter(organisation=organisation).values_list(
        "response_working_days", flat=True
    ).first()
    return found if found is not None else DEFAULT_RESPONSE_WORKING_DAYS


def refer(
    *,
    acting_user: Any,
    request: HelpRequest,
    service: directory.Service,
    message: str = "",
    override_reason: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Referral:
    """Refer the request to a service. Needs the person's consent to share, unless a designated
    safeguarding lead overrides it with a reason. A request has one active referral to a service
    at a time: the database refuses a second one, even from two workers referring at once."""
    policy.require(acting_user, "frontdoor.refer", request)
    if request.status == HelpRequest.Status.CLOSED:
        raise FrontDoorError("This request is closed. Reopen it to refer it.")
    consent = active_share_consent(request.person)
    override = False
    if consent is None:
        if not override_reason.strip():
            raise ConsentMissing(
                f"{request.person.full_name} has not agreed to share their details. Record their consent "
                "first, or ask a designated safeguarding lead to override it with a reason."
            )
        if not policy.can(acting_user, "frontdoor.override_consent"):
            raise PermissionDenied("frontdoor.override_consent")
        override = True
    moment = now or timezone.now()
    already = f"This request is already referred to {service.name}."
    try:
        with transaction.atomic():
            if _active(request, service).exists():
                raise FrontDoorError(already)
            referral = Referral.objects.create(
                request=request,
                service=service,
                organisation=service.organisation,
                message=message,
                referred_by=acting_user,
                created_at=moment,
                due_by=add_working_days(moment, response_days(service.organisation)),
                consent=consent,
                safeguarding_override=override,
                override_reason=override_reason.strip() if override else "",
                override_by=acting_user if override else None,
            )
            fields: dict[str, Any] = {}
            if request.status in (HelpRequest.Status.NEW, HelpRequest.Status.TRIAGED):
                fields["status"] = HelpRequest.Status.REFERRED
            HelpRequest.objects.filter(pk=request.pk).update(
                version=F("version") + 1, updated_at=timezone.now(), **fields
            )
            request.refresh_from_db()
            text = f"Referred to {service.name} ({service.organisation.name})"
            if override:
                text += f". Safeguarding override: {referral.override_reason}"
            record_event(request, RequestEvent.Kind.REFERRED, acting_user, text)
            audit.record(acting_user, "referral.created", referral, action=Action.CREATED,
                         subject=request.person.full_name,
                         purpose="safeguarding override" if override else "referral with consent",
                         object_label=f"{request.reference} to {service.name}")
            if notify:
                transaction.on_commit(lambda: notify_new_referral(referral.pk))
    except IntegrityError:
        # Someone referred it to the same service at the same moment: the database keeps one.
        if _active(request, service).exists():
            raise FrontDoorError(already) from None
        raise
    return referral


def _active(request: HelpRequest, service: directory.Service) -> QuerySet[Referral]:
    """The referrals of the request to the service that are still with it (awaiting or accepted)."""
    return Referral.objects.filter(request=request, service=service, status__in=Referral.ACTIVE)


def update_referral_settings(
    *, acting_user: Any, organisation: Organisation, response_working_days: int, notify_email: str = ""
) -> ReferralSettings:
    """Set how many working days the organisation has to answer a referral, and the team address
    that new referrals and reminders also go to. Only its own staff may."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.manage_referral_settings", organisation)
        found, _ = ReferralSettings.objects.select_for_update().update_or_create(
            organisation=organisation,
            defaults={"response_working_days": response_working_days, "notify_email": notify_email},
        )
        audit.record(acting_user, "referral_settings.changed", organisation, action=Action.CHANGED,
                     changes={"response_working_days": str(response_working_days), "notify_email": notify_email})
    return found


def organisation_addresses(organisation: Organisation) -> list[str]:
    found = set(
        organisation.memberships.filter(role=Role.ORGANISATION_STAFF, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    extra = ReferralSettings.objects.filter(organisation=organisation).values_list("notify_email", flat=True).first()
    if extra:
        found.add(extra)
    return sorted(found)


def notify_new_referral(referral_id: int) -> None:
    """Tell the receiving organisation that a referral is waiting (no personal data in the email)."""
    referral = Referral.objects.select_related("service", "organisation", "request").get(pk=referral_id)
    to = organisation_addresses(referral.organisation)
    if to:
        send_email.enqueue(
            subject=f"New referral to {referral.service.name}",
            body=(
                f"A new referral ({referral.request.reference}) is waiting for {referral.organisation.name}.\n\n"
                f"Please accept or decline it by {timezone.localtime(referral.due_by):%A %-d %B %Y}.\n"
                f"Sign in to see it: {settings.SITE_URL}/referrals/\n"
            ),
            to=to,
        )


def _change_referral(referral: Referral, version: int, **fields: Any) -> Referral:
    """Write fields only if the referral is still at `version`; otherwise raise Conflict."""
    for name, value in fields.items():
        setattr(referral, name, value)
    save_if_unchanged(referral, version=version, fields=list(fields), message=REFERRAL_CHANGED)
    return referral


def accept_referral(*, acting_user: Any, referral: Referral, version: int, note: str = "") -> Referral:
    """The receiving organisation takes the referral on: the request is then in progress."""
    policy.require(acting_user, "frontdoor.answer_referrals", referral)
    if referral.status != Referral.Status.AWAITING:
        raise FrontDoorError("This referral has already been answered.")
    with transaction.atomic():
        _change_referral(referral, version, status=Referral.Status.ACCEPTED, responded_at=timezone.now(),
                         responded_by=acting_user, outcome_note=note)
        request = referral.request
        if request.status in (HelpRequest.Status.REFERRED, HelpRequest.Status.TRIAGED, HelpRequest.Status.NEW):
            HelpRequest.objects.filter(pk=request.pk).update(
                status=HelpRequest.Status.IN_PROGRESS, version=F("version") + 1, updated_at=timezone.now()
            )
        record_event(request, RequestEvent.Kind.ACCEPTED, acting_user,
               f"{referral.organisation.name} accepted the referral to {referral.service.name}"
               + (f": {note}" if note else ""))
        audit.record(acting_user, "referral.accepted", referral, action=Action.CHANGED,
                     subject=request.person.full_name, object_label=str(referral))
    return referral


def decline_referral(*, acting_user: Any, referral: Referral, version: int, reason: str, note: str = "") -> Referral:
    """The receiving organisation cannot help, with the reason; the request goes back to the hub
    when nobody else has it."""
    policy.require(acting_user, "frontdoor.answer_referrals", referral)
    if referral.status != Referral.Status.AWAITING:
        raise FrontDoorError("This referral has already been answered.")
    if reason not in Referral.DeclineReason.values:
        raise FrontDoorError("Choose why you are declining the referral.")
    if reason == Referral.DeclineReason.OTHER and not note.strip():
        raise FrontDoorError("Say why you are declining the referral.")
    with transaction.atomic():
        _change_referral(referral, version, status=Referral.Status.DECLINED, responded_at=timezone.now(),
                         responded_by=acting_user, decline_reason=reason, decline_note=note)
        request = referral.request
        still_open = Referral.objects.filter(request=request, status__in=Referral.ACTIVE).exists()
        if not still_open and request.status == HelpRequest.Status.REFERRED:
            # Nobody else has it: back to the hub to find another way.
            HelpRequest.objects.filter(pk=request.pk).update(
                status=HelpRequest.Status.TRIAGED, version=F("version") + 1, updated_at=timezone.now()
            )
        record_event(request, RequestEvent.Kind.DECLINED, acting_user,
               f"{referral.organisation.name} declined the referral to {referral.service.name}: "
               f"{Referral.DeclineReason(reason).label}" + (f". {note}" if note else ""))
        audit.record(acting_user, "referral.declined", referral, action=Action.CHANGED,
                     subject=request.person.full_name, object_label=str(referral))
    return referral


def complete_referral(*, acting_user: Any, referral: Referral, version: int, note: str) -> Referral:
    """Record what happened once the organisation has helped."""
    policy.require(acting_user, "frontdoor.answer_referrals", referral)
    if referral.status != Referral.Status.ACCEPTED:
        raise FrontDoorError("Only an accepted referral can be completed.")
    if not note.strip():
        raise FrontDoorError("Say what happened.")
    with transaction.atomic():
        _change_referral(referral, version, status=Referral.Status.COMPLETED, completed_at=timezone.now(),
                         outcome_note=note)
        record_event(referral.request, RequestEvent.Kind.REFERRAL_OUTCOME, acting_user,
               f"{referral.organisation.name}: {note}")
        audit.record(acting_user, "referral.completed", referral, action=Action.CHANGED,
                     subject=referral.request.person.full_name, object_label=str(referral))
    return referral
