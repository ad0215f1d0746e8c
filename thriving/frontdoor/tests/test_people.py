"""People and households: search, the person's page and who may see it, the audit trail,
safeguarding notes, consent, households, editing with conflicts, and merging."""

import datetime

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.frontdoor.models import Consent, HelpRequest, Person, RequestEvent, SafeguardingNote
from thriving.frontdoor.services import common
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.tests.factories import (
    ConsentFactory,
    HelpRequestFactory,
    HouseholdFactory,
    PersonFactory,
    ReferralFactory,
    SafeguardingNoteFactory,
)

pytestmark = pytest.mark.django_db

BORN = datetime.date(1980, 3, 12)


@pytest.fixture
def jane(cotmanhay):
    person = PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=BORN, postcode="DE7 8QA",
                           phone="07700 900123", email="jane@example.org", locality=cotmanhay)
    HelpRequestFactory(person=person, locality=cotmanhay, postcode="DE7 8QA")
    return person


@pytest.fixture
def local_hub(user_with_role, cotmanhay):
    """A hub worker for Cotmanhay only."""
    return user_with_role(Role.HUB_WORKER, locality=cotmanhay)


@pytest.fixture
def local_client(client, local_hub):
    client.force_login(local_hub)
    return client


def person_url(person, name="frontdoor:person", *extra):
    return reverse(name, args=[person.uuid, *extra])


# --- Search --------------------------------------------------------------------------------------------


def test_search_by_name_with_a_typo(local_client, jane):
    response = local_client.get(reverse("frontdoor:people"), {"q": "Jayne Smyth"})
    assert response.status_code == 200
    assert "Jane Smith" in response.content.decode()
    assert [m.person for m in response.context["page_obj"]] == [jane]


@pytest.mark.parametrize("q", ["07700900123", "+44 7700 900 123", "JANE@example.org", "de7 8qa"])
def test_search_by_phone_email_postcode_or_district(local_client, jane, q):
    response = local_client.get(reverse("frontdoor:people"), {"q": q})
    assert [m.person for m in response.context["page_obj"]] == [jane]


def test_search_by_district_asks_for_the_full_postcode(local_client, jane):
    response = local_client.get(reverse("frontdoor:people"), {"q": "DE7"})
    assert "Enter the full postcode" in response.content.decode()


def test_search_with_date_of_birth(local_client, jane, cotmanhay):
    PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1950, 1, 1), locality=cotmanhay)
    response = local_client.get(reverse("frontdoor:people"), {"q": "Jane Smith", "dob": "1980-03-12"})
    assert [m.person for m in response.context["page_obj"]] == [jane]


def test_search_by_postcode_and_date_of_birth_needs_both(local_client, jane, cotmanhay):
    PersonFactory(given_name="Ann", family_name="Other", date_of_birth=BORN, postcode="DE1 1AA", locality=cotmanhay)
    PersonFactory(given_name="Bob", family_name="Other", postcode="DE7 8QA", locality=cotmanhay)
    response = local_client.get(reverse("frontdoor:people"), {"q": "DE7 8QA", "dob": "1980-03-12"})
    assert [m.person for m in response.context["page_obj"]] == [jane]


def test_search_writes_the_audit_trail(local_client, local_hub, jane):
    local_client.get(reverse("frontdoor:people"), {"q": "Jane Smith"})
    event = AuditEvent.objects.get(event="people.searched")
    assert event.actor == local_hub
    assert event.action == AuditEvent.Action.VIEWED
    assert event.purpose == "person search"
    assert event.subject == "Jane Smith"


def test_search_with_a_wrong_date_says_so(local_client, jane):
    response = local_client.get(reverse("frontdoor:people"), {"q": "Jane", "dob": "1980-13-45"})
    assert response.status_code == 400
    assert "Enter a real date of birth" in response.content.decode()
    assert not AuditEvent.objects.filter(event="people.searched").exists()


def test_search_without_words_searches_nothing(local_client, jane):
    response = local_client.get(reverse("frontdoor:people"))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(event="people.searched").exists()


