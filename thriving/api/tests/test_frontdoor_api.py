"""The front door's JSON API: who may do what, problem details on every error, idempotent intake,
optimistic locking, and the audit trail on reading a request."""

import json
import uuid

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thriving.core.models import AuditEvent, Organisation, Role
from thriving.directory.tests.factories import ServiceFactory, TaxonomyTermFactory
from thriving.frontdoor.models import Consent, HelpRequest, Person, Referral, RequestEvent
from thriving.frontdoor.tests.factories import HelpRequestFactory, ReferralFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


def error_locations(response) -> dict[str, str]:
    return {error["location"]: error["message"] for error in assert_problem(response, 422)["errors"]}


@pytest.fixture
def place():
    """Two localities, each with one postcode in it."""
    cotmanhay, shirebrook = LocalityFactory(name="Cotmanhay"), LocalityFactory(name="Shirebrook")
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=cotmanhay))
    PostcodeFactory(postcode="NG20 8AA", area=AreaFactory(locality=shirebrook))
    return cotmanhay, shirebrook


@pytest.fixture
def hub_client(client, user_with_role, place):
    worker = user_with_role(Role.HUB_WORKER, locality=place[0])
    client.force_login(worker)
    client.user = worker
    return client


def intake(**overrides):
    body = {
        "person": {
            "given_name": "Ada",
            "family_name": "Example",
            "date_of_birth": "1980-02-29",
            "email": "ada@example.org",
            "phone": "07700 900123",
        },
        "description": "The boiler broke and there is no money for food this week.",
        "postcode": "de78qa",
        "contact_method": "phone",
        "consent_method": "phone",
        "channel": "phone",
    }
    body.update(overrides)
    return body


# --- The schema and who may call ----------------------------------------------------------------


def test_the_schema_describes_the_front_door(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/requests",
        "/api/v1/requests/{reference}",
        "/api/v1/requests/{reference}/triage",
        "/api/v1/referrals",
        "/api/v1/referrals/{referral_id}/accept",
        "/api/v1/referrals/{referral_id}/decline",
    ):
        assert path in schema["paths"], path
    intake_schema = schema["paths"]["/api/v1/requests"]["post"]
    assert {"200", "201", "401", "403", "409", "422"} <= set(intake_schema["responses"])
    schemas = schema["components"]["schemas"]
    assert "submission_key" in schemas["RequestIn"]["properties"]
    assert set(schemas["DeclineIn"]["required"]) == {"reason", "version"}
    # The models' nested choices share names (Status); the schema keeps them apart.
    assert "in_progress" in schemas["RequestStatus"]["enum"]
    assert "awaiting" in schemas["ReferralStatus"]["enum"]
    assert schemas["HelpLevel"]["enum"] == [1, 2, 3, 4]
    assert schema["components"]["securitySchemes"]["StaffSession"]["in"] == "cookie"


OPERATIONS = [
    ("get", "/api/v1/requests"),
    ("post", "/api/v1/requests"),
    ("get", "/api/v1/requests/TH-AAAA-BBBB"),
    ("post", "/api/v1/requests/TH-AAAA-BBBB/triage"),
    ("get", "/api/v1/referrals"),
    ("post", "/api/v1/referrals/00000000-0000-4000-8000-000000000001/accept"),
    ("post", "/api/v1/referrals/00000000-0000-4000-8000-000000000002/decline"),
]


def call(client, method, path):
    """An empty body: the person is refused before the body is even read."""
    return client.get(path) if method == "get" else post(client, path, {})


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_needs_a_signed_in_person(client, method, path):
    response = call(client, method, path)
    body = assert_problem(response, 401)
    assert body["title"] == "Sign in needed"


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_people_without_a_front_door_role_are_refused(client, user_with_role, method, path):
    client.force_login(user_with_role(Role.ANALYST))
    response = call(client, method, path)
    assert_problem(response, 403)


