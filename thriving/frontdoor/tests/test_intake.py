"""Staff intake: any worker takes a request for someone, likely existing records are offered, every
mistake is reported at once, and a double submit makes one request."""

import datetime
import uuid

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.directory.models import TaxonomyTerm
from thriving.directory.queries import needs
from thriving.frontdoor.models import Consent, HelpRequest, Person
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy", "cotmanhay")]


@pytest.fixture
def larder():
    return OrganisationFactory(name="Cotmanhay Community Larder")


@pytest.fixture
def staff(user_with_role, larder):
    return user_with_role(Role.ORGANISATION_STAFF, organisation=larder)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def food_need() -> TaxonomyTerm:
    return TaxonomyTerm.objects.filter(taxonomy__name=needs.THRIVING_NEEDS).order_by("id").first()


def answers(**changes):
    data = {
        "submission_key": str(uuid.uuid4()),
        "given_name": "Jane",
        "family_name": "Smith",
        "date_of_birth_day": "12",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1980",
        "postcode": "de7 8qa",
        "phone": "07700 900123",
        "email": "",
        "preferred_contact": "phone",
        "contact_times": "Mornings",
        "description": "My boiler is broken and I cannot afford the repair.",
        "needs": [food_need().uuid],
        "channel": "phone",
        "asked_by": "self",
        "consent": "phone",
    }
    data.update(changes)
    return data


