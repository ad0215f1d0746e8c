"""The coaching API: plans, goals with their wordings, sessions and ratings, read through the same
scopes as the pages; problem details on every error; every read of personal data audited."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thriving.coaching.models import CoachingConsent, GoalWording, Measure
from thriving.coaching.tests.factories import (
    CoachingConsentFactory,
    CoachingRelationshipFactory,
    CoachingSessionFactory,
    GoalFactory,
    RatingFactory,
)
from thriving.core.models import AuditEvent, Role
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
BASE = "/api/v1/coaching/relationships"


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == status
    return response.json()


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def worked(relationship, family):
    """The Marsh family's coaching with a goal reworded once, its ratings and a session."""
    _, (dana, lee, _) = family
    goal = GoalFactory(relationship=relationship, person=dana, words="Get Kai to school on time")
    GoalWording.objects.create(goal=goal, words="Get Kai to school on time every day", reason="Dana's words",
                               at=timezone.now())
    RatingFactory(goal=goal, value=2, person=dana)
    RatingFactory(goal=goal, value=6, person=dana, occasion="review",
                  rated_on=relationship.started_on + datetime.timedelta(weeks=6))
    RatingFactory(relationship=relationship, measure=Measure.objects.get(key="ons4-anxiety"), person=lee, value=7)
    CoachingSessionFactory(relationship=relationship, notes="Talked about the mornings.")
    return goal


def test_a_coach_lists_the_relationships_they_coach_without_names(coach_client, relationship, shirebrook):
    CoachingRelationshipFactory(locality=shirebrook)  # someone else's

    response = coach_client.get(BASE)

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert [item["id"] for item in body["items"]] == [str(relationship.uuid)]
    assert "Marsh" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(event="coaching.relationships.listed").count() == 1


def test_the_list_is_paged_and_a_page_past_the_end_is_not_found(coach_client, relationship, coach):
    for _ in range(3):
        CoachingRelationshipFactory(locality=relationship.locality, organisation=relationship.organisation, lead=coach)
    assert coach_client.get(BASE, {"per_page": 2}).json()["total"] == 4
    assert len(coach_client.get(BASE, {"per_page": 2, "page": 2}).json()["items"]) == 2
    assert_problem(coach_client.get(BASE, {"per_page": 2, "page": 3}), 404)
    assert_problem(coach_client.get(BASE, {"status": "asleep"}), 422)


def test_the_list_does_not_grow_queries_with_its_length(coach_client, relationship, coach):
    with CaptureQueriesContext(connection) as one:
        coach_client.get(BASE)
    for _ in range(5):
        CoachingRelationshipFactory(locality=relationship.locality, organisation=relationship.organisation, lead=coach)
    with CaptureQueriesContext(connection) as six:
        assert len(coach_client.get(BASE).json()["items"]) == 6
    assert len(six) == len(one)


def test_one_relationship_with_who_coaches_and_the_consent_audited(coach_client, relationship, coach):
    response = coach_client.get(f"{BASE}/{relationship.uuid}")

    assert response.status_code == 200
    body = response.json()
    assert body["person"]["name"] == "Dana Marsh"
    assert sorted(member["name"] for member in body["members"]) == ["Dana Marsh", "Kai Marsh", "Lee Marsh"]
    assert body["coaches"][0]["is_lead"] is True
    assert body["consents"][0]["scope"] == "coaching"
    event = AuditEvent.objects.get(event="coaching.relationship.viewed")
    assert event.actor == coach
    assert event.subject == "Dana Marsh (family)"
    assert event.action == AuditEvent.Action.VIEWED


def test_goals_with_every_wording(coach_client, relationship, worked):
    body = coach_client.get(f"{BASE}/{relationship.uuid}/goals").json()

    assert body["items"][0]["words"] == "Get Kai to school on time"
    assert [w["words"] for w in body["items"][0]["wordings"]] == [
        "Get Kai to school on time", "Get Kai to school on time every day"]
    assert AuditEvent.objects.filter(event="coaching.goals.viewed").exists()


