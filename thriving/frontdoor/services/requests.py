"""A help request's life: opening it (idempotently), triage, the huddle flag, notes, sending
information, closing and reopening. Each change names the version it was made against, and is for
the hub workers of the request's locality (the HelpRequest "work" scope)."""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import Organisation
from thriving.core.tasks import send_email
from thriving.directory.queries import needs as directory_needs
from thriving.frontdoor.feedback import services as feedback
from thriving.frontdoor.models import Consent, HelpRequest, Level, Person, Referral, RequestEvent
from thriving.frontdoor.services.common import REQUEST_CHANGED, Action, FrontDoorError, record_event, where
from thriving.frontdoor.services.people import record_consent, save_person

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


def create_request(new: NewRequest, *, acting_user: Any = None) -> tuple[HelpRequest, bool]:
    """Open a request (and the person's record, if new): a worker taking it (`acting_user`), or the
    person on the public form (None). Idempotent on `submission_key`: the same submission twice
    returns the first request and False."""
    signed_in = getattr(acting_user, "is_authenticated", False)
    if signed_in:
        policy.require(acting_user, "frontdoor.take_request")
    if new.submission_key is not None:
        existing = HelpRequest.objects.filter(submission_key=new.submission_key).first()
        if existing is not None:
            return existing, False
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
                save_person(person, acting_user=acting_user)
                audit.record(acting_user, "person.created", person, action=Action.CREATED, subject=person.full_name,
                             actor_label="" if signed_in else "public form")
            request = HelpRequest.objects.create(
                person=person,
                description=new.description,
                **where(new.postcode or person.postcode),
                contact_method=new.contact_method,
                contact_times=new.contact_times,
                asked_by=new.asked_by,
                asker_name=new.asker_name,
                asker_contact=new.asker_contact,
                asker_relationship=new.asker_relationship,
                immediate_risk=new.immediate_risk,
                channel=new.channel,
                urgency=HelpRequest.Urgency.URGENT if new.immediate_risk else new.urgency,
                taken_by=acting_user if signed_in else None,
                taken_by_organisation=new.taken_by_organisation,
                submission_key=new.submission_key,
                created_at=new.created_at or timezone.now(),
            )
            need_ids = list(new.need_ids)
            if need_ids:
                request.needs.set(directory_needs.existing_need_ids(need_ids))
            if new.consent_method:
                record_consent(person, scope=Consent.Scope.SHARE, method=new.consent_method,
                               statement=new.consent_statement, acting_user=acting_user, request=request)
            how = HelpRequest.Channel(new.channel).label.lower()
            record_event(request, RequestEvent.Kind.CREATED, acting_user, f"Made by {how}" + (
                f", taken by {acting_user.full_name or acting_user.email}" if signed_in else ""))
            audit.record(acting_user, "request.created", request, action=Action.CREATED, subject=person.full_name,
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
    for name, value in fields.items():
        setattr(request, name, value)
    save_if_unchanged(request, version=version, fields=list(fields), message=REQUEST_CHANGED)
    return request


def triage(
    *,
    acting_user: Any,
    request: HelpRequest,
    version: int,
    level: int,
    urgency: str,
    need_ids: Iterable[int],
    note: str = "",
) -> HelpRequest:
    """Place the request on the Hierarchy of Help, with its needs and urgency."""
    policy.require(acting_user, "frontdoor.triage", request)
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
        request.needs.set(directory_needs.existing_need_ids(need_ids))
        after = {"level": level, "urgency": urgency, "needs": sorted(request.needs.values_list("name", flat=True))}
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        record_event(request, RequestEvent.Kind.TRIAGED, acting_user,
               f"{Level(level).label}; {HelpRequest.Urgency(urgency).label.lower()}" + (f". {note}" if note else ""),
               changes)
        audit.record(acting_user, "request.triaged", request, action=Action.CHANGED, subject=request.person.full_name,
                     changes=changes)
    return request


def set_huddle(*, acting_user: Any, request: HelpRequest, version: int, flag: bool, reason: str = "") -> HelpRequest:
    """Flag (or unflag) a request for the connected team's huddle."""
    policy.require(acting_user, "frontdoor.triage", request)
    with transaction.atomic():
        _change(request, version, bring_to_huddle=flag)
        record_event(request, RequestEvent.Kind.HUDDLE, acting_user,
               ("Bring to the huddle" if flag else "No longer for the huddle") + (f": {reason}" if reason else ""))
        audit.record(acting_user, "request.huddle_flag", request, action=Action.CHANGED,
                     subject=request.person.full_name, changes={"bring_to_huddle": flag})
    return request


def add_note(*, acting_user: Any, request: HelpRequest, text: str) -> RequestEvent:
    """A hub worker adds a note to the history of a request they work on."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.triage", request)
        event = record_event(request, RequestEvent.Kind.NOTE, acting_user, text)
        HelpRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())
        audit.record(acting_user, "request.noted", request, action=Action.CHANGED, subject=request.person.full_name)
    return event


def close(
    *, acting_user: Any, request: HelpRequest, version: int, outcome: str, outcome_level: int | None,
    reason: str = "", ask_resident: bool = False,
) -> HelpRequest:
    """Close the request with how it ended: met (at which level), not met, or withdrawn (with a
    reason), and with `ask_resident` email the person to ask whether they got the help they needed."""
    policy.require(acting_user, "frontdoor.triage", request)
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
        record_event(request, RequestEvent.Kind.CLOSED, acting_user, label + (f": {reason}" if reason else ""))
        audit.record(acting_user, "request.closed", request, action=Action.CHANGED, subject=request.person.full_name,
                     changes={"outcome": outcome, "outcome_level": outcome_level})
        if ask_resident:
            feedback.ask_by_email(acting_user=acting_user, request=request)
    return request


def reopen(*, acting_user: Any, request: HelpRequest, version: int, reason: str) -> HelpRequest:
    """Open a closed request again, with why."""
    policy.require(acting_user, "frontdoor.triage", request)
    if request.status != HelpRequest.Status.CLOSED:
        raise FrontDoorError("This request is not closed.")
    if not reason.strip():
        raise FrontDoorError("Say why the request is being reopened.")
    with transaction.atomic():
        status = HelpRequest.Status.TRIAGED if request.level else HelpRequest.Status.NEW
        was_closed_at = request.closed_at
        _change(request, version, status=status, outcome="", outcome_level=None, outcome_reason="", closed_at=None)
        record_event(request, RequestEvent.Kind.REOPENED, acting_user, reason, touched=(was_closed_at,))
        audit.record(acting_user, "request.reopened", request, action=Action.CHANGED, subject=request.person.full_name)
    return request


def send_information(*, acting_user: Any, request: HelpRequest, services: list[Any], email: str) -> None:
    """Self-help: email the person the details of chosen services."""
    policy.require(acting_user, "frontdoor.triage", request)
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
        record_event(request, RequestEvent.Kind.INFORMATION_SENT, acting_user,
               "Sent information on " + ", ".join(s.name for s in services))
        audit.record(acting_user, "request.information_sent", request, action=Action.CHANGED,
                     subject=request.person.full_name, purpose="self-help information")
        # Sent once the history and the audit entry are saved, never for a change that did not happen.
        transaction.on_commit(lambda: send_email.enqueue(
            subject="Information about local help", body="\n".join(lines), to=[email]))
