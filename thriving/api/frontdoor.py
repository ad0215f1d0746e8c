"""API operations of the front door: help requests, triage and referrals.

Every operation needs a signed-in member of staff and uses the session of the web service; those
that change something also need the session's CSRF token (the `X-CSRFToken` header). Lists carry
no personal data; reading one request does, and writes an entry in the audit trail. Every change
goes through `thriving.frontdoor.services`.
"""

import datetime
import enum
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from thriving.api.base import api, operation_policy, problem
from thriving.core import audit, policy
from thriving.core.models import Role
from thriving.directory.models import TaxonomyTerm
from thriving.frontdoor import queries, services
from thriving.frontdoor.models import (
    Consent,
    ContactMethod,
    HelpRequest,
    Level,
    Referral,
    RequestEvent,
)
from thriving.frontdoor.policy import WORKER_ROLES
from thriving.places import queries as places

TAGS = ["front door"]
MAX_PER_PAGE = 100
REFERRAL_CHANGED = "Someone else answered this referral while you were working on it. Check its answer."

# A UK number (01332 123456, 07700 900123, +44 7700 900123) or an international one (+33 1 23 45 67 89).
PHONE = re.compile(r"^(?:(?:\+44|0044)[1-9]\d{8,9}|0[1-9]\d{8,9}|\+(?!44)[1-9]\d{6,14})$")


# ---------------------------------------------------------------------------------------------
# Schemas


def _enum(name: str, choices: Any, base: type[enum.Enum] = enum.StrEnum) -> Any:
    """An enum for the schema, named for the API, with each value's meaning in its description
    (the models' nested choices share names such as `Status`, which would clash in the schema)."""
    made = base(name, [(member.name, member.value) for member in choices])  # type: ignore[call-overload]
    made.__doc__ = "; ".join(f"{value}: {label}" for value, label in choices.choices)
    return made


RequestStatus = _enum("RequestStatus", HelpRequest.Status)
Urgency = _enum("Urgency", HelpRequest.Urgency)
Channel = _enum("Channel", HelpRequest.Channel)
Asker = _enum("Asker", HelpRequest.Asker)
ContactBy = _enum("ContactMethod", ContactMethod)
ConsentMethod = _enum("ConsentMethod", Consent.Method)
EventKind = _enum("EventKind", RequestEvent.Kind)
ReferralStatus = _enum("ReferralStatus", Referral.Status)
DeclineReason = _enum("DeclineReason", Referral.DeclineReason)
HelpLevel = _enum("HelpLevel", Level, enum.IntEnum)


class ProblemOut(Schema):
    """Problem details (RFC 9457). `errors` lists each invalid field of a 422."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


PROBLEMS = {code: ProblemOut for code in (400, 401, 403, 404, 409, 422)}


class NamedOut(Schema):
    id: str
    name: str


class NeedOut(Schema):
    id: str
    code: str
    name: str


class LocalityRefOut(Schema):
    slug: str
    name: str


class RequestSummaryOut(Schema):
    """A request in a list: no personal data (open the request to see who and what)."""

    reference: str
    status: RequestStatus
    level: HelpLevel | None
    urgency: Urgency
    bring_to_huddle: bool
    channel: Channel
    locality: LocalityRefOut | None
    needs: list[NeedOut]
    created_at: datetime.datetime
    version: int


class EventOut(Schema):
    kind: EventKind
    label: str
    text: str
    at: datetime.datetime
    by: str | None


class RequestReferralOut(Schema):
    id: str
    service: NamedOut
    organisation: NamedOut
    status: ReferralStatus
    message: str = Field(..., description="What the referrer told the receiving organisation")
    created_at: datetime.datetime
    due_by: datetime.datetime


class RequestOut(RequestSummaryOut):
    """One request with its history. Reading it is recorded in the audit trail."""

    person: NamedOut
    description: str
    postcode: str
    immediate_risk: bool
    contact_method: str
    outcome: str
    outcome_level: HelpLevel | None
    triaged_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    referrals: list[RequestReferralOut]
    events: list[EventOut]


class Paging(Schema):
    page: int = Field(1, ge=1)
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE)


class RequestFilters(Paging):
    status: RequestStatus | None = None
    level: HelpLevel | None = None
    locality: str | None = Field(None, description="A locality's slug")
    need: uuid.UUID | None = Field(None, description="A need's id")
    urgency: Urgency | None = None
    huddle: bool | None = Field(None, description="Only those flagged (true) or not flagged (false) for the huddle")


class ReferralFilters(Paging):
    status: ReferralStatus | None = None


class RequestPage(Schema):
    items: list[RequestSummaryOut]
    total: int
    page: int
    per_page: int


def _postcode(value: str) -> str:
    """A known postcode, normalised ('de74aa' -> 'DE7 4AA'), or "" when none was given."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return places.lookup_postcode(value).postcode
    except places.PostcodeError as error:
        raise PydanticCustomError("postcode", str(error)) from error