def test_search_pages_by_twenty(local_client, cotmanhay):
    PersonFactory.create_batch(25, given_name="Sam", family_name="Taylor", locality=cotmanhay)
    first = local_client.get(reverse("frontdoor:people"), {"q": "Taylor"})
    assert len(first.context["page_obj"]) == 20
    second = local_client.get(reverse("frontdoor:people"), {"q": "Taylor", "page": 2})
    assert len(second.context["page_obj"]) == 5


def test_search_is_a_small_constant_number_of_queries(local_client, cotmanhay, django_assert_max_num_queries):
    PersonFactory.create_batch(30, given_name="Sam", family_name="Taylor", locality=cotmanhay)
    local_client.get(reverse("frontdoor:people"), {"q": "Sam Taylor"})  # warm the session and caches
    with django_assert_max_num_queries(8):
        response = local_client.get(reverse("frontdoor:people"), {"q": "Sam Taylor"})
    assert response.context["page_obj"].paginator.count == 30


def test_a_hub_worker_in_another_locality_finds_nobody(client, user_with_role, elsewhere, jane):
    client.force_login(user_with_role(Role.HUB_WORKER, locality=elsewhere))
    response = client.get(reverse("frontdoor:people"), {"q": "Jane Smith"})
    assert response.context["page_obj"].paginator.count == 0
    assert client.get(person_url(jane)).status_code == 404


def test_organisation_staff_cannot_search_people(client, user_with_role, jane):
    referral = ReferralFactory(request__person=jane)
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation))
    assert client.get(reverse("frontdoor:people"), {"q": "Jane"}).status_code == 403


# --- The person's page -----------------------------------------------------------------------------------


def test_the_person_page_shows_the_record_and_audits_the_view(local_client, local_hub, jane):
    ConsentFactory(person=jane, method=Consent.Method.PHONE, recorded_by=local_hub)
    response = local_client.get(person_url(jane))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jane Smith" in page
    assert "07700 900123" in page
    assert "Spoken, on the phone".lower() in page
    assert jane.requests.get().reference in page
    event = AuditEvent.objects.get(event="person.viewed")
    assert (event.actor, event.subject, event.action) == (local_hub, "Jane Smith", AuditEvent.Action.VIEWED)
    assert not AuditEvent.objects.filter(event="safeguarding.viewed").exists()


def test_organisation_staff_see_only_people_referred_to_them(client, user_with_role, jane, cotmanhay):
    referral = ReferralFactory(request__person=jane, request__locality=cotmanhay)
    stranger = PersonFactory(locality=cotmanhay)
    HelpRequestFactory(person=stranger, locality=cotmanhay)
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation))
    assert client.get(person_url(jane)).status_code == 200
    assert client.get(person_url(stranger)).status_code == 404


def test_an_unknown_person_is_not_found(local_client):
    unknown = reverse("frontdoor:person", args=["7a0c0b53-54c6-4d2e-9d5b-000000000000"])
    assert local_client.get(unknown).status_code == 404


# --- Safeguarding notes ----------------------------------------------------------------------------------


def test_safeguarding_notes_are_hidden_from_a_hub_worker(local_client, jane):
    SafeguardingNoteFactory(person=jane, text="Partner is controlling; call only on the mobile.")
    page = local_client.get(person_url(jane)).content.decode()
    assert "controlling" not in page
    assert "Safeguarding" not in page
    assert not AuditEvent.objects.filter(event="safeguarding.viewed").exists()


def test_safeguarding_notes_are_shown_to_a_lead_and_the_view_audited(client, lead, jane):
    SafeguardingNoteFactory(person=jane, text="Partner is controlling; call only on the mobile.")
    client.force_login(lead)
    page = client.get(person_url(jane)).content.decode()
    assert "controlling" in page
    assert AuditEvent.objects.filter(event="safeguarding.viewed", actor=lead, subject="Jane Smith").exists()