def test_changes_need_the_csrf_token(user_with_role, place):
    worker = user_with_role(Role.HUB_WORKER, locality=place[0])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(worker)
    response = post(strict, "/api/v1/requests", intake())
    assert assert_problem(response, 403)["title"] == "CSRF check failed"
    assert not HelpRequest.objects.exists()

    strict.get("/api/v1/openapi.json")  # any page; then take the token from a fresh cookie
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    strict.cookies["csrftoken"] = token
    response = strict.post(
        "/api/v1/requests", data=json.dumps(intake()), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content


# --- Listing requests ---------------------------------------------------------------------------


def test_a_hub_worker_lists_the_requests_of_their_localities(hub_client, place):
    cotmanhay, shirebrook = place
    food = TaxonomyTermFactory(name="Food")
    mine = HelpRequestFactory(locality=cotmanhay, level=2, urgency="urgent", bring_to_huddle=True)
    mine.needs.add(food)
    HelpRequestFactory(locality=cotmanhay, status="triaged", level=3)
    nowhere = HelpRequestFactory(locality=None)
    HelpRequestFactory(locality=shirebrook)

    response = hub_client.get("/api/v1/requests")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    assert body["page"] == 1
    assert body["per_page"] == 25
    assert nowhere.reference in {item["reference"] for item in body["items"]}
    listed = next(item for item in body["items"] if item["reference"] == mine.reference)
    assert listed["locality"] == {"slug": cotmanhay.slug, "name": "Cotmanhay"}
    assert listed["needs"][0]["name"] == "Food"
    assert "person" not in listed  # no personal data in lists
    assert "description" not in listed

    def refs(query):
        return [item["reference"] for item in hub_client.get(f"/api/v1/requests?{query}").json()["items"]]

    assert refs("level=2") == [mine.reference]
    assert refs("urgency=urgent") == [mine.reference]
    assert refs("huddle=true") == [mine.reference]
    assert refs(f"need={food.uuid}") == [mine.reference]
    assert len(refs("status=triaged")) == 1
    assert len(refs(f"locality={cotmanhay.slug}")) == 2
    assert refs(f"locality={shirebrook.slug}") == []
    paged = hub_client.get("/api/v1/requests?per_page=2&page=2").json()
    assert (paged["total"], len(paged["items"]), paged["page"]) == (3, 1, 2)


@pytest.mark.parametrize("query", ["level=7", "status=lost", "page=0", "per_page=1000", "need=not-a-uuid"])
def test_bad_filters_are_problems(hub_client, query):
    assert error_locations(hub_client.get(f"/api/v1/requests?{query}"))


def test_the_request_list_does_not_grow_queries_with_its_length(hub_client, place):
    need = TaxonomyTermFactory()
    for _ in range(3):
        HelpRequestFactory(locality=place[0]).needs.add(need)
    from django.db import connection

    with CaptureQueriesContext(connection) as few:
        hub_client.get("/api/v1/requests")
    for _ in range(10):
        HelpRequestFactory(locality=place[0]).needs.add(need)
    with CaptureQueriesContext(connection) as many:
        assert len(hub_client.get("/api/v1/requests").json()["items"]) == 13
    assert len(many) == len(few)


def test_organisation_staff_see_only_the_requests_referred_to_them(client, user_with_role):
    referral = ReferralFactory(message="Prefers a call after 4pm")
    other = ReferralFactory()
    HelpRequestFactory()
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation)
    client.force_login(staff)
    body = client.get("/api/v1/requests").json()
    assert [item["reference"] for item in body["items"]] == [referral.request.reference]
    detail = client.get(f"/api/v1/requests/{referral.request.reference}").json()
    assert detail["referrals"][0]["id"] == str(referral.uuid)
    assert detail["referrals"][0]["message"] == "Prefers a call after 4pm"
    assert_problem(client.get(f"/api/v1/requests/{other.request.reference}"), 404)


# --- Taking a request ---------------------------------------------------------------------------