def test_the_form_shows(staff_client):
    response = staff_client.get(reverse("frontdoor:intake"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="submission_key"' in page
    assert 'name="date_of_birth_day"' in page
    assert food_need().name in page


def test_intake_creates_the_request_person_and_consent(staff_client, staff, larder, cotmanhay):
    response = staff_client.post(reverse("frontdoor:intake"), answers())
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert response.url == reverse("frontdoor:request", args=[request.reference])
    person = request.person
    assert (person.full_name, person.date_of_birth, person.postcode, person.phone_key) == (
        "Jane Smith", datetime.date(1980, 3, 12), "DE7 8QA", "7700900123")
    assert person.locality == cotmanhay
    assert (request.channel, request.taken_by, request.taken_by_organisation) == ("phone", staff, larder)
    assert request.locality == cotmanhay
    assert list(request.needs.all()) == [food_need()]
    consent = Consent.objects.get(person=person)
    assert (consent.method, consent.scope, consent.request, consent.recorded_by) == (
        Consent.Method.PHONE, Consent.Scope.SHARE, request, staff)


def test_consent_not_given_records_none(staff_client):
    staff_client.post(reverse("frontdoor:intake"), answers(consent="none"))
    assert HelpRequest.objects.count() == 1
    assert not Consent.objects.exists()


def test_someone_else_asking_and_immediate_risk(staff_client):
    staff_client.post(reverse("frontdoor:intake"), answers(
        asked_by="someone_else", asker_name="Pat Smith", asker_contact="07700 900777",
        asker_relationship="sister", immediate_risk="on", channel="in_person"))
    request = HelpRequest.objects.get()
    assert (request.asker_name, request.asker_relationship, request.urgency, request.immediate_risk) == (
        "Pat Smith", "sister", HelpRequest.Urgency.URGENT, True)


def test_every_mistake_is_reported_at_once_and_input_kept(staff_client):
    response = staff_client.post(reverse("frontdoor:intake"), answers(
        given_name="", date_of_birth_day="31", date_of_birth_month="2", postcode="ZZ1 1ZZ", phone="123",
        email="jane@", description="", channel="", consent="", asked_by="someone_else", needs=["nonsense"],
        contact_times="Evenings only"))
    assert response.status_code == 400
    page = response.content.decode()
    for message in [
        "Enter the person&#x27;s given name",
        "Date of birth must be a real date",
        "We do not know the postcode ZZ1 1ZZ",
        "Enter a phone number, like",
        "Enter an email address in the correct format",
        "Enter what is going on",
        "Choose how they asked",
        "Choose how they agreed to share their details",
        "Enter the name of the person who asked",
        "Enter how to contact the person who asked",
        "Choose needs from the list",
    ]:
        assert message in page, message
    assert 'value="Evenings only"' in page
    assert 'value="31"' in page
    assert page.count('class="govuk-error-summary"') == 1
    assert not HelpRequest.objects.exists()
    assert not Person.objects.exists()


def test_nobody_is_turned_away_for_want_of_contact_details(staff_client):
    response = staff_client.post(reverse("frontdoor:intake"), answers(phone="", postcode="", email="",
                                                                      preferred_contact="", channel="in_person"))
    assert response.status_code == 302
    assert HelpRequest.objects.get().person.phone == ""


def test_the_way_to_contact_them_needs_its_details(staff_client):
    response = staff_client.post(reverse("frontdoor:intake"), answers(phone="", preferred_contact="text"))
    assert response.status_code == 400
    assert "Enter a phone number, or choose another way to get in touch" in response.content.decode()


def test_a_double_submit_creates_one_request(staff_client):
    data = answers()
    first = staff_client.post(reverse("frontdoor:intake"), data)
    second = staff_client.post(reverse("frontdoor:intake"), data)
    assert HelpRequest.objects.count() == 1
    assert Person.objects.count() == 1
    assert first.url == second.url


def test_likely_matches_are_offered_and_the_chosen_person_used(staff_client, staff, cotmanhay):
    existing = PersonFactory(given_name="Jayne", family_name="Smyth", date_of_birth=datetime.date(1980, 3, 12),
                             postcode="DE7 8QA", phone="07700900123", email="", locality=cotmanhay)
    data = answers()
    offered = staff_client.post(reverse("frontdoor:intake"), data)
    assert offered.status_code == 200
    page = offered.content.decode()
    assert "Is this someone already recorded?" in page
    assert "Jayne Smyth" in page
    assert "same phone" in page.lower()
    assert 'value="My boiler is broken' not in page  # textareas keep their text inside
    assert "My boiler is broken and I cannot afford the repair." in page
    assert not HelpRequest.objects.exists()
    matched = AuditEvent.objects.get(event="people.matched")
    assert matched.actor == staff
    assert matched.changes["offered"] == [str(existing.uuid)]

    response = staff_client.post(reverse("frontdoor:intake"), {**data, "use_person": str(existing.uuid)})
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.person == existing
    assert Person.objects.count() == 1
    assert Consent.objects.get().person == existing


def test_choosing_someone_new_makes_a_new_record(staff_client, cotmanhay):
    PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1980, 3, 12),
                  postcode="DE7 8QA", locality=cotmanhay)
    response = staff_client.post(reverse("frontdoor:intake"), answers(use_person="new"))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_choosing_someone_who_is_not_a_likely_match_is_refused(staff_client, cotmanhay):
    PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1980, 3, 12),
                  postcode="DE7 8QA", locality=cotmanhay)
    unrelated = PersonFactory(given_name="Priya", family_name="Patel")
    response = staff_client.post(reverse("frontdoor:intake"), answers(use_person=str(unrelated.uuid)))
    assert response.status_code == 400
    assert "Choose one of the people listed" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_people_the_worker_cannot_see_are_shown_with_little_detail(staff_client, cotmanhay):
    PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1980, 3, 12),
                  postcode="DE7 8QA", phone="07700 900123", locality=cotmanhay)
    page = staff_client.post(reverse("frontdoor:intake"), answers()).content.decode()
    assert "born 1980" in page
    assert "12 March 1980" not in page
    assert "Jane Smith, born 1980, DE7<" in page.replace("\n", "").replace("</label>", "<")
    assert "phone ending 123" in page
    assert "07700 900123" not in page.split("What you typed")[0]


