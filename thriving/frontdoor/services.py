"""Changing front-door records: every change goes through here, inside one transaction, with
a step in the request's history and an entry in the audit trail.

Two people editing the same request never silently overwrite each other: each change names the
version it was made against (`version=`), and a change against an old version raises `Conflict`.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.models import Organisation, Role
from thriving.core.tasks import send_email
from thriving.directory.models import Service, TaxonomyTerm
from thriving.frontdoor import keys
from thriving.frontdoor.models import (
    Consent,
    HelpRequest,
    Level,
    Person,
    Referral,
    ReferralSettings,
    RequestEvent,
)
from thriving.places import queries as places

Action = audit.Action
DEFAULT_RESPONSE_WORKING_DAYS = 2


class FrontDoorError(Exception):
    """A change that cannot be made, with a message to show the person."""


class Conflict(FrontDoorError):
    """Someone else changed the record since it was opened."""

    def __init__(self, message: str = "Someone else changed this request while you were working on it. "
                 "Check what changed, then make your change again.") -> None:
        super().__init__(message)


class ConsentMissing(FrontDoorError):
    pass


# ---------------------------------------------------------------------------------------------
# Working days


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The same time of day, `days` working days (not weekends or English bank holidays) later."""
    local = timezone.localtime(start)
    day, remaining = local.date(), days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    # The same wall-clock time on that day, whatever the clocks did in between.
    return datetime.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=local.tzinfo)


def response_days(organisation: Organisation) -> int:
    found = ReferralSettings.objects.filter(organisation=organisation).values_list(
        "response_working_days", flat=True
    ).first()
    return found if found is not None else DEFAULT_RESPONSE_WORKING_DAYS


# ---------------------------------------------------------------------------------------------
# People and consent


def _event(request: HelpRequest, kind: str, actor: Any, text: str = "", changes: dict | None = None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        text=text,
        changes=changes or {},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
    )


def locate(postcode: str) -> tuple[str, Any]:
    """(normalised postcode, locality or None). An unknown or malformed postcode gives ("", None):
    forms check postcodes before this is called."""
    if not postcode:
        return "", None
    try:
        answer = places.lookup_postcode(postcode)
    except places.PostcodeError:
        return keys.postcode_key(postcode), None
    return answer.postcode, answer.locality


PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "postcode",
    "address",
    "email",
    "phone",
    "preferred_contact",
    "contact_times",
    "contact_notes",
    "language",
)


def save_person(person: Person, actor: Any = None) -> Person:
    """Save a person with their matching keys and locality set from their details."""
    keys.apply(person)
    if person.postcode:
        _, locality = locate(person.postcode)
        person.locality = locality
    if person.pk is None and getattr(actor, "is_authenticated", False):
        person.created_by = actor
    person.save()
    return person