def test_staff_take_a_request_once_however_often_it_is_sent(hub_client, place):
    food = TaxonomyTermFactory(name="Food")
    key = str(uuid.uuid4())
    response = post(hub_client, "/api/v1/requests", intake(needs=[str(food.uuid)], submission_key=key))
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["reference"].startswith("TH-")
    assert made["status"] == "new"
    assert made["channel"] == "phone"
    assert made["postcode"] == "DE7 8QA"
    assert made["locality"]["name"] == "Cotmanhay"
    assert made["person"]["name"] == "Ada Example"
    assert [need["name"] for need in made["needs"]] == ["Food"]
    assert made["events"][0]["kind"] == "created"
    request = HelpRequest.objects.get(reference=made["reference"])
    assert request.taken_by == hub_client.user
    consent = Consent.objects.get(person=request.person)
    assert (consent.scope, consent.method) == (Consent.Scope.SHARE, Consent.Method.PHONE)

    again = post(hub_client, "/api/v1/requests", intake(needs=[str(food.uuid)], submission_key=key))
    assert again.status_code == 200
    assert again.json()["reference"] == made["reference"]
    assert HelpRequest.objects.count() == 1
    assert Person.objects.count() == 1


def test_anyone_who_works_with_residents_may_take_a_request(client, user_with_role, place):
    member = user_with_role(Role.TEAM_MEMBER, organisation=Organisation.objects.create(name="Hub", slug="hub"))
    client.force_login(member)
    response = post(client, "/api/v1/requests", intake(postcode="", consent_method=None))
    assert response.status_code == 201, response.content
    request = HelpRequest.objects.get()
    assert request.locality is None
    assert request.taken_by_organisation.name == "Hub"
    assert not Consent.objects.exists()


def test_another_persons_submission_key_is_a_conflict(client, user_with_role, place):
    key = uuid.uuid4()
    HelpRequestFactory(submission_key=key, locality=place[1])
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    response = post(client, "/api/v1/requests", intake(submission_key=str(key)))
    assert assert_problem(response, 409)["title"] == "Submission key already used"


def test_an_unknown_postcode_is_a_field_error_and_nothing_is_saved(hub_client):
    errors = error_locations(post(hub_client, "/api/v1/requests", intake(postcode="DE99 9ZZ")))
    assert "We do not know the postcode DE99 9ZZ" in errors["body.payload.postcode"]
    assert not Person.objects.exists()
    assert not HelpRequest.objects.exists()


def test_every_mistake_is_reported_at_once(hub_client):
    body = intake(
        person={"given_name": " ", "date_of_birth": "1990-02-30", "email": "ada@", "phone": "12345"},
        description="",
        postcode="NOT A POSTCODE",
        needs=[str(uuid.uuid4())],
        contact_method="pigeon",
    )
    errors = error_locations(post(hub_client, "/api/v1/requests", body))
    assert set(errors) >= {
        "body.payload.person.given_name",
        "body.payload.person.date_of_birth",
        "body.payload.person.email",
        "body.payload.person.phone",
        "body.payload.description",
        "body.payload.postcode",
        "body.payload.needs",
        "body.payload.contact_method",
    }
    assert errors["body.payload.person.email"] == "Enter an email address like name@example.com"
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(event__startswith="person.").exists()


@pytest.mark.parametrize(
    ("person", "location"),
    [
        ({"given_name": "A", "date_of_birth": "2999-01-01"}, "body.payload.person.date_of_birth"),
        ({"given_name": "A", "date_of_birth": "2023-13-01"}, "body.payload.person.date_of_birth"),
        ({"given_name": "A", "email": "two@@example.org"}, "body.payload.person.email"),
        ({"given_name": "A", "phone": "+44 12"}, "body.payload.person.phone"),
        ({"given_name": "A", "phone": "call me"}, "body.payload.person.phone"),
        ({"family_name": "No first name"}, "body.payload.person.given_name"),
    ],
)
def test_bad_details_are_caught(hub_client, person, location):
    assert location in error_locations(post(hub_client, "/api/v1/requests", intake(person=person)))