def test_ratings_and_one_measure_of_them(coach_client, relationship, worked):
    everything = coach_client.get(f"{BASE}/{relationship.uuid}/ratings").json()["items"]
    anxiety = coach_client.get(f"{BASE}/{relationship.uuid}/ratings", {"measure": "ons4-anxiety"}).json()["items"]

    assert [(r["measure"], r["value"], r["occasion"]) for r in everything] == [
        ("gbo", 2, "start"), ("ons4-anxiety", 7, "start"), ("gbo", 6, "review")]
    assert everything[0]["goal"] == str(worked.uuid)
    assert [r["higher_is_better"] for r in anxiety] == [False]
    assert AuditEvent.objects.filter(event="coaching.ratings.viewed").count() == 2


def test_an_unknown_measure_is_a_bad_request(coach_client, relationship):
    body = assert_problem(coach_client.get(f"{BASE}/{relationship.uuid}/ratings", {"measure": "happiness-index"}), 400)
    assert "happiness-index" in body["detail"]
    assert not AuditEvent.objects.filter(event="coaching.ratings.viewed").exists()


def test_sessions_with_their_notes_for_the_coach(coach_client, relationship, worked):
    body = coach_client.get(f"{BASE}/{relationship.uuid}/sessions").json()
    assert [s["notes"] for s in body["items"]] == ["Talked about the mornings."]
    assert AuditEvent.objects.filter(event="coaching.sessions.viewed").exists()


def test_consent_to_share_progress_shows_goals_and_ratings_never_sessions(client, user_with_role, relationship,
                                                                          worked, shirebrook):
    team = TeamFactory(locality=shirebrook)
    relationship.team = team
    relationship.save()
    member = user_with_role(Role.TEAM_MEMBER, locality=shirebrook)
    TeamMemberFactory(team=team, user=member)
    client.force_login(member)

    assert_problem(client.get(f"{BASE}/{relationship.uuid}/goals"), 404)  # no consent yet
    CoachingConsentFactory(relationship=relationship, scope=CoachingConsent.Scope.SHARE_TEAM)

    assert client.get(f"{BASE}/{relationship.uuid}/goals").status_code == 200
    assert client.get(f"{BASE}/{relationship.uuid}/ratings").status_code == 200
    body = assert_problem(client.get(f"{BASE}/{relationship.uuid}/sessions"), 403)
    assert "not its sessions" in body["detail"]
    assert "mornings" not in str(body)


def test_a_coach_of_another_organisation_finds_nothing(client, user_with_role, relationship, worked, shirebrook):
    client.force_login(user_with_role(Role.COACH, locality=shirebrook))
    assert client.get(BASE).json()["total"] == 0
    for tail in ("", "/goals", "/sessions", "/ratings"):
        assert_problem(client.get(f"{BASE}/{relationship.uuid}{tail}"), 404)
    assert not AuditEvent.objects.filter(event__startswith="coaching.", action=AuditEvent.Action.VIEWED,
                                         object_id=str(relationship.uuid)).exists()


def test_the_team_lead_reads_what_their_cover_holds(client, team_lead, relationship, worked):
    client.force_login(team_lead)
    assert client.get(f"{BASE}/{relationship.uuid}/sessions").status_code == 200


def test_not_signed_in_is_401_and_a_bad_id_422(client, relationship):
    assert_problem(client.get(BASE), 401)
    assert_problem(client.get(f"{BASE}/{relationship.uuid}"), 401)


def test_a_bad_id_is_invalid(coach_client):
    assert_problem(coach_client.get(f"{BASE}/not-a-uuid"), 422)


def test_the_schema_describes_the_coaching_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    sessions = schema["paths"]["/api/v1/coaching/relationships/{relationship_id}/sessions"]["get"]
    ratings = schema["paths"]["/api/v1/coaching/relationships/{relationship_id}/ratings"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(sessions["responses"])
    assert "400" in ratings["responses"]
    assert sessions["responses"]["403"]["content"][PROBLEM]
    assert "/api/v1/coaching/relationships" in schema["paths"]