def update_person(person: Person, *, user: Any, version: int, **details: Any) -> Person:
    """Change a person's details, refusing a change made against an old version."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.version != version:
            raise Conflict("Someone else changed this person's details while you were working on them. "
                           "Check what changed, then make your change again.")
        changes = {}
        for name, value in details.items():
            if name not in PERSON_FIELDS:
                raise ValueError(f"Not a person's detail: {name}")
            before = getattr(locked, name)
            if before != value:
                changes[name] = [str(before or ""), str(value or "")]
                setattr(locked, name, value)
        locked.version += 1
        save_person(locked, user)
        audit.record(user, "person.changed", locked, action=Action.CHANGED, subject=locked.full_name,
                     changes={name: "changed" for name in changes})
    return locked


def record_consent(
    person: Person,
    *,
    scope: str,
    method: str,
    statement: str,
    user: Any = None,
    request: HelpRequest | None = None,
    given_at: datetime.datetime | None = None,
) -> Consent:
    consent = Consent.objects.create(
        person=person,
        scope=scope,
        method=method,
        statement=statement,
        given_at=given_at or timezone.now(),
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        request=request,
    )
    audit.record(user, "consent.recorded", consent, action=Action.CREATED, subject=person.full_name,
                 object_label=f"{consent.get_scope_display()} for {person.full_name}",
                 actor_label="" if getattr(user, "is_authenticated", False) else "public form")
    return consent


def withdraw_consent(consent: Consent, *, user: Any, note: str = "") -> Consent:
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise FrontDoorError("This consent was already withdrawn.")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user
        locked.withdrawn_note = note
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_note"])
        audit.record(user, "consent.withdrawn", locked, action=Action.CHANGED, subject=locked.person.full_name,
                     object_label=f"{locked.get_scope_display()} for {locked.person.full_name}")
    return locked


def active_share_consent(person: Person) -> Consent | None:
    return (
        Consent.objects.filter(person=person, scope=Consent.Scope.SHARE, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Requests


SHARE_STATEMENT = (
    "I agree that the Thriving hub may share what I have told them with the local organisations "
    "that can help me, so that they can contact me. I can change my mind at any time."
)


@dataclass
class NewRequest:
    """What is needed to open a request: the person (existing or new details) and what they asked."""

    description: str
    person: Person | None = None
    person_details: dict | None = None
    need_ids: Iterable[int] = ()
    postcode: str = ""
    contact_method: str = ""
    contact_times: str = ""
    asked_by: str = HelpRequest.Asker.SELF
    asker_name: str = ""
    asker_contact: str = ""
    asker_relationship: str = ""
    immediate_risk: bool = False
    channel: str = HelpRequest.Channel.ONLINE
    urgency: str = HelpRequest.Urgency.ROUTINE
    consent_method: str = ""  # a Consent.Method; empty means no consent to share was given
    consent_statement: str = SHARE_STATEMENT
    submission_key: uuid.UUID | None = None
    taken_by_organisation: Organisation | None = None
    created_at: datetime.datetime | None = None


def create_request(new: NewRequest, user: Any = None) -> tuple[HelpRequest, bool]:
    """Open a request (and the person's record, if new). Idempotent on `submission_key`: the same
    submission twice returns the first request and False."""
    if new.submission_key is not None:
        existing = HelpRequest.objects.filter(submission_key=new.submission_key).first()
        if existing is not None:
            return existing, False
    signed_in = getattr(user, "is_authenticated", False)
    try:
        with transaction.atomic():
            person = new.person
            if person is None:
                person = Person(**(new.person_details or {}))
                if not person.postcode:
                    person.postcode = new.postcode
                if not person.preferred_contact:
                    person.preferred_contact = new.contact_method
                if not person.contact_times:
                    person.contact_times = new.contact_times
                save_person(person, user)
                audit.record(user, "person.created", person, action=Action.CREATED, subject=person.full_name,
                             actor_label="" if signed_in else "public form")
            postcode, locality = locate(new.postcode or person.postcode)
            request = HelpRequest.objects.create(
                person=person,
                description=new.description,
                postcode=postcode,
                locality=locality,
                contact_method=new.contact_method,
                contact_times=new.contact_times,
                asked_by=new.asked_by,
                asker_name=new.asker_name,
                asker_contact=new.asker_contact,
                asker_relationship=new.asker_relationship,
                immediate_risk=new.immediate_risk,
                channel=new.channel,
                urgency=HelpRequest.Urgency.URGENT if new.immediate_risk else new.urgency,
                taken_by=user if signed_in else None,
                taken_by_organisation=new.taken_by_organisation,
                submission_key=new.submission_key,
                created_at=new.created_at or timezone.now(),
            )
            need_ids = list(new.need_ids)
            if need_ids:
                request.needs.set(TaxonomyTerm.objects.filter(pk__in=need_ids))
            if new.consent_method:
                record_consent(person, scope=Consent.Scope.SHARE, method=new.consent_method,
                               statement=new.consent_statement, user=user, request=request)
            how = HelpRequest.Channel(new.channel).label.lower()
            _event(request, RequestEvent.Kind.CREATED, user, f"Made by {how}" + (
                f", taken by {user.full_name or user.email}" if signed_in else ""))
            audit.record(user, "request.created", request, action=Action.CREATED, subject=person.full_name,
                         actor_label="" if signed_in else "public form")
    except IntegrityError:
        if new.submission_key is not None:
            existing = HelpRequest.objects.filter(submission_key=new.submission_key).first()
            if existing is not None:
                return existing, False
        raise
    return request, True


def _change(request: HelpRequest, version: int, **fields: Any) -> HelpRequest:
    """Write fields only if the request is still at `version`; otherwise raise Conflict."""
    updated = HelpRequest.objects.filter(pk=request.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise Conflict()
    request.refresh_from_db()
    return request


def triage(
    request: HelpRequest,
    *,
    user: Any,
    version: int,
    level: int,
    urgency: str,
    need_ids: Iterable[int],
    note: str = "",
) -> HelpRequest:
    """Place the request on the Hierarchy of Help, with its needs and urgency."""
    policy.require(user, "frontdoor.triage")
    with transaction.atomic():
        before = {"level": request.level, "urgency": request.urgency,
                  "needs": sorted(request.needs.values_list("name", flat=True))}
        fields: dict[str, Any] = {"level": level, "urgency": urgency}
        if request.status == HelpRequest.Status.NEW:
            fields["status"] = HelpRequest.Status.TRIAGED
            fields["triaged_at"] = timezone.now()
        elif request.status == HelpRequest.Status.CLOSED:
            raise FrontDoorError("This request is closed. Reopen it to triage it again.")
        _change(request, version, **fields)
        request.needs.set(TaxonomyTerm.objects.filter(pk__in=list(need_ids)))
        after = {"level": level, "urgency": urgency, "needs": sorted(request.needs.values_list("name", flat=True))}
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        _event(request, RequestEvent.Kind.TRIAGED, user,
               f"{Level(level).label}; {HelpRequest.Urgency(urgency).label.lower()}" + (f". {note}" if note else ""),
               changes)
        audit.record(user, "request.triaged", request, action=Action.CHANGED, subject=request.person.full_name,
                     changes=changes)
    return request


def set_huddle(request: HelpRequest, *, user: Any, version: int, flag: bool, reason: str = "") -> HelpRequest:
    """Flag (or unflag) a request for the connected team's huddle."""
    policy.require(user, "frontdoor.triage")
    with transaction.atomic():
        _change(request, version, bring_to_huddle=flag)
        _event(request, RequestEvent.Kind.HUDDLE, user,
               ("Bring to the huddle" if flag else "No longer for the huddle") + (f": {reason}" if reason else ""))
        audit.record(user, "request.huddle_flag", request, action=Action.CHANGED, subject=request.person.full_name,
                     changes={"bring_to_huddle": flag})
    return request


def add_note(request: HelpRequest, *, user: Any, text: str) -> RequestEvent:
    with transaction.atomic():
        event = _event(request, RequestEvent.Kind.NOTE, user, text)
        HelpRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())
        audit.record(user, "request.noted", request, action=Action.CHANGED, subject=request.person.full_name)
    return event


