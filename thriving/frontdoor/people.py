"""People and households: searching, households, safeguarding notes and merging duplicate records.

Writes are named actions taking the acting user, each in one transaction with an audit entry.
Reads of people go through `thriving.frontdoor.queries` so a worker only reaches whom they may see.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from thriving.core import audit, policy
from thriving.frontdoor import matching, queries, services
from thriving.frontdoor.models import Consent, HelpRequest, Household, Person, RequestEvent, SafeguardingNote
from thriving.frontdoor.services import Conflict, FrontDoorError

Action = audit.Action
NEEDED_REASON = {"phone": "same phone", "email": "same email", "postcode": "same postcode"}


# ---------------------------------------------------------------------------------------------
# Searching


@dataclass
class SearchResult:
    query: matching.Query
    matches: list[matching.Match]


def search(user: Any, text: str, date_of_birth: datetime.date | None = None) -> SearchResult:
    """The people the worker may see that fit a search for a name, phone, email or postcode
    (with a date of birth, if given), best first. Writes "people.searched" to the audit trail."""
    query = matching.read_query(text)
    visible = queries.visible_people(user)
    if query.kind == "district":
        # A whole district is thousands of people: ask for the full postcode instead.
        return SearchResult(query, [])
    if query.kind:
        results = matching.likely_matches(
            given_name=query.given_name,
            family_name=query.family_name,
            date_of_birth=date_of_birth,
            postcode=query.postcode,
            phone=query.text if query.kind == "phone" else "",
            email=query.text if query.kind == "email" else "",
            limit=None,
            queryset=visible,
        )
        if date_of_birth and query.kind in NEEDED_REASON:
            # A phone, email or postcode with a date of birth: both, not either.
            results = [m for m in results if NEEDED_REASON[query.kind] in m.reasons]
    elif date_of_birth:
        results = matching.likely_matches(date_of_birth=date_of_birth, limit=None, queryset=visible)
    else:
        return SearchResult(query, [])
    subject = query.text + (f" born {date_of_birth:%Y-%m-%d}" if date_of_birth else "")
    audit.record(user, "people.searched", action=Action.VIEWED, object_type="frontdoor.person",
                 object_label="person search", subject=subject[:200], purpose="person search",
                 changes={"kind": query.kind or "date of birth", "results": len(results)})
    return SearchResult(query, results)


def _visible_ids(user: Any, people: list[Person]) -> set[int]:
    if not people:
        return set()
    return set(queries.visible_people(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))


@dataclass
class OfferedMatch:
    """A likely existing record offered at intake. For a person the worker may not otherwise see,
    only enough to tell them apart: name, year of birth and postcode district."""

    uuid: str
    name: str
    born: str
    postcode: str
    contact: str
    reasons: list[str]
    score: float
    visible: bool


def mask_phone(phone: str) -> str:
    digits = [c for c in phone if c.isdigit()]
    return f"phone ending {''.join(digits[-3:])}" if len(digits) >= 3 else ""


def mask_email(email: str) -> str:
    if "@" not in email:
        return ""
    name, domain = email.split("@", 1)
    return f"{name[:1]}…@{domain}"


def offer_matches(user: Any, details: dict, limit: int = 5) -> list[OfferedMatch]:
    """Likely existing records for the details typed at intake, among everyone (to avoid making
    duplicates), shown as little as possible. Writes "people.matched" to the audit trail."""
    found = matching.likely_matches(
        given_name=details.get("given_name", ""),
        family_name=details.get("family_name", ""),
        date_of_birth=details.get("date_of_birth"),
        postcode=details.get("postcode", ""),
        phone=details.get("phone", ""),
        email=details.get("email", ""),
        limit=limit,
    )
    if not found:
        return []
    visible = _visible_ids(user, [m.person for m in found])
    offered = []
    for match in found:
        person = match.person
        sees = person.pk in visible
        born = ""
        if person.date_of_birth:
            born = f"{person.date_of_birth:%-d %B %Y}" if sees else f"born {person.date_of_birth:%Y}"
        contact = ", ".join(filter(None, [mask_phone(person.phone), mask_email(person.email)]))
        offered.append(OfferedMatch(
            uuid=str(person.uuid),
            name=person.full_name,
            born=born,
            postcode=person.postcode if sees else matching.outward(person.postcode) or person.postcode[:4],
            contact=contact,
            reasons=match.reasons,
            score=match.score,
            visible=sees,
        ))
    audit.record(user, "people.matched", action=Action.VIEWED, object_type="frontdoor.person",
                 object_label="likely matches at intake",
                 subject=" ".join(filter(None, [details.get("given_name", ""), details.get("family_name", "")]))[:200],
                 purpose="avoid a duplicate record at intake",
                 changes={"offered": [o.uuid for o in offered]})
    return offered


# ---------------------------------------------------------------------------------------------
# Reading one person


def resolve(person: Person) -> Person:
    """Follow merges to the record that was kept."""
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def record_view(user: Any, person: Person, *, safeguarding: bool) -> None:
    audit.record(user, "person.viewed", person, action=Action.VIEWED, subject=person.full_name,
                 purpose="person record")
    if safeguarding:
        audit.record(user, "safeguarding.viewed", person, action=Action.VIEWED, subject=person.full_name,
                     purpose="safeguarding notes", object_label=f"Safeguarding notes for {person.full_name}")


def household_members(person: Person) -> QuerySet[Person]:
    if person.household_id is None:
        return Person.objects.none()
    return Person.objects.filter(household_id=person.household_id, merged_into__isnull=True).exclude(pk=person.pk)


# ---------------------------------------------------------------------------------------------
# Households


def _household_of(person: Person) -> Household:
    """The person's household, made for them if they have none yet."""
    if person.household_id is not None:
        return person.household
    household = Household.objects.create(postcode=person.postcode)
    Person.objects.filter(pk=person.pk).update(household=household, version=F("version") + 1)
    person.household = household
    person.version += 1
    return household