def test_only_a_lead_may_add_a_safeguarding_note(client, local_client, lead, jane):
    url = person_url(jane, "frontdoor:safeguarding-add")
    assert local_client.post(url, {"text": "A note"}).status_code == 403
    assert local_client.get(url).status_code == 403
    assert not SafeguardingNote.objects.exists()
    client.force_login(lead)
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "Risk of financial abuse by a relative"})
    assert response.status_code == 302
    note = SafeguardingNote.objects.get()
    assert (note.person, note.created_by) == (jane, lead)
    assert AuditEvent.objects.filter(event="safeguarding.note_added").exists()


# --- Consent ---------------------------------------------------------------------------------------------


def test_recording_consent(local_client, local_hub, jane):
    url = person_url(jane, "frontdoor:person-consent")
    today = datetime.date.today()
    response = local_client.post(url, {"scope": "share", "method": "in_person", "statement": "I agree to share.",
                                     "given_on_day": today.day, "given_on_month": today.month,
                                     "given_on_year": today.year})
    assert response.status_code == 302
    consent = Consent.objects.get(person=jane)
    assert (consent.scope, consent.method, consent.statement, consent.recorded_by) == (
        "share", "in_person", "I agree to share.", local_hub)
    assert people_services.active_share_consent(jane) == consent


def test_consent_form_reports_every_mistake(local_client, jane):
    url = person_url(jane, "frontdoor:person-consent")
    response = local_client.post(url, {"scope": "", "statement": "", "given_on_day": "31", "given_on_month": "2",
                                     "given_on_year": "2024"})
    assert response.status_code == 400
    page = response.content.decode()
    for message in ["Choose what they agreed to", "Choose how they agreed", "Enter the words they agreed to",
                    "When they agreed must be a real date"]:
        assert message in page
    assert 'value="31"' in page
    assert not Consent.objects.exists()


