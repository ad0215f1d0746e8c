"""The coaching app's fixtures: Shirebrook, a family coaching organisation, a coach and a coaching
team lead there, and the Marsh family (three people in one household) coached by the coach.
Factories are in `factories.py`."""

import pytest

from thriving.coaching.models import CoachingRelationship, Member
from thriving.coaching.tests.factories import CoachingConsentFactory, CoachingRelationshipFactory
from thriving.core.models import Organisation, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.tests.factories import HouseholdFactory, PersonFactory
from thriving.places.tests.factories import LocalityFactory


@pytest.fixture
def shirebrook(db):
    return LocalityFactory(name="Shirebrook", slug="shirebrook")


@pytest.fixture
def coaching_org(db):
    """Bolsover Family Coaching, a council service."""
    return OrganisationFactory(name="Bolsover Family Coaching", slug="bolsover-family-coaching",
                               type=Organisation.Type.COUNCIL)


@pytest.fixture
def coach(user_with_role, shirebrook, coaching_org):
    """A coach of Bolsover Family Coaching in Shirebrook."""
    return user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)


@pytest.fixture
def team_lead(user_with_role, shirebrook, coaching_org):
    """The coaching team lead of Bolsover Family Coaching in Shirebrook."""
    return user_with_role(Role.COACH_LEAD, organisation=coaching_org, locality=shirebrook)


@pytest.fixture
def family(db, shirebrook):
    """The Marsh household: Dana (the main contact), her partner Lee and her son Kai."""
    household = HouseholdFactory(postcode="NG20 8AA")
    dana = PersonFactory(given_name="Dana", family_name="Marsh", household=household, locality=shirebrook)
    lee = PersonFactory(given_name="Lee", family_name="Marsh", household=household, locality=shirebrook,
                        household_relationship="partner")
    kai = PersonFactory(given_name="Kai", family_name="Marsh", household=household, locality=shirebrook,
                        household_relationship="son", date_of_birth=None)
    return household, [dana, lee, kai]


@pytest.fixture
def relationship(family, shirebrook, coaching_org, coach):
    """The Marsh family's coaching, led by `coach`, begun eight weeks ago with Dana's consent."""
    household, (dana, lee, kai) = family
    relationship = CoachingRelationshipFactory(
        kind=CoachingRelationship.Kind.FAMILY, person=dana, household=household, locality=shirebrook,
        organisation=coaching_org, lead=coach,
    )
    for person, role in ((lee, "partner"), (kai, "son")):
        Member.objects.create(relationship=relationship, person=person, role=role, joined_on=relationship.started_on)
    CoachingConsentFactory(relationship=relationship, person=dana)
    return relationship