@pytest.mark.parametrize(
    "phone", ["01332 123456", "07700 900123", "+44 7700 900123", "(01332) 123-456", "+33 1 23 45 67 89"]
)
def test_real_phone_numbers_are_accepted(hub_client, phone):
    response = post(hub_client, "/api/v1/requests", intake(person={"given_name": "A", "phone": phone}))
    assert response.status_code == 201, response.content


def test_a_body_that_is_not_json_is_a_problem(hub_client):
    response = hub_client.post("/api/v1/requests", data="{not json", content_type="application/json")
    assert assert_problem(response, 400)["title"] == "Bad request"
    assert not HelpRequest.objects.exists()


# --- Reading one request ------------------------------------------------------------------------


def test_reading_a_request_is_in_the_audit_trail(hub_client, place):
    request = HelpRequestFactory(locality=place[0], person__given_name="Ada", person__family_name="Lovelace")
    RequestEvent.objects.create(request=request, kind="note", text="Called back", actor=hub_client.user,
                                at=request.created_at)
    response = hub_client.get(f"/api/v1/requests/{request.reference.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == {"id": str(request.person.uuid), "name": "Ada Lovelace"}
    assert body["description"] == request.description
    assert body["events"][0]["text"] == "Called back"
    assert body["events"][0]["by"] == hub_client.user.full_name
    entry = AuditEvent.objects.get(event="request.viewed")
    assert (entry.actor, entry.subject, entry.purpose) == (hub_client.user, "Ada Lovelace", "api")
    assert entry.action == AuditEvent.Action.VIEWED


def test_a_request_one_may_not_see_is_not_found(hub_client, place):
    hidden = HelpRequestFactory(locality=place[1])
    body = assert_problem(hub_client.get(f"/api/v1/requests/{hidden.reference}"), 404)
    assert body["title"] == "Not found"
    assert_problem(hub_client.get("/api/v1/requests/TH-NOPE-NOPE"), 404)
    assert not AuditEvent.objects.filter(event="request.viewed").exists()


# --- Triage -------------------------------------------------------------------------------------


def test_triage_places_the_request_on_the_hierarchy_of_help(hub_client, place):
    request = HelpRequestFactory(locality=place[0])
    food = TaxonomyTermFactory(name="Food")
    response = post(hub_client, f"/api/v1/requests/{request.reference}/triage",
                    {"level": 2, "urgency": "soon", "needs": [str(food.uuid)], "note": "Food bank", "version": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["level"], body["urgency"], body["version"]) == ("triaged", 2, "soon", 2)
    assert [need["name"] for need in body["needs"]] == ["Food"]
    assert body["events"][-1]["kind"] == "triaged"
    assert AuditEvent.objects.filter(event="request.triaged", subject=request.person.full_name).exists()


def test_triage_against_an_old_version_is_a_conflict(hub_client, place):
    request = HelpRequestFactory(locality=place[0], version=3)
    response = post(hub_client, f"/api/v1/requests/{request.reference}/triage",
                    {"level": 2, "urgency": "soon", "version": 2})
    assert assert_problem(response, 409)["title"] == "Changed by someone else"
    request.refresh_from_db()
    assert (request.level, request.status) == (None, "new")


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"level": 5, "urgency": "soon", "version": 1}, "body.payload.level"),
        ({"level": 2, "urgency": "whenever", "version": 1}, "body.payload.urgency"),
        ({"level": 2, "urgency": "soon"}, "body.payload.version"),
        ({"level": 2, "urgency": "soon", "version": 1, "needs": [str(uuid.uuid4())]}, "body.payload.needs"),
    ],
)
def test_bad_triage_is_a_problem(hub_client, place, body, location):
    request = HelpRequestFactory(locality=place[0])
    assert location in error_locations(post(hub_client, f"/api/v1/requests/{request.reference}/triage", body))


def test_a_closed_request_cannot_be_triaged(hub_client, place):
    from django.utils import timezone

    request = HelpRequestFactory(locality=place[0], status="closed", outcome="met", closed_at=timezone.now())
    response = post(hub_client, f"/api/v1/requests/{request.reference}/triage",
                    {"level": 2, "urgency": "soon", "version": 1})
    assert "closed" in assert_problem(response, 422)["detail"]


