"""Schemas of the front door's API operations (`thriving.api.frontdoor`): the enums shown in the
OpenAPI schema, what the operations answer, and what they accept, with the checks of its fields.
"""

import datetime
import enum
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from thriving.core.cleaning import clean_name
from thriving.directory.queries import needs as directory_needs
from thriving.frontdoor.queries import choices
from thriving.places import queries as places

MAX_PER_PAGE = 100

# A UK number (01332 123456, 07700 900123, +44 7700 900123) or an international one (+33 1 23 45 67 89).
PHONE = re.compile(r"^(?:(?:\+44|0044)[1-9]\d{8,9}|0[1-9]\d{8,9}|\+(?!44)[1-9]\d{6,14})$")


def _enum(name: str, choices: Any, base: type[enum.Enum] = enum.StrEnum) -> Any:
    """An enum for the schema, named for the API, with each value's meaning in its description
    (the models' nested choices share names such as `Status`, which would clash in the schema)."""
    made = base(name, [(member.name, member.value) for member in choices])  # type: ignore[call-overload]
    made.__doc__ = "; ".join(f"{value}: {label}" for value, label in choices.choices)
    return made


RequestStatus = _enum("RequestStatus", choices.RequestStatus)
Urgency = _enum("Urgency", choices.Urgency)
Channel = _enum("Channel", choices.Channel)
Asker = _enum("Asker", choices.Asker)
ContactBy = _enum("ContactMethod", choices.ContactMethod)
ConsentMethod = _enum("ConsentMethod", choices.ConsentMethod)
EventKind = _enum("EventKind", choices.EventKind)
ReferralStatus = _enum("ReferralStatus", choices.ReferralStatus)
DeclineReason = _enum("DeclineReason", choices.DeclineReason)
HelpLevel = _enum("HelpLevel", choices.Level, enum.IntEnum)


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
    page: int = Field(1, ge=1, description="From 1. A page past the last is not found (404); page 1 always exists")
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
    found = set(directory_needs.need_ids_by_uuid(wanted))
    missing = sorted(str(term) for term in wanted - found)
    if missing:
        raise PydanticCustomError("need", "There is no need with the id {missing}", {"missing": ", ".join(missing)})
    return list(dict.fromkeys(value))


def _name(value: str, message: str) -> str:
    """A name as typed, without the invisible characters around it; one made only of invisible or
    control characters is refused (`thriving.core.cleaning.clean_name`), as on every page."""
    try:
        return clean_name(value, message=message)
    except DjangoValidationError as error:
        raise PydanticCustomError("name", message) from error


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
        value = _name(value, "Enter the person's first name using letters")
        if not value:
            raise PydanticCustomError("required", "Enter the person's first name")
        return value

    @field_validator("family_name")
    @classmethod
    def _family_name(cls, value: str) -> str:
        return _name(value, "Enter the person's family name using letters")

    @field_validator("address", "language", "contact_notes")
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

    @field_validator("asker_name")
    @classmethod
    def _asker_name(cls, value: str) -> str:
        return _name(value, "Enter the name of the person who asked using letters")

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

