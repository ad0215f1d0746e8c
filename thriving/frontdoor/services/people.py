"""A person's details and their consent: saving with matching keys, version-checked edits,
recording and withdrawing consent."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.frontdoor import keys
from thriving.frontdoor.models import Consent, HelpRequest, Person
from thriving.frontdoor.services.common import Action, Conflict, FrontDoorError, locate

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