def test_triage_is_for_hub_workers_in_the_requests_locality(client, hub_client, user_with_role, place):
    elsewhere = HelpRequestFactory(locality=place[1])
    response = post(hub_client, f"/api/v1/requests/{elsewhere.reference}/triage",
                    {"level": 2, "urgency": "soon", "version": 1})
    assert_problem(response, 404)
    referral = ReferralFactory()
    staff = Client()
    staff.force_login(user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation))
    response = post(staff, f"/api/v1/requests/{referral.request.reference}/triage",
                    {"level": 2, "urgency": "soon", "version": 1})
    assert_problem(response, 403)


# --- Referrals ----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, user_with_role):
    service = ServiceFactory(name="Food Bank")
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=service.organisation)
    client.force_login(staff)
    client.service = service
    return client


def test_organisation_staff_see_their_referral_queue(staff_client):
    mine = ReferralFactory(service=staff_client.service)
    answered = ReferralFactory(service=staff_client.service, status="accepted")
    ReferralFactory()
    body = staff_client.get("/api/v1/referrals").json()
    assert body["total"] == 2
    item = next(item for item in body["items"] if item["id"] == str(mine.uuid))
    assert item["request"] == mine.request.reference
    assert item["service"]["name"] == "Food Bank"
    assert item["status"] == "awaiting"
    assert item["overdue"] is False
    assert "message" not in item  # no personal data in lists: open the request to read it
    assert [item["id"] for item in staff_client.get("/api/v1/referrals?status=accepted").json()["items"]] == [
        str(answered.uuid)
    ]
    assert error_locations(staff_client.get("/api/v1/referrals?status=maybe"))


