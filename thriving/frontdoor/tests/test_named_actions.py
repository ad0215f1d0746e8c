"""Each named action checks its own policy, whoever calls it: called directly by someone without
the role, or by a worker who may not open the record, it is refused and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.models import (
    Consent,
    Household,
    Person,
    ReferralSettings,
    RequestEvent,
    SafeguardingNote,
)
from thriving.frontdoor.services import households, referrals, requests
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.tests.factories import (
    ConsentFactory,
    HelpRequestFactory,
    HouseholdFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(cotmanhay):
    """Someone in Cotmanhay, with a request there and a consent to share."""
    person = PersonFactory(given_name="Jane", family_name="Smith", phone="07700 900123", locality=cotmanhay)
    HelpRequestFactory(person=person, locality=cotmanhay)
    ConsentFactory(person=person)
    return person


@pytest.fixture(params=["analyst", "hub worker elsewhere", "organisation staff"])
def outsider(request, user_with_role, elsewhere):
    """Someone without a worker's role, or a worker who may not open Jane's record."""
    return {
        "analyst": lambda: user_with_role(Role.ANALYST),
        "hub worker elsewhere": lambda: user_with_role(Role.HUB_WORKER, locality=elsewhere),
        "organisation staff": lambda: user_with_role(Role.ORGANISATION_STAFF),
    }[request.param]()


def nothing_audited() -> bool:
    return not AuditEvent.objects.exclude(event__in=["people.searched"]).exists()


def test_changing_details(outsider, jane):
    with pytest.raises(PermissionDenied):
        people_services.update_person(acting_user=outsider, person=jane, version=jane.version,
                                      phone="07700 900999")
    jane.refresh_from_db()
    assert (jane.phone, jane.version) == ("07700 900123", 1)
    assert nothing_audited()


def test_recording_consent(outsider, jane):
    with pytest.raises(PermissionDenied):
        people_services.add_consent(acting_user=outsider, person=jane, scope=Consent.Scope.SHARE,
                                    method=Consent.Method.PHONE, statement="I agree.")
    assert Consent.objects.filter(person=jane).count() == 1
    assert nothing_audited()


def test_withdrawing_consent(outsider, jane):
    consent = jane.consents.get()
    with pytest.raises(PermissionDenied):
        people_services.withdraw_consent(acting_user=outsider, consent=consent, note="Said so")
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert nothing_audited()


def test_adding_a_safeguarding_note(outsider, jane):
    with pytest.raises(PermissionDenied):
        people_services.add_safeguarding_note(acting_user=outsider, person=jane, text="A risk")
    assert not SafeguardingNote.objects.exists()
    assert nothing_audited()


def test_a_safeguarding_lead_who_may_not_open_the_record_cannot_add_a_note(user_with_role, elsewhere, jane):
    lead = user_with_role(Role.SAFEGUARDING_LEAD, locality=elsewhere)
    with pytest.raises(PermissionDenied):
        people_services.add_safeguarding_note(acting_user=lead, person=jane, text="A risk")
    assert not SafeguardingNote.objects.exists()


def test_merging(outsider, jane, cotmanhay):
    other = PersonFactory(given_name="Jayne", family_name="Smith", locality=cotmanhay)
    with pytest.raises(PermissionDenied):
        people_services.merge_people(acting_user=outsider, keep=jane, other=other, keep_version=jane.version,
                                     other_version=other.version)
    other.refresh_from_db()
    assert other.merged_into is None
    assert nothing_audited()


def test_adding_a_household_member(outsider, jane):
    with pytest.raises(PermissionDenied):
        households.add_household_member(acting_user=outsider, person=jane, given_name="Sam",
                                        date_of_birth=datetime.date(2015, 1, 2))
    assert Person.objects.count() == 1
    assert not Household.objects.exists()
    assert nothing_audited()


def test_linking_a_household_member(outsider, jane, cotmanhay):
    other = PersonFactory(given_name="Sam", locality=cotmanhay)
    with pytest.raises(PermissionDenied):
        households.link_household_member(acting_user=outsider, person=jane, other=other, relationship="son")
    other.refresh_from_db()
    assert other.household is None
    assert not Household.objects.exists()
    assert nothing_audited()


def test_removing_a_household_member(outsider, jane, cotmanhay):
    home = HouseholdFactory()
    member = PersonFactory(given_name="Sam", locality=cotmanhay, household=home)
    Person.objects.filter(pk=jane.pk).update(household=home)
    jane.refresh_from_db()
    with pytest.raises(PermissionDenied):
        households.remove_household_member(acting_user=outsider, person=jane, member=member)
    member.refresh_from_db()
    assert member.household == home
    assert nothing_audited()


def test_a_worker_cannot_link_a_record_they_may_not_open(user_with_role, cotmanhay, elsewhere, jane):
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    unseen = PersonFactory(given_name="Sam", locality=elsewhere)
    with pytest.raises(PermissionDenied):
        households.link_household_member(acting_user=hub, person=jane, other=unseen)
    unseen.refresh_from_db()
    assert unseen.household is None


def test_adding_a_note_to_a_request(outsider, jane):
    request = jane.requests.get()
    with pytest.raises(PermissionDenied):
        requests.add_note(acting_user=outsider, request=request, text="Rang, no answer")
    assert not RequestEvent.objects.filter(request=request).exists()
    assert nothing_audited()


def test_the_actions_are_open_to_the_worker_who_may_open_the_record(user_with_role, cotmanhay, jane):
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    people_services.update_person(acting_user=hub, person=jane, version=1, phone="07700 900999")
    member = households.add_household_member(acting_user=hub, person=jane, given_name="Sam")
    households.remove_household_member(acting_user=hub, person=Person.objects.get(pk=jane.pk), member=member)
    requests.add_note(acting_user=hub, request=jane.requests.get(), text="Rang, no answer")
    people_services.withdraw_consent(acting_user=hub, consent=jane.consents.get())
    assert AuditEvent.objects.filter(actor=hub).count() >= 5


def test_referral_settings_are_changed_only_by_the_organisations_own_staff(user_with_role):
    ours, theirs = OrganisationFactory(name="Ilkeston Larder"), OrganisationFactory(name="Advice Co")
    for outsider in (user_with_role(Role.ORGANISATION_STAFF, organisation=theirs), user_with_role(Role.ANALYST)):
        with pytest.raises(PermissionDenied):
            referrals.update_referral_settings(acting_user=outsider, organisation=ours, response_working_days=9)
    assert not ReferralSettings.objects.exists()
    assert nothing_audited()
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=ours)
    referrals.update_referral_settings(acting_user=staff, organisation=ours, response_working_days=9,
                                       notify_email="team@larder.example")
    assert ReferralSettings.objects.get(organisation=ours).response_working_days == 9
    event = AuditEvent.objects.get(event="referral_settings.changed")
    assert (event.actor, event.changes["response_working_days"]) == (staff, "9")
