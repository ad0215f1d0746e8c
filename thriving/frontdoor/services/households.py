"""Households: people who live together. Adding someone as a new record in a person's household,
linking an existing record into it, and taking a record out of it (the record itself stays)."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thriving.core import audit, policy
from thriving.frontdoor.models import Household, Person
from thriving.frontdoor.services.common import Action, FrontDoorError
from thriving.frontdoor.services.people import save_person


def _household_of(person: Person) -> Household:
    """The person's household, made for them if they have none yet."""
    if person.household is not None:
        return person.household
    household = Household.objects.create(postcode=person.postcode)
    Person.objects.filter(pk=person.pk).update(household=household, version=F("version") + 1)
    person.household = household
    person.version += 1
    return household


@transaction.atomic
def add_household_member(*, acting_user: Any, person: Person, given_name: str, family_name: str = "",
                         relationship: str = "", date_of_birth: datetime.date | None = None) -> Person:
    """Record someone who lives with the person, as a new record in the same household."""
    policy.require(acting_user, "frontdoor.change_person", person)
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
    save_person(member, acting_user=acting_user)
    audit.record(acting_user, "person.created", member, action=Action.CREATED, subject=member.full_name,
                 purpose="household member", object_label=f"{member.full_name}, household of {person.full_name}")
    audit.record(acting_user, "household.member_added", household, action=Action.CHANGED, subject=person.full_name,
                 changes={"added": str(member.uuid), "relationship": relationship})
    return member


@transaction.atomic
def link_household_member(*, acting_user: Any, person: Person, other: Person, relationship: str = "") -> Person:
    """Put an existing record in the person's household (leaving any household it was in). The
    worker must be able to open both records."""
    policy.require(acting_user, "frontdoor.change_person", person)
    policy.require(acting_user, "frontdoor.change_person", other)
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
    audit.record(acting_user, "household.member_linked", household, action=Action.CHANGED, subject=person.full_name,
                 changes={"linked": str(other.uuid), "relationship": relationship,
                          "left_household": before is not None})
    other.refresh_from_db()
    return other


@transaction.atomic
def remove_household_member(*, acting_user: Any, person: Person, member: Person) -> None:
    """Take a record out of the person's household (the record itself stays)."""
    policy.require(acting_user, "frontdoor.change_person", person)
    if person.household_id is None or member.household_id != person.household_id:
        raise FrontDoorError(f"{member.full_name} is not in this household.")
    household = person.household
    Person.objects.filter(pk=member.pk).update(household=None, household_relationship="",
                                               version=F("version") + 1, updated_at=timezone.now())
    audit.record(acting_user, "household.member_removed", household, action=Action.CHANGED, subject=person.full_name,
                 changes={"removed": str(member.uuid)})