def _needs_exist(value: list[uuid.UUID]) -> list[uuid.UUID]:
    wanted = set(value)
    found = set(TaxonomyTerm.objects.filter(uuid__in=wanted).values_list("uuid", flat=True))
    missing = sorted(str(term) for term in wanted - found)
    if missing:
        raise PydanticCustomError("need", "There is no need with the id {missing}", {"missing": ", ".join(missing)})
    return list(dict.fromkeys(value))


class PersonIn(Schema):
    """Who needs help. Give at least a first name; everything else as the person wants."""

    given_name: str = Field(..., max_length=100, description="First name, or what the person likes to be called")
    family_name: str = Field("", max_length=100)
    date_of_birth: datetime.date | None = Field(None, description="YYYY-MM-DD")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30, description="Like 01332 123456, 07700 900123 or +44 7700 900123")
    address: str = Field("", max_length=300)
    language: str = Field("", max_length=50)
    contact_notes: str = Field("", max_length=300, description="Such as: do not leave voicemail")

    @field_validator("given_name")
    @classmethod
    def _given_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError("required", "Enter the person's first name")
        return value

    @field_validator("family_name", "address", "language", "contact_notes")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("date_of_birth")
    @classmethod
    def _date_of_birth(cls, value: datetime.date | None) -> datetime.date | None:
        if value is None:
            return value
        if value > timezone.localdate():
            raise PydanticCustomError("date_of_birth", "The date of birth must be in the past")
        if value.year < 1900:
            raise PydanticCustomError("date_of_birth", "The date of birth must be after 1900")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as error:
                raise PydanticCustomError("email", "Enter an email address like name@example.com") from error
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.strip()
        if value and not PHONE.match(re.sub(r"[\s().-]", "", value)):
            raise PydanticCustomError(
                "phone", "Enter a telephone number, like 01332 123456, 07700 900123 or +44 7700 900123"
            )
        return value


class RequestIn(Schema):
    """A request taken by a member of staff, by phone or in person, for the person."""

    person: PersonIn
    description: str = Field(..., max_length=10_000, description="What is going on, in the person's own words")
    needs: list[uuid.UUID] = Field(default_factory=list, description="Ids of needs from the taxonomy")
    postcode: str = Field("", max_length=10, description="Where the person lives; sets the locality")
    contact_method: ContactBy | None = None
    contact_times: str = Field("", max_length=200)
    consent_method: ConsentMethod | None = Field(
        None, description="How the person agreed to share their details; leave out if they did not"
    )
    channel: Channel = Channel.PHONE
    urgency: Urgency = Urgency.ROUTINE
    immediate_risk: bool = False
    asked_by: Asker = Asker.SELF
    asker_name: str = Field("", max_length=200)
    asker_contact: str = Field("", max_length=200)
    asker_relationship: str = Field("", max_length=100)
    submission_key: uuid.UUID | None = Field(
        None, description="Any new UUID; sending the same request again with it returns the first (200)"
    )

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError("required", "Say what is going on")
        return value

    _known_postcode = field_validator("postcode")(_postcode)
    _known_needs = field_validator("needs")(_needs_exist)


class TriageIn(Schema):
    level: HelpLevel = Field(..., description="The level of the Hierarchy of Help, 1 to 4")
    urgency: Urgency
    needs: list[uuid.UUID] = Field(default_factory=list)
    note: str = Field("", max_length=2000)
    version: int = Field(..., description="The version of the request the triage was made against")

    _known_needs = field_validator("needs")(_needs_exist)