def refer(
    request: HelpRequest,
    *,
    user: Any,
    service: Service,
    message: str = "",
    override_reason: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Referral:
    """Refer the request to a service. Needs the person's consent to share, unless a designated
    safeguarding lead overrides it with a reason."""
    policy.require(user, "frontdoor.refer")
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
        if not policy.can(user, "frontdoor.override_consent"):
            raise PermissionDenied("frontdoor.override_consent")
        override = True
    if Referral.objects.filter(request=request, service=service, status__in=[
        Referral.Status.AWAITING, Referral.Status.ACCEPTED
    ]).exists():
        raise FrontDoorError(f"This request is already referred to {service.name}.")
    moment = now or timezone.now()
    with transaction.atomic():
        referral = Referral.objects.create(
            request=request,
            service=service,
            organisation=service.organisation,
            message=message,
            referred_by=user,
            created_at=moment,
            due_by=add_working_days(moment, response_days(service.organisation)),
            consent=consent,
            safeguarding_override=override,
            override_reason=override_reason.strip() if override else "",
            override_by=user if override else None,
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
        _event(request, RequestEvent.Kind.REFERRED, user, text)
        audit.record(user, "referral.created", referral, action=Action.CREATED, subject=request.person.full_name,
                     purpose="safeguarding override" if override else "referral with consent",
                     object_label=f"{request.reference} to {service.name}")
        if notify:
            transaction.on_commit(lambda: notify_new_referral(referral.pk))
    return referral


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


def _require_answerer(user: Any, referral: Referral) -> None:
    policy.require(user, "frontdoor.answer_referrals")
    if referral.organisation_id not in policy.organisation_ids(user, Role.ORGANISATION_STAFF):
        raise PermissionDenied("frontdoor.answer_referrals")


def _change_referral(referral: Referral, version: int, **fields: Any) -> Referral:
    updated = Referral.objects.filter(pk=referral.pk, version=version).update(version=F("version") + 1, **fields)
    if not updated:
        raise Conflict("Someone else answered this referral while you were working on it. Check its answer.")
    referral.refresh_from_db()
    return referral


def accept_referral(referral: Referral, *, user: Any, version: int, note: str = "") -> Referral:
    _require_answerer(user, referral)
    if referral.status != Referral.Status.AWAITING:
        raise FrontDoorError("This referral has already been answered.")
    with transaction.atomic():
        _change_referral(referral, version, status=Referral.Status.ACCEPTED, responded_at=timezone.now(),
                         responded_by=user, outcome_note=note)
        request = referral.request
        if request.status in (HelpRequest.Status.REFERRED, HelpRequest.Status.TRIAGED, HelpRequest.Status.NEW):
            HelpRequest.objects.filter(pk=request.pk).update(
                status=HelpRequest.Status.IN_PROGRESS, version=F("version") + 1, updated_at=timezone.now()
            )
        _event(request, RequestEvent.Kind.ACCEPTED, user,
               f"{referral.organisation.name} accepted the referral to {referral.service.name}"
               + (f": {note}" if note else ""))
        audit.record(user, "referral.accepted", referral, action=Action.CHANGED,
                     subject=request.person.full_name, object_label=str(referral))
    return referral


def decline_referral(referral: Referral, *, user: Any, version: int, reason: str, note: str = "") -> Referral:
    _require_answerer(user, referral)
    if referral.status != Referral.Status.AWAITING:
        raise FrontDoorError("This referral has already been answered.")
    if reason not in Referral.DeclineReason.values:
        raise FrontDoorError("Choose why you are declining the referral.")
    if reason == Referral.DeclineReason.OTHER and not note.strip():
        raise FrontDoorError("Say why you are declining the referral.")
    with transaction.atomic():
        _change_referral(referral, version, status=Referral.Status.DECLINED, responded_at=timezone.now(),
                         responded_by=user, decline_reason=reason, decline_note=note)
        request = referral.request
        still_open = Referral.objects.filter(
            request=request, status__in=[Referral.Status.AWAITING, Referral.Status.ACCEPTED]
        ).exists()
        if not still_open and request.status == HelpRequest.Status.REFERRED:
            # Nobody else has it: back to the hub to find another way.
            HelpRequest.objects.filter(pk=request.pk).update(
                status=HelpRequest.Status.TRIAGED, version=F("version") + 1, updated_at=timezone.now()
            )
        _event(request, RequestEvent.Kind.DECLINED, user,
               f"{referral.organisation.name} declined the referral to {referral.service.name}: "
               f"{Referral.DeclineReason(reason).label}" + (f". {note}" if note else ""))
        audit.record(user, "referral.declined", referral, action=Action.CHANGED,
                     subject=request.person.full_name, object_label=str(referral))
    return referral


def complete_referral(referral: Referral, *, user: Any, version: int, note: str) -> Referral:
    """Record what happened once the organisation has helped."""
    _require_answerer(user, referral)
    if referral.status != Referral.Status.ACCEPTED:
        raise FrontDoorError("Only an accepted referral can be completed.")
    if not note.strip():
        raise FrontDoorError("Say what happened.")
    with transaction.atomic():
        _change_referral(referral, version, status=Referral.Status.COMPLETED, completed_at=timezone.now(),
                         outcome_note=note)
        _event(referral.request, RequestEvent.Kind.REFERRAL_OUTCOME, user,
               f"{referral.organisation.name}: {note}")
        audit.record(user, "referral.completed", referral, action=Action.CHANGED,
                     subject=referral.request.person.full_name, object_label=str(referral))
    return referral


def close(
    request: HelpRequest, *, user: Any, version: int, outcome: str, outcome_level: int | None, reason: str = ""
) -> HelpRequest:
    """Close the request with how it ended: met (at which level), not met, or withdrawn (with a reason)."""
    policy.require(user, "frontdoor.triage")
    if outcome not in HelpRequest.Outcome.values:
        raise FrontDoorError("Choose how the request ended.")
    if outcome == HelpRequest.Outcome.MET and outcome_level is None:
        raise FrontDoorError("Choose the level at which the need was met.")
    if outcome != HelpRequest.Outcome.MET and not reason.strip():
        raise FrontDoorError("Say why the need was not met or the request was withdrawn.")
    if request.status == HelpRequest.Status.CLOSED:
        raise FrontDoorError("This request is already closed.")
    with transaction.atomic():
        _change(request, version, status=HelpRequest.Status.CLOSED, outcome=outcome,
                outcome_level=outcome_level if outcome == HelpRequest.Outcome.MET else None,
                outcome_reason=reason, closed_at=timezone.now(), bring_to_huddle=False)
        Referral.objects.filter(request=request, status=Referral.Status.AWAITING).update(
            status=Referral.Status.WITHDRAWN, version=F("version") + 1
        )
        label = HelpRequest.Outcome(outcome).label
        if outcome_level:
            label += f" at level {outcome_level}"
        _event(request, RequestEvent.Kind.CLOSED, user, label + (f": {reason}" if reason else ""))
        audit.record(user, "request.closed", request, action=Action.CHANGED, subject=request.person.full_name,
                     changes={"outcome": outcome, "outcome_level": outcome_level})
    return request


def reopen(request: HelpRequest, *, user: Any, version: int, reason: str) -> HelpRequest:
    policy.require(user, "frontdoor.triage")
    if request.status != HelpRequest.Status.CLOSED:
        raise FrontDoorError("This request is not closed.")
    if not reason.strip():
        raise FrontDoorError("Say why the request is being reopened.")
    with transaction.atomic():
        status = HelpRequest.Status.TRIAGED if request.level else HelpRequest.Status.NEW
        _change(request, version, status=status, outcome="", outcome_level=None, outcome_reason="", closed_at=None)
        _event(request, RequestEvent.Kind.REOPENED, user, reason)
        audit.record(user, "request.reopened", request, action=Action.CHANGED, subject=request.person.full_name)
    return request


def send_information(request: HelpRequest, *, user: Any, services: list[Service], email: str) -> None:
    """Self-help: email the person the details of chosen services."""
    policy.require(user, "frontdoor.triage")
    if not services:
        raise FrontDoorError("Choose at least one service to send.")
    if not email:
        raise FrontDoorError("Enter the email address to send the information to.")
    lines = [f"Hello {request.person.given_name},", "", "Here is information about local help you might find useful:"]
    lines.append("")
    for service in services:
        lines.append(service.name)
        lines.append(f"  Run by {service.organisation.name}")
        if service.phone:
            lines.append(f"  Phone: {service.phone}")
        if service.email:
            lines.append(f"  Email: {service.email}")
        lines.append(f"  More: {settings.SITE_URL}/services/{service.uuid}/")
        lines.append("")
    lines += [f"Your reference is {request.reference}.", "", "Thriving community hub"]
    with transaction.atomic():
        _event(request, RequestEvent.Kind.INFORMATION_SENT, user,
               "Sent information on " + ", ".join(s.name for s in services))
        audit.record(user, "request.information_sent", request, action=Action.CHANGED,
                     subject=request.person.full_name, purpose="self-help information")
        send_email.enqueue(subject="Information about local help", body="\n".join(lines), to=[email])