@transaction.atomic
def add_household_member(person: Person, *, user: Any, given_name: str, family_name: str = "",
                         relationship: str = "", date_of_birth: datetime.date | None = None) -> Person:
    """Record someone who lives with the person, as a new record in the same household."""
    household = _household_of(person)
    member = Person(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        postcode=person.postcode,
        address=person.address,
        household=household,
        household_relationship=relationship,
    )
    services.save_person(member, user)
    audit.record(user, "person.created", member, action=Action.CREATED, subject=member.full_name,
                 purpose="household member", object_label=f"{member.full_name}, household of {person.full_name}")
    audit.record(user, "household.member_added", household, action=Action.CHANGED, subject=person.full_name,
                 changes={"added": str(member.uuid), "relationship": relationship})
    return member


@transaction.atomic
def link_household_member(person: Person, *, user: Any, other: Person, relationship: str = "") -> Person:
    """Put an existing record in the person's household (leaving any household it was in)."""
    if other.pk == person.pk:
        raise FrontDoorError("A person cannot be added to their own household twice.")
    if other.merged_into_id is not None:
        raise FrontDoorError("That record was merged into another. Link the record that was kept.")
    household = _household_of(person)
    if other.household_id == household.pk:
        raise FrontDoorError(f"{other.full_name} is already in this household.")
    before = other.household_id
    Person.objects.filter(pk=other.pk).update(household=household, household_relationship=relationship,
                                              version=F("version") + 1, updated_at=timezone.now())
    audit.record(user, "household.member_linked", household, action=Action.CHANGED, subject=person.full_name,
                 changes={"linked": str(other.uuid), "relationship": relationship,
                          "left_household": before is not None})
    other.refresh_from_db()
    return other


@transaction.atomic
def remove_household_member(person: Person, *, user: Any, member: Person) -> None:
    """Take a record out of the person's household (the record itself stays)."""
    if person.household_id is None or member.household_id != person.household_id:
        raise FrontDoorError(f"{member.full_name} is not in this household.")
    household = person.household
    Person.objects.filter(pk=member.pk).update(household=None, household_relationship="",
                                               version=F("version") + 1, updated_at=timezone.now())
    audit.record(user, "household.member_removed", household, action=Action.CHANGED, subject=person.full_name,
                 changes={"removed": str(member.uuid)})