class ReferralOut(Schema):
    """A referral in an organisation's queue. Open the request (by reference) to see who it is for."""

    id: str
    request: str = Field(..., description="The request's reference")
    service: NamedOut
    organisation: NamedOut
    status: ReferralStatus
    created_at: datetime.datetime
    due_by: datetime.datetime
    overdue: bool
    responded_at: datetime.datetime | None
    decline_reason: DeclineReason | None
    decline_note: str
    version: int


class ReferralPage(Schema):
    items: list[ReferralOut]
    total: int
    page: int
    per_page: int


class AcceptIn(Schema):
    note: str = Field("", max_length=2000)
    version: int


class DeclineIn(Schema):
    reason: DeclineReason
    note: str = Field("", max_length=2000, description="Needed when the reason is 'other'")
    version: int


# ---------------------------------------------------------------------------------------------
# Helpers


class CsrfFailed(PermissionDenied):
    """A change sent with the session's cookie but without the session's CSRF token."""


class StaffSession(APIKeyCookie):
    """The session of a signed-in member of staff, checked before the body is read: not signed in
    is 401, a role without the operation's policy 403, and a change without the CSRF token 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(csrf=False)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        policy.require(user, self.action)
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
            raise CsrfFailed(self.action)
        return user


@api.exception_handler(CsrfFailed)
def csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    return problem(request, 403, "CSRF check failed", "Send the CSRF token of your session in the X-CSRFToken header.")


def refused_change(request: HttpRequest, error: services.FrontDoorError) -> HttpResponse:
    if isinstance(error, services.Conflict):
        return problem(request, 409, "Changed by someone else", str(error))
    if isinstance(error, services.ConsentMissing):
        return problem(request, 422, "Consent missing", str(error))
    return problem(request, 422, "This change cannot be made", str(error))


def _page(found: Any, page: int, per_page: int) -> tuple[list, int]:
    total = found.count()
    start = (page - 1) * per_page
    return list(found[start:start + per_page]), total


def _need(term: TaxonomyTerm) -> dict:
    return {"id": str(term.uuid), "code": term.code, "name": term.name}


def _summary(request: HelpRequest) -> dict:
    return {
        "reference": request.reference,
        "status": request.status,
        "level": request.level,
        "urgency": request.urgency,
        "bring_to_huddle": request.bring_to_huddle,
        "channel": request.channel,
        "locality": {"slug": request.locality.slug, "name": request.locality.name} if request.locality else None,
        "needs": [_need(term) for term in request.needs.all()],
        "created_at": request.created_at,
        "version": request.version,
    }


def _detail(request: HelpRequest) -> dict:
    person = request.person
    return {
        **_summary(request),
        "person": {"id": str(person.uuid), "name": person.full_name},
        "description": request.description,
        "postcode": request.postcode,
        "immediate_risk": request.immediate_risk,
        "contact_method": request.contact_method,
        "outcome": request.outcome,
        "outcome_level": request.outcome_level,
        "triaged_at": request.triaged_at,
        "closed_at": request.closed_at,
        "referrals": [
            {
                "id": str(referral.uuid),
                "service": {"id": str(referral.service.uuid), "name": referral.service.name},
                "organisation": {"id": str(referral.organisation.uuid), "name": referral.organisation.name},
                "status": referral.status,
                "message": referral.message,
                "created_at": referral.created_at,
                "due_by": referral.due_by,
            }
            for referral in request.referrals.all()
        ],
        "events": [
            {
                "kind": event.kind,
                "label": event.get_kind_display(),
                "text": event.text,
                "at": event.at,
                "by": (event.actor.full_name or event.actor.email) if event.actor else None,
            }
            for event in request.events.all()
        ],
    }


def _visible(user: Any, reference: str) -> HelpRequest:
    """The request, if the person may see it; otherwise 404, so that its existence is not revealed."""
    found = (
        queries.visible_requests(user)
        .select_related("person", "locality")
        .prefetch_related(
            "needs",
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
            Prefetch("referrals", queryset=Referral.objects.select_related("service", "organisation")),
        )
        .filter(reference=reference.upper())
        .first()
    )
    if found is None:
        raise Http404(f"There is no request {reference} that you can see.")
    return found


def _referral(referral: Referral) -> dict:
    return {
        "id": str(referral.uuid),
        "request": referral.request.reference,
        "service": {"id": str(referral.service.uuid), "name": referral.service.name},
        "organisation": {"id": str(referral.organisation.uuid), "name": referral.organisation.name},
        "status": referral.status,
        "created_at": referral.created_at,
        "due_by": referral.due_by,
        "overdue": referral.is_overdue,
        "responded_at": referral.responded_at,
        "decline_reason": referral.decline_reason or None,
        "decline_note": referral.decline_note,
        "version": referral.version,
    }


def _answerable(user: Any, referral_id: uuid.UUID) -> Referral:
    """The referral to answer. Another organisation's referral is refused (403), not hidden."""
    found = Referral.objects.select_related("request", "service", "organisation").filter(uuid=referral_id).first()
    if found is None:
        raise Http404("There is no such referral.")
    if found.organisation_id not in policy.organisation_ids(user, Role.ORGANISATION_STAFF):
        raise PermissionDenied("frontdoor.answer_referrals")
    return found