def test_withdrawing_consent(local_client, local_hub, jane):
    consent = ConsentFactory(person=jane)
    url = person_url(jane, "frontdoor:consent-withdraw", consent.uuid)
    assert local_client.get(url).status_code == 200
    assert local_client.post(url, {"note": "Rang to say no more sharing"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == local_hub
    assert people_services.active_share_consent(jane) is None
    page = local_client.get(person_url(jane)).content.decode()
    assert "Withdrawn" in page
    # Twice is refused, with a message.
    assert local_client.post(url, {"note": ""}).status_code == 400


# --- Household -------------------------------------------------------------------------------------------


def test_adding_a_household_member(local_client, jane):
    url = person_url(jane, "frontdoor:household-add")
    response = local_client.post(url, {"given_name": "Tom", "family_name": "Smith", "relationship": "son",
                                     "date_of_birth_day": "4", "date_of_birth_month": "5",
                                     "date_of_birth_year": "2012"})
    assert response.status_code == 302
    jane.refresh_from_db()
    tom = Person.objects.get(given_name="Tom")
    assert jane.household is not None
    assert tom.household == jane.household
    assert (tom.household_relationship, tom.date_of_birth, tom.postcode) == ("son", datetime.date(2012, 5, 4),
                                                                             "DE7 8QA")
    assert "Tom Smith" in local_client.get(person_url(jane)).content.decode()


def test_adding_a_household_member_reports_every_mistake(local_client, jane):
    url = person_url(jane, "frontdoor:household-add")
    response = local_client.post(url, {"given_name": "", "date_of_birth_day": "4", "date_of_birth_month": "",
                                     "date_of_birth_year": "2012"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the given name" in page
    assert "Date of birth must include a month" in page
    assert Person.objects.count() == 1


def test_linking_and_removing_a_household_member(local_client, jane, cotmanhay):
    partner = PersonFactory(given_name="Alex", family_name="Brown", locality=cotmanhay)
    url = person_url(jane, "frontdoor:household-link")
    found = local_client.get(url, {"q": "Alex Brown"})
    assert "Alex Brown" in found.content.decode()
    assert local_client.post(url, {"member": str(partner.uuid), "relationship": "partner"}).status_code == 302
    jane.refresh_from_db()
    partner.refresh_from_db()
    assert partner.household == jane.household
    assert partner.household_relationship == "partner"
    remove = person_url(jane, "frontdoor:household-remove", partner.uuid)
    assert local_client.get(remove).status_code == 200
    assert local_client.post(remove).status_code == 302
    partner.refresh_from_db()
    assert partner.household is None
    assert Person.objects.filter(pk=partner.pk).exists()  # the record stays


def test_linking_someone_the_worker_cannot_see_is_refused(local_client, jane, elsewhere):
    unseen = PersonFactory(locality=elsewhere)
    response = local_client.post(person_url(jane, "frontdoor:household-link"), {"member": str(unseen.uuid)})
    assert response.status_code == 400
    unseen.refresh_from_db()
    assert unseen.household is None


# --- Editing ---------------------------------------------------------------------------------------------


def details(person, **changes):
    data = {"version": person.version, "given_name": person.given_name, "family_name": person.family_name,
            "date_of_birth_day": "12", "date_of_birth_month": "3", "date_of_birth_year": "1980",
            "postcode": person.postcode, "phone": person.phone, "email": person.email}
    data.update(changes)
    return data


def test_editing_details(local_client, jane):
    url = person_url(jane, "frontdoor:person-edit")
    assert local_client.get(url).status_code == 200
    response = local_client.post(url, details(jane, phone="07700 900456", contact_times="After 6pm"))
    assert response.status_code == 302
    jane.refresh_from_db()
    assert (jane.phone, jane.phone_key, jane.contact_times, jane.version) == (
        "07700 900456", "7700900456", "After 6pm", 2)


def test_editing_reports_every_mistake(local_client, jane):
    url = person_url(jane, "frontdoor:person-edit")
    response = local_client.post(url, details(jane, given_name="", phone="12", email="not-an-email",
                                            postcode="ZZ99 9ZZ", date_of_birth_day="30", date_of_birth_month="2"))
    assert response.status_code == 400
    page = response.content.decode()
    for message in ["Enter their given name", "Enter a phone number", "Enter an email address in the correct format",
                    "We do not know the postcode", "Date of birth must be a real date"]:
        assert message in page
    assert 'value="not-an-email"' in page
    jane.refresh_from_db()
    assert jane.version == 1


def test_a_concurrent_edit_is_not_silently_overwritten(local_client, local_hub, jane):
    url = person_url(jane, "frontdoor:person-edit")
    stale = details(jane, phone="07700 900456")
    people_services.update_person(acting_user=local_hub, person=jane, version=1, phone="07700 900789")
    response = local_client.post(url, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this person" in page
    assert 'value="07700 900456"' in page  # what was typed is kept
    jane.refresh_from_db()
    assert jane.phone == "07700 900789"
    # Saving again, deliberately, replaces it.
    assert local_client.post(url, details(jane, phone="07700 900456")).status_code == 302
    jane.refresh_from_db()
    assert jane.phone == "07700 900456"


# --- Merging ---------------------------------------------------------------------------------------------


@pytest.fixture
def duplicate(cotmanhay):
    person = PersonFactory(given_name="Jayne", family_name="Smyth", date_of_birth=BORN, postcode="DE7 8QA",
                           phone="", email="", address="4 Canal Street", language="Polish", locality=cotmanhay)
    HelpRequestFactory(person=person, locality=cotmanhay)
    ConsentFactory(person=person)
    SafeguardingNoteFactory(person=person)
    household = HouseholdFactory()
    Person.objects.filter(pk=person.pk).update(household=household)
    PersonFactory(given_name="Kid", household=household, locality=cotmanhay)
    person.refresh_from_db()
    return person


def test_merge_offers_likely_duplicates(local_client, jane, duplicate):
    response = local_client.get(person_url(jane, "frontdoor:person-merge"))
    assert [m.person for m in response.context["matches"]] == [duplicate]


def test_merge_moves_everything_and_keeps_the_audit(local_client, local_hub, jane, duplicate):
    url = reverse("frontdoor:person-merge-confirm", args=[jane.uuid, duplicate.uuid])
    page = local_client.get(url)
    assert page.status_code == 200
    assert "Jayne" in page.content.decode()
    response = local_client.post(url, {"keep": str(jane.uuid), "this_version": jane.version,
                                     "other_version": duplicate.version})
    assert response.status_code == 302
    assert response.url == person_url(jane)
    duplicate.refresh_from_db()
    jane.refresh_from_db()
    assert duplicate.merged_into == jane
    assert HelpRequest.objects.filter(person=jane).count() == 2
    assert Consent.objects.filter(person=jane).count() == 1
    assert SafeguardingNote.objects.filter(person=jane).count() == 1
    assert not HelpRequest.objects.filter(person=duplicate).exists()
    assert jane.household is not None
    assert Person.objects.filter(household=jane.household, given_name="Kid").exists()
    # Blank details filled from the other record; details the kept record had are kept.
    assert (jane.address, jane.language, jane.phone) == ("4 Canal Street", "Polish", "07700 900123")
    event = AuditEvent.objects.get(event="person.merged")
    assert event.action == AuditEvent.Action.MERGED
    assert event.changes["kept"] == str(jane.uuid)
    assert event.changes["merged"] == str(duplicate.uuid)
    assert event.changes["moved"]["requests"] == 1
    assert RequestEvent.objects.filter(request__person=jane, kind=RequestEvent.Kind.NOTE).count() == 1
    # The merged record's address leads to the kept one; it no longer turns up in searches.
    assert local_client.get(person_url(duplicate)).url == person_url(jane)
    search = local_client.get(reverse("frontdoor:people"), {"q": "Jayne Smyth"})
    assert [m.person for m in search.context["page_obj"]] == [jane]


def test_merge_can_keep_the_other_record(local_client, jane, duplicate):
    url = reverse("frontdoor:person-merge-confirm", args=[jane.uuid, duplicate.uuid])
    response = local_client.post(url, {"keep": str(duplicate.uuid), "this_version": jane.version,
                                     "other_version": duplicate.version})
    assert response.url == person_url(duplicate)
    jane.refresh_from_db()
    assert jane.merged_into == duplicate


def test_merge_refuses_a_stale_comparison(local_client, local_hub, jane, duplicate):
    url = reverse("frontdoor:person-merge-confirm", args=[jane.uuid, duplicate.uuid])
    people_services.update_person(acting_user=local_hub, person=duplicate, version=duplicate.version,
                                  phone="07700 900555")
    response = local_client.post(url, {"keep": str(jane.uuid), "this_version": jane.version,
                                     "other_version": 1})
    assert response.status_code == 409
    assert "changed while you were comparing" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_merge_requires_a_choice(local_client, jane, duplicate):
    url = reverse("frontdoor:person-merge-confirm", args=[jane.uuid, duplicate.uuid])
    response = local_client.post(url, {"this_version": jane.version, "other_version": duplicate.version})
    assert response.status_code == 400
    assert "Choose which record to keep" in response.content.decode()


def test_merging_needs_the_merge_policy(client, user_with_role, jane, duplicate):
    referral = ReferralFactory(request__person=jane)
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation))
    url = reverse("frontdoor:person-merge-confirm", args=[jane.uuid, duplicate.uuid])
    assert client.post(url, {"keep": str(jane.uuid), "this_version": 1, "other_version": 1}).status_code == 403


def test_merge_service_refuses_merging_a_record_with_itself(local_hub, jane):
    with pytest.raises(common.FrontDoorError):
        people_services.merge_people(acting_user=local_hub, keep=jane, other=jane, keep_version=1, other_version=1)


def test_the_person_page_does_not_grow_in_queries(
    local_client, local_hub, jane, cotmanhay, django_assert_max_num_queries
):
    def grow():
        HelpRequestFactory(person=jane, locality=cotmanhay)
        ConsentFactory(person=jane, recorded_by=local_hub)
        PersonFactory(household=jane.household, locality=cotmanhay)

    jane.household = HouseholdFactory()
    jane.save()
    grow()
    local_client.get(person_url(jane))
    for _ in range(4):
        grow()
    with django_assert_max_num_queries(15):
        response = local_client.get(person_url(jane))
    assert len(response.context["requests"]) == 6
    assert len(response.context["members"]) == 5