def test_people_the_worker_can_see_are_shown_in_full(client, user_with_role, cotmanhay):
    client.force_login(user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    person = PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1980, 3, 12),
                           postcode="DE7 8QA", locality=cotmanhay)
    HelpRequestFactory(person=person, locality=cotmanhay)
    page = client.post(reverse("frontdoor:intake"), answers()).content.decode()
    assert "12 March 1980, DE7 8QA" in page


def test_a_worker_who_cannot_open_the_request_gets_the_reference(staff_client, staff, monkeypatch):
    from thriving.core import access

    # A worker whose requests' scope leaves out the one they took.
    monkeypatch.setitem(access._SCOPES, ("frontdoor.helprequest", "view"), lambda user, queryset: queryset.none())
    response = staff_client.post(reverse("frontdoor:intake"), answers())
    request = HelpRequest.objects.get()
    assert response.url == reverse("frontdoor:intake-done", args=[request.reference])
    done = staff_client.get(response.url)
    assert request.reference in done.content.decode()


def test_the_reference_page_is_only_for_the_worker_who_took_it(client, user_with_role):
    request = HelpRequestFactory()
    client.force_login(user_with_role(Role.HUB_WORKER))
    assert client.get(reverse("frontdoor:intake-done", args=[request.reference])).status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.BOARD_MEMBER, Role.DIRECTORY_EDITOR])
def test_only_workers_take_requests(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("frontdoor:intake")).status_code == 403


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.TEAM_MEMBER, Role.COACH, Role.SAFEGUARDING_LEAD])
def test_any_worker_takes_requests(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.post(reverse("frontdoor:intake"), answers()).status_code == 302


# --- Record matching beyond the worker's own scope ------------------------------------------------


def test_each_look_up_beyond_the_workers_scope_is_audited_without_the_names(staff_client, staff, cotmanhay):
    """Organisation staff may see none of these people, yet intake looks among everyone (the Person
    "match" scope) so as not to make a duplicate: an explicit choice, recorded each time."""
    unseen = PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1980, 3, 12),
                           postcode="DE7 8QA", locality=cotmanhay)
    assert not Person.objects.visible_to(staff).filter(pk=unseen.pk).exists()  # beyond the view scope
    assert Person.objects.visible_to(staff, "match").filter(pk=unseen.pk).exists()

    page = staff_client.post(reverse("frontdoor:intake"), answers()).content.decode()
    assert "Jane Smith, born 1980" in page
    event = AuditEvent.objects.get(event="people.matched")
    assert (event.actor, event.purpose, event.action) == (staff, "matching at intake", AuditEvent.Action.VIEWED)
    assert event.at is not None
    assert (event.changes["shown"], event.changes["beyond_scope"]) == (1, 1)
    assert event.changes["offered"] == [str(unseen.uuid)]
    assert set(event.changes["searched_by"]) >= {"given_name", "family_name", "date_of_birth"}
    written = " ".join([event.subject, event.object_label, str(event.changes)])
    assert "Jane" not in written  # not the names searched for
    assert "Smith" not in written

    # A look-up that finds nobody is a look-up too.
    staff_client.post(reverse("frontdoor:intake"), answers(given_name="Priyanka", family_name="Okafor",
                                                          date_of_birth_day="9", date_of_birth_month="9",
                                                          date_of_birth_year="2001", phone="07700 900999"))
    nobody = AuditEvent.objects.filter(event="people.matched").order_by("-id").first()
    assert (nobody.changes["shown"], nobody.changes["beyond_scope"]) == (0, 0)


def test_the_record_matched_at_intake_stays_out_of_the_workers_other_pages(staff_client, staff, cotmanhay):
    unseen = PersonFactory(given_name="Jane", family_name="Smith", date_of_birth=datetime.date(1980, 3, 12),
                           postcode="DE7 8QA", locality=cotmanhay)
    staff_client.post(reverse("frontdoor:intake"), answers())
    assert staff_client.get(reverse("frontdoor:person", args=[unseen.uuid])).status_code == 404
    assert not Person.objects.visible_to(staff).filter(pk=unseen.pk).exists()