def _organisation_of(user: Any) -> Any:
    """The organisation a worker takes requests for: that of their first worker membership."""
    for membership in policy.memberships(user):
        if membership.role in WORKER_ROLES and membership.organisation is not None:
            return membership.organisation
    return None


# ---------------------------------------------------------------------------------------------
# Requests


@api.get(
    "/requests",
    response={200: RequestPage, **PROBLEMS},
    tags=TAGS,
    summary="Requests you may see",
    description=(
        "Newest first. Hub workers see the requests in their localities (and those with no locality); "
        "organisation staff see those referred to their organisation and those they took."
    ),
    auth=StaffSession("frontdoor.view_requests"),
)
@operation_policy("frontdoor.view_requests")
def list_requests(request: HttpRequest, filters: Query[RequestFilters]) -> dict:
    found = queries.visible_requests(request.user)
    status, level, locality, need, urgency, huddle = (
        filters.status, filters.level, filters.locality, filters.need, filters.urgency, filters.huddle
    )
    if status:
        found = found.filter(status=status)
    if level:
        found = found.filter(level=level)
    if locality:
        found = found.filter(locality__slug=locality)
    if need:
        found = found.filter(needs__uuid=need)
    if urgency:
        found = found.filter(urgency=urgency)
    if huddle is not None:
        found = found.filter(bring_to_huddle=huddle)
    found = found.select_related("locality").prefetch_related("needs")
    items, total = _page(found, filters.page, filters.per_page)
    return {"items": [_summary(item) for item in items], "total": total, "page": filters.page,
            "per_page": filters.per_page}


@api.post(
    "/requests",
    response={200: RequestOut, 201: RequestOut, **PROBLEMS},
    tags=TAGS,
    summary="Take a request for someone",
    description=(
        "Any worker may take a request by phone or in person (no wrong door). Answers 201 with the new "
        "request, or 200 with the first one when the same `submission_key` is sent again. Every invalid "
        "field is listed at once in a 422 problem; nothing is saved unless all is well."
    ),
    auth=StaffSession("frontdoor.take_request"),
)
@operation_policy("frontdoor.take_request")
def take_request(request: HttpRequest, payload: RequestIn) -> Any:
    user = request.user
    person = payload.person
    needs = list(TaxonomyTerm.objects.filter(uuid__in=payload.needs).values_list("pk", flat=True))
    new = services.NewRequest(
        description=payload.description,
        person_details={
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "email": person.email,
            "phone": person.phone,
            "address": person.address,
            "language": person.language,
            "contact_notes": person.contact_notes,
            "postcode": payload.postcode,
        },
        need_ids=needs,
        postcode=payload.postcode,
        contact_method=payload.contact_method or "",
        contact_times=payload.contact_times,
        asked_by=payload.asked_by,
        asker_name=payload.asker_name,
        asker_contact=payload.asker_contact,
        asker_relationship=payload.asker_relationship,
        immediate_risk=payload.immediate_risk,
        channel=payload.channel,
        urgency=payload.urgency,
        consent_method=payload.consent_method or "",
        submission_key=payload.submission_key,
        taken_by_organisation=_organisation_of(user),
    )
    try:
        made, created = services.create_request(new, user)
    except services.FrontDoorError as error:
        return refused_change(request, error)
    if not created and not queries.can_see_request(user, made):
        return problem(request, 409, "Submission key already used",
                       "This submission_key belongs to another request. Send a new one.")
    return Status(201 if created else 200, _detail(_visible(user, made.reference)))


