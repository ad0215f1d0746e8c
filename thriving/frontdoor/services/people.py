"""A person's details and their consent: saving with matching keys, version-checked edits,
recording and withdrawing consent, safeguarding notes, and merging two records of the same person."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import Conflict, save_if_unchanged
from thriving.frontdoor.models import Consent, HelpRequest, Person, RequestEvent, SafeguardingNote
from thriving.frontdoor.queries import keys
from thriving.frontdoor.services.common import PERSON_CHANGED, Action, FrontDoorError, locate

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


# Set from a person's details whenever they are saved: the matching keys and the locality.
DERIVED_FIELDS = ("family_key", "given_key", "phone_key", "email_key", "locality")


def _derive(person: Person) -> None:
    keys.apply(person)
    if person.postcode:
        _, locality = locate(person.postcode)
        person.locality = locality


def save_person(person: Person, *, acting_user: Any = None) -> Person:
    """Save a person with their matching keys and locality set from their details (a step of the
    named actions here, which check the policy)."""
    _derive(person)
    if person.pk is None and getattr(acting_user, "is_authenticated", False):
        person.created_by = acting_user
    person.save()
    return person


def update_person(*, acting_user: Any, person: Person, version: int, **details: Any) -> Person:
    """Change a person's details, refusing a change made against an old version. Only a worker who
    may open the person's record may change it."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.change_person", person)
        current = Person.objects.get(pk=person.pk)
        changes = {}
        for name, value in details.items():
            if name not in PERSON_FIELDS:
                raise ValueError(f"Not a person's detail: {name}")
            before = getattr(current, name)
            if before != value:
                changes[name] = [str(before or ""), str(value or "")]
                setattr(current, name, value)
        _derive(current)
        save_if_unchanged(current, version=version, fields=[*PERSON_FIELDS, *DERIVED_FIELDS], message=PERSON_CHANGED)
        audit.record(acting_user, "person.changed", current, action=Action.CHANGED, subject=current.full_name,
                     changes={name: "changed" for name in changes})
    return current


def record_consent(
    person: Person,
    *,
    scope: str,
    method: str,
    statement: str,
    acting_user: Any = None,
    request: HelpRequest | None = None,
    given_at: datetime.datetime | None = None,
) -> Consent:
    """Record a consent the person gave (a step of `create_request` and `add_consent`, which check
    the policy): by the person on the public form when `acting_user` is None."""
    signed_in = getattr(acting_user, "is_authenticated", False)
    consent = Consent.objects.create(
        person=person,
        scope=scope,
        method=method,
        statement=statement,
        given_at=given_at or timezone.now(),
        recorded_by=acting_user if signed_in else None,
        request=request,
    )
    audit.record(acting_user, "consent.recorded", consent, action=Action.CREATED, subject=person.full_name,
                 object_label=f"{consent.get_scope_display()} for {person.full_name}",
                 actor_label="" if signed_in else "public form")
    return consent


def withdraw_consent(*, acting_user: Any, consent: Consent, note: str = "") -> Consent:
    """Record that the person withdrew a consent: new referrals then need another, or an override."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.change_person", consent.person)
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise FrontDoorError("This consent was already withdrawn.")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = acting_user
        locked.withdrawn_note = note
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_note"])
        audit.record(acting_user, "consent.withdrawn", locked, action=Action.CHANGED, subject=locked.person.full_name,
                     object_label=f"{locked.get_scope_display()} for {locked.person.full_name}")
    return locked


def active_share_consent(person: Person) -> Consent | None:
    return (
        Consent.objects.filter(person=person, scope=Consent.Scope.SHARE, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


def add_consent(*, acting_user: Any, person: Person, scope: str, method: str, statement: str,
                given_at: datetime.datetime | None = None) -> Consent:
    """A worker records a consent the person gave (on the phone, in person, in writing)."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.change_person", person)
        return record_consent(person, scope=scope, method=method, statement=statement, acting_user=acting_user,
                              given_at=given_at)


def add_safeguarding_note(*, acting_user: Any, person: Person, text: str) -> SafeguardingNote:
    """A designated safeguarding lead adds a restricted note about a risk to the person."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.view_safeguarding")
        policy.require(acting_user, "frontdoor.change_person", person)
        if not text.strip():
            raise FrontDoorError("Enter the note")
        note = SafeguardingNote.objects.create(person=person, text=text.strip(), created_by=acting_user)
        audit.record(acting_user, "safeguarding.note_added", note, action=Action.CREATED, subject=person.full_name,
                     purpose="safeguarding", object_label=f"Safeguarding note for {person.full_name}")
    return note


FILLABLE = (*PERSON_FIELDS, "household_relationship")


def merge_people(*, acting_user: Any, keep: Person, other: Person, keep_version: int, other_version: int) -> Person:
    """Merge `other` into `keep`: its requests, consents, safeguarding notes and household move
    to the kept record, blank details of the kept record are filled from it, and it is marked as
    merged (never deleted). One transaction; one MERGED entry in the audit trail naming both."""
    if keep.pk == other.pk:
        raise FrontDoorError("Choose two different records to merge.")
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.merge_people")
        policy.require(acting_user, "frontdoor.change_person", keep)
        policy.require(acting_user, "frontdoor.change_person", other)
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])}
        kept, gone = locked[keep.pk], locked[other.pk]
        if kept.version != keep_version or gone.version != other_version:
            # Locked and compared together: two records, one answer.
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
        save_person(kept, acting_user=acting_user)
        Person.objects.filter(pk=gone.pk).update(merged_into=kept, household=None, version=F("version") + 1,
                                                 updated_at=timezone.now())
        now = timezone.now()
        RequestEvent.objects.bulk_create([
            RequestEvent(request_id=pk, kind=RequestEvent.Kind.NOTE, actor=acting_user, at=now,
                         text=f"The person's records were merged: this request now belongs to {kept.full_name}'s "
                              "record.",
                         changes={"person": [str(gone.uuid), str(kept.uuid)]})
            for pk in request_ids
        ])
        audit.record(
            acting_user, "person.merged", kept, action=Action.MERGED,
            subject=kept.full_name,
            object_label=f"{gone.full_name} ({gone.uuid}) merged into {kept.full_name} ({kept.uuid})"[:200],
            purpose="duplicate records",
            changes={"kept": str(kept.uuid), "merged": str(gone.uuid), "kept_name": kept.full_name,
                     "merged_name": gone.full_name, "moved": moved, "filled": filled,
                     "household_moved": household_moved},
        )
    return kept