# ---------------------------------------------------------------------------------------------
# Safeguarding notes and consent


@transaction.atomic
def add_safeguarding_note(person: Person, *, user: Any, text: str) -> SafeguardingNote:
    policy.require(user, "frontdoor.view_safeguarding")
    if not text.strip():
        raise FrontDoorError("Enter the note")
    note = SafeguardingNote.objects.create(person=person, text=text.strip(), created_by=user)
    audit.record(user, "safeguarding.note_added", note, action=Action.CREATED, subject=person.full_name,
                 purpose="safeguarding", object_label=f"Safeguarding note for {person.full_name}")
    return note


@transaction.atomic
def record_consent(person: Person, *, user: Any, scope: str, method: str, statement: str,
                   given_at: datetime.datetime | None = None) -> Consent:
    return services.record_consent(person, scope=scope, method=method, statement=statement, user=user,
                                   given_at=given_at)


# ---------------------------------------------------------------------------------------------
# Merging

FILLABLE = (*services.PERSON_FIELDS, "household_relationship")


def merge(*, user: Any, keep: Person, other: Person, keep_version: int, other_version: int) -> Person:
    """Merge `other` into `keep`: its requests, consents, safeguarding notes and household move
    to the kept record, blank details of the kept record are filled from it, and it is marked as
    merged (never deleted). One transaction; one MERGED entry in the audit trail naming both."""
    policy.require(user, "frontdoor.merge_people")
    if keep.pk == other.pk:
        raise FrontDoorError("Choose two different records to merge.")
    with transaction.atomic():
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])}
        kept, gone = locked[keep.pk], locked[other.pk]
        if kept.version != keep_version or gone.version != other_version:
            raise Conflict("One of these records changed while you were comparing them. Check them again.")
        if kept.merged_into_id is not None or gone.merged_into_id is not None:
            raise FrontDoorError("One of these records has already been merged.")
        filled = []
        for name in FILLABLE:
            if getattr(kept, name) in ("", None) and getattr(gone, name) not in ("", None):
                setattr(kept, name, getattr(gone, name))
                filled.append(name)
        household_moved = False
        if kept.household_id is None and gone.household_id is not None:
            kept.household_id = gone.household_id
            household_moved = True
        request_ids = list(HelpRequest.objects.filter(person=gone).values_list("pk", flat=True))
        moved = {
            "requests": HelpRequest.objects.filter(pk__in=request_ids).update(person=kept),
            "consents": Consent.objects.filter(person=gone).update(person=kept),
            "safeguarding_notes": SafeguardingNote.objects.filter(person=gone).update(person=kept),
            "earlier_merges": Person.objects.filter(merged_into=gone).update(merged_into=kept),
        }
        kept.version += 1
        services.save_person(kept, user)
        Person.objects.filter(pk=gone.pk).update(merged_into=kept, household=None, version=F("version") + 1,
                                                 updated_at=timezone.now())
        now = timezone.now()
        RequestEvent.objects.bulk_create([
            RequestEvent(request_id=pk, kind=RequestEvent.Kind.NOTE, actor=user, at=now,
                         text=f"The person's records were merged: this request now belongs to {kept.full_name}'s "
                              "record.",
                         changes={"person": [str(gone.uuid), str(kept.uuid)]})
            for pk in request_ids
        ])
        audit.record(
            user, "person.merged", kept, action=Action.MERGED,
            subject=kept.full_name,
            object_label=f"{gone.full_name} ({gone.uuid}) merged into {kept.full_name} ({kept.uuid})"[:200],
            purpose="duplicate records",
            changes={"kept": str(kept.uuid), "merged": str(gone.uuid), "kept_name": kept.full_name,
                     "merged_name": gone.full_name, "moved": moved, "filled": filled,
                     "household_moved": household_moved},
        )
    return kept


def ensure_visible(user: Any, person: Person) -> None:
    if not queries.can_see_person(user, person):
        raise PermissionDenied("frontdoor.view_people")