@api.get(
    "/requests/{reference}",
    response={200: RequestOut, **PROBLEMS},
    tags=TAGS,
    summary="One request, with its history",
    description="Reading a request is recorded in the audit trail. A request you may not see is not found (404).",
    auth=StaffSession("frontdoor.view_requests"),
)
@operation_policy("frontdoor.view_requests")
def get_request(request: HttpRequest, reference: str) -> dict:
    found = _visible(request.user, reference)
    audit.record(request.user, "request.viewed", found, action=audit.Action.VIEWED,
                 subject=found.person.full_name, purpose="api")
    return _detail(found)


@api.post(
    "/requests/{reference}/triage",
    response={200: RequestOut, **PROBLEMS},
    tags=TAGS,
    summary="Triage a request on the Hierarchy of Help",
    description="Send the `version` you read; if someone changed the request since, the answer is 409.",
    auth=StaffSession("frontdoor.triage"),
)
@operation_policy("frontdoor.triage")
def triage_request(request: HttpRequest, reference: str, payload: TriageIn) -> Any:
    found = _visible(request.user, reference)
    if found.version != payload.version:
        return refused_change(request, services.Conflict())
    needs = list(TaxonomyTerm.objects.filter(uuid__in=payload.needs).values_list("pk", flat=True))
    try:
        services.triage(found, user=request.user, version=payload.version, level=payload.level,
                        urgency=payload.urgency, need_ids=needs, note=payload.note.strip())
    except services.FrontDoorError as error:
        return refused_change(request, error)
    return _detail(_visible(request.user, reference))


# ---------------------------------------------------------------------------------------------
# Referrals


@api.get(
    "/referrals",
    response={200: ReferralPage, **PROBLEMS},
    tags=TAGS,
    summary="Referrals to your organisation",
    description="Those due soonest first.",
    auth=StaffSession("frontdoor.answer_referrals"),
)
@operation_policy("frontdoor.answer_referrals")
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> dict:
    found = queries.referral_queue(request.user)
    if filters.status:
        found = found.filter(status=filters.status)
    items, total = _page(found, filters.page, filters.per_page)
    return {"items": [_referral(item) for item in items], "total": total, "page": filters.page,
            "per_page": filters.per_page}


@api.post(
    "/referrals/{referral_id}/accept",
    response={200: ReferralOut, **PROBLEMS},
    tags=TAGS,
    summary="Accept a referral",
    description="Send the `version` you read; if the referral was answered since, the answer is 409.",
    auth=StaffSession("frontdoor.answer_referrals"),
)
@operation_policy("frontdoor.answer_referrals")
def accept_referral(request: HttpRequest, referral_id: uuid.UUID, payload: AcceptIn) -> Any:
    referral = _answerable(request.user, referral_id)
    if referral.version != payload.version:
        return refused_change(request, services.Conflict(REFERRAL_CHANGED))
    try:
        services.accept_referral(referral, user=request.user, version=payload.version, note=payload.note.strip())
    except services.FrontDoorError as error:
        return refused_change(request, error)
    return _referral(referral)


@api.post(
    "/referrals/{referral_id}/decline",
    response={200: ReferralOut, **PROBLEMS},
    tags=TAGS,
    summary="Decline a referral, with a reason",
    description="When nobody else has the request, it goes back to the hub (triaged).",
    auth=StaffSession("frontdoor.answer_referrals"),
)
@operation_policy("frontdoor.answer_referrals")
def decline_referral(request: HttpRequest, referral_id: uuid.UUID, payload: DeclineIn) -> Any:
    referral = _answerable(request.user, referral_id)
    if referral.version != payload.version:
        return refused_change(request, services.Conflict(REFERRAL_CHANGED))
    try:
        services.decline_referral(referral, user=request.user, version=payload.version, reason=payload.reason,
                                  note=payload.note.strip())
    except services.FrontDoorError as error:
        return refused_change(request, error)
    return _referral(referral)