def test_accepting_a_referral(staff_client):
    referral = ReferralFactory(service=staff_client.service)
    response = post(staff_client, f"/api/v1/referrals/{referral.uuid}/accept", {"version": 1, "note": "Booked"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("accepted", 2)
    referral.request.refresh_from_db()
    assert referral.request.status == HelpRequest.Status.IN_PROGRESS

    again = post(staff_client, f"/api/v1/referrals/{referral.uuid}/accept", {"version": 1})
    assert_problem(again, 409)
    answered = post(staff_client, f"/api/v1/referrals/{referral.uuid}/decline", {"version": 2, "reason": "other",
                                                                                  "note": "Changed our mind"})
    assert "already been answered" in assert_problem(answered, 422)["detail"]


def test_declining_a_referral_needs_a_reason(staff_client):
    referral = ReferralFactory(service=staff_client.service)
    path = f"/api/v1/referrals/{referral.uuid}/decline"
    assert "body.payload.reason" in error_locations(post(staff_client, path, {"version": 1}))
    assert "body.payload.reason" in error_locations(post(staff_client, path, {"version": 1, "reason": "bored"}))
    assert "Say why" in assert_problem(post(staff_client, path, {"version": 1, "reason": "other"}), 422)["detail"]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING

    response = post(staff_client, path, {"version": 1, "reason": "no_capacity", "note": "Full until May"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["decline_reason"], body["decline_note"]) == ("declined", "no_capacity",
                                                                             "Full until May")
    referral.request.refresh_from_db()
    assert referral.request.status == HelpRequest.Status.TRIAGED  # back to the hub


def test_declining_against_an_old_version_is_a_conflict(staff_client):
    referral = ReferralFactory(service=staff_client.service, version=2)
    response = post(staff_client, f"/api/v1/referrals/{referral.uuid}/decline",
                    {"version": 1, "reason": "no_capacity"})
    assert_problem(response, 409)


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_another_organisations_referral_is_not_found(staff_client, verb):
    """As on the pages: a referral the caller may not answer is one they cannot tell from none."""
    theirs = ReferralFactory()
    response = post(staff_client, f"/api/v1/referrals/{theirs.uuid}/{verb}", {"version": 1, "reason": "other",
                                                                              "note": "x"})
    assert_problem(response, 404)
    theirs.refresh_from_db()
    assert theirs.status == Referral.Status.AWAITING
    assert_problem(post(staff_client, f"/api/v1/referrals/{uuid.uuid4()}/{verb}", {"version": 1,
                                                                                   "reason": "other"}), 404)


def test_hub_workers_do_not_answer_referrals(hub_client):
    referral = ReferralFactory()
    assert_problem(post(hub_client, f"/api/v1/referrals/{referral.uuid}/accept", {"version": 1}), 403)
    assert_problem(hub_client.get("/api/v1/referrals"), 403)


# --- The same scopes as the pages -------------------------------------------------------------


def test_requests_are_fetched_through_the_pages_scope(client, user_with_role, place):
    """A request outside the caller's scope is not found, from the page and from the API alike;
    one inside it opens from both."""
    cotmanhay, shirebrook = place
    worker = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    here, there = HelpRequestFactory(locality=cotmanhay), HelpRequestFactory(locality=shirebrook)
    client.force_login(worker)
    assert client.get(f"/requests/{here.reference}/").status_code == 200
    assert client.get(f"/api/v1/requests/{here.reference}").status_code == 200
    assert client.get(f"/requests/{there.reference}/").status_code == 404
    assert_problem(client.get(f"/api/v1/requests/{there.reference}"), 404)


def test_triage_is_for_the_hub_of_the_requests_locality_in_the_api_too(client, user_with_role, place):
    """A hub worker may open a request they took for someone elsewhere, but not triage it: the
    HelpRequest "work" scope, on the page and in the API."""
    cotmanhay, shirebrook = place
    worker = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    taken = HelpRequestFactory(locality=shirebrook, taken_by=worker)
    client.force_login(worker)
    assert client.get(f"/api/v1/requests/{taken.reference}").status_code == 200
    body = {"level": 2, "urgency": "soon", "version": 1}
    assert_problem(post(client, f"/api/v1/requests/{taken.reference}/triage", body), 404)
    assert client.post(f"/requests/{taken.reference}/triage/", {"triage-version": 1, "triage-level": 2,
                                                                 "triage-urgency": "soon"}).status_code == 404
    taken.refresh_from_db()
    assert (taken.level, taken.version) == (None, 1)


def test_referrals_are_answered_through_the_pages_scope(staff_client):
    ours, theirs = ReferralFactory(service=staff_client.service), ReferralFactory()
    assert staff_client.get(f"/referrals/{theirs.uuid}/").status_code == 404
    assert_problem(post(staff_client, f"/api/v1/referrals/{theirs.uuid}/accept", {"version": 1}), 404)
    assert staff_client.get(f"/referrals/{ours.uuid}/").status_code == 200
    assert post(staff_client, f"/api/v1/referrals/{ours.uuid}/accept", {"version": 1}).status_code == 200


# --- Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "location"),
    [
        ({"given_name": "\u200b\u200b"}, "body.payload.person.given_name"),
        ({"given_name": "\ufeff\u2060"}, "body.payload.person.given_name"),
        ({"given_name": "Ada", "family_name": "\u200b"}, "body.payload.person.family_name"),
    ],
)
def test_a_name_of_only_invisible_characters_is_refused(hub_client, person, location):
    errors = error_locations(post(hub_client, "/api/v1/requests", intake(person=person)))
    assert "using letters" in errors[location]
    assert not Person.objects.exists()
    assert not HelpRequest.objects.exists()


def test_invisible_characters_around_a_name_are_trimmed(hub_client):
    response = post(hub_client, "/api/v1/requests",
                    intake(person={"given_name": "\u200bAda\u200b", "family_name": "\ufeffLovelace"}))
    assert response.status_code == 201, response.content
    assert response.json()["person"]["name"] == "Ada Lovelace"
    assert (Person.objects.get().given_name, Person.objects.get().family_name) == ("Ada", "Lovelace")
