"""A coaching relationship's pages once it has started: the overview (whole, or progress only for
those the person's consent covers), consent, its coaches, handing the lead over (409 on a stale
handover), and ending it (refused twice); scopes (404 elsewhere) and the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.coaching.models import Coach, CoachingConsent, CoachingRelationship, Handover
from thriving.coaching.tests.factories import CoachFactory, CoachingConsentFactory, GoalFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def url(name, relationship):
    return reverse(f"coaching:{name}", args=[relationship.uuid])


@pytest.fixture
def other_coach(user_with_role, shirebrook):
    """A coach of a partner organisation in Shirebrook."""
    return user_with_role(Role.COACH, organisation=OrganisationFactory(name="Shirebrook Youth Trust"),
                          locality=shirebrook)


# --- The overview -----------------------------------------------------------------------------


def test_the_overview_shows_the_coaching_its_goals_and_when_the_review_is_due(client, relationship, coach, family):
    dana = family[1][0]
    GoalFactory(relationship=relationship, person=dana, words="Walk Kai to school every day")
    GoalFactory(relationship=relationship, person=dana, words="Find a job", status="waiting")
    GoalFactory(relationship=relationship, person=dana, words="Stop smoking", status="met")
    relationship.last_session_on = timezone.localdate() - datetime.timedelta(days=3)
    relationship.save()
    client.force_login(coach)
    response = client.get(url("relationship", relationship))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Walk Kai to school every day" in body
    assert "Find a job" in body
    assert "Stop smoking" not in body  # met goals are on the goals page
    due = relationship.started_on + datetime.timedelta(weeks=6)
    assert f"{due:%-d %B %Y}" in body
    assert "Overdue" in body  # begun eight weeks ago, reviewed every six, never reviewed
    assert f"{relationship.last_session_on:%-d %B %Y}" in body
    for name in ("Dana Marsh", "Lee Marsh (partner)", "Kai Marsh (son)"):
        assert name in body
    assert 'data-testid="consents"' in body
    assert AuditEvent.objects.filter(event="coaching.viewed", actor=coach, subject="Dana Marsh (family)",
                                     action="viewed", purpose="coaching").count() == 1


def test_a_team_member_with_consent_sees_progress_only_until_it_is_withdrawn(
    client, relationship, coach, user_with_role, shirebrook
):
    team = TeamFactory(locality=shirebrook)
    relationship.team = team
    relationship.route_note = "Private: discussed at the huddle"
    relationship.save()
    member = user_with_role(Role.TEAM_MEMBER, locality=shirebrook)
    TeamMemberFactory(team=team, user=member)
    GoalFactory(relationship=relationship, words="Get back to the allotment")
    client.force_login(member)
    assert client.get(url("relationship", relationship)).status_code == 404
    consent = CoachingConsentFactory(relationship=relationship, scope=CoachingConsent.Scope.SHARE_TEAM)
    body = client.get(url("relationship", relationship)).content.decode()
    assert "Get back to the allotment" in body
    assert 'data-testid="progress-only"' in body
    for private in ("Private: discussed", 'data-testid="consents"', 'data-testid="last-session"'):
        assert private not in body
    assert AuditEvent.objects.filter(event="coaching.progress_viewed", actor=member).exists()
    for page in ("consent", "coaches", "transfer", "end"):
        assert client.get(url(page, relationship)).status_code in (403, 404)
    # Dana withdraws it: the team loses its view at once.
    client.force_login(coach)
    response = client.post(url("consent", relationship), {"withdraw": "1", "consent": str(consent.uuid)})
    assert response.status_code == 302
    client.force_login(member)
    assert client.get(url("relationship", relationship)).status_code == 404


def test_a_coach_of_another_organisation_sees_nothing(client, relationship, user_with_role, shirebrook):
    stranger = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    lead_elsewhere = user_with_role(Role.COACH_LEAD, organisation=OrganisationFactory(), locality=shirebrook)
    for outsider in (stranger, lead_elsewhere):
        client.force_login(outsider)
        for page in ("relationship", "consent", "coaches", "transfer", "end"):
            assert client.get(url(page, relationship)).status_code == 404, page
        assert client.post(url("end", relationship), {"version": relationship.version, "reason": "stopped"}
                           ).status_code == 404
    relationship.refresh_from_db()
    assert relationship.status == "active"


# --- Consent ----------------------------------------------------------------------------------


def test_withdrawing_consent_to_coaching_is_shown_prominently_and_ends_nothing(client, relationship, coach, family):
    client.force_login(coach)
    consent = relationship.consents.get(scope="coaching")
    response = client.post(url("consent", relationship), {"withdraw": "1", "consent": str(consent.uuid)})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == coach
    relationship.refresh_from_db()
    assert relationship.status == "active"
    body = client.get(url("relationship", relationship)).content.decode()
    assert 'data-testid="consent-withdrawn"' in body
    again = client.post(url("consent", relationship), {"withdraw": "1", "consent": str(consent.uuid)})
    assert again.status_code == 400
    assert "withdrawn already" in again.content.decode()
    # Given again: recorded, and the warning goes.
    dana = family[1][0]
    response = client.post(url("consent", relationship), {
        "record": "1", "scope": "coaching", "consent_method": "phone", "consent_statement": "I agree again.",
        "consent_by": str(dana.uuid)})
    assert response.status_code == 302
    assert 'data-testid="consent-withdrawn"' not in client.get(url("relationship", relationship)).content.decode()
    assert AuditEvent.objects.filter(event="coaching.consent_withdrawn").exists()
    assert AuditEvent.objects.filter(event="coaching.consent_recorded").exists()


def test_recording_consent_checks_what_was_given(client, relationship, coach, family):
    dana = family[1][0]
    client.force_login(coach)
    base = {"record": "1", "scope": "coaching", "consent_method": "phone", "consent_statement": "I agree.",
            "consent_by": str(dana.uuid)}
    given_twice = client.post(url("consent", relationship), base)
    assert given_twice.status_code == 400
    assert "has given this consent already" in given_twice.content.decode()
    no_team = client.post(url("consent", relationship), {**base, "scope": "share_team"})
    assert no_team.status_code == 400  # not a choice: the coaching has no team
    empty = client.post(url("consent", relationship), {**base, "consent_statement": ""})
    assert empty.status_code == 400
    assert "Enter the words the person agreed to" in empty.content.decode()
    assert relationship.consents.count() == 1


# --- Coaches ----------------------------------------------------------------------------------


def test_the_lead_adds_a_coach_from_another_organisation_and_ends_their_part(
    client, relationship, coach, other_coach
):
    client.force_login(coach)
    assert client.get(url("coaches", relationship)).status_code == 200
    response = client.post(url("coaches", relationship), {"add": "1", "coach": str(other_coach.uuid)})
    assert response.status_code == 302
    added = Coach.objects.get(relationship=relationship, user=other_coach)
    assert (added.is_lead, added.organisation.name) == (False, "Shirebrook Youth Trust")
    # The partner coach sees the coaching now, and may not manage it.
    client.force_login(other_coach)
    assert client.get(url("relationship", relationship)).status_code == 200
    assert client.get(url("coaches", relationship)).status_code == 404
    client.force_login(coach)
    response = client.post(url("coaches", relationship), {"end": "1", "coach": str(other_coach.uuid)})
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.ended_on == timezone.localdate()
    client.force_login(other_coach)
    assert client.get(url("relationship", relationship)).status_code == 404


def test_an_ineligible_coach_and_ending_the_leads_part_are_refused(client, relationship, coach, user_with_role):
    away = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=LocalityFactory())
    client.force_login(coach)
    response = client.post(url("coaches", relationship), {"add": "1", "coach": str(away.uuid)})
    assert response.status_code == 400
    assert "Choose a coach from the list" in response.content.decode()  # not offered
    response = client.post(url("coaches", relationship), {"end": "1", "coach": str(coach.uuid)})
    assert response.status_code == 400
    assert "hand the lead to another coach first" in response.content.decode()
    assert relationship.coaches.filter(ended_on__isnull=True).count() == 1


def test_the_service_refuses_a_coach_from_outside_the_locality_and_team(relationship, coach, user_with_role):
    from thriving.coaching.services import relationships as services
    from thriving.coaching.services.common import CoachingRefused

    away = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=LocalityFactory())
    with pytest.raises(CoachingRefused, match="a coach who is not in the person's locality or team"):
        services.add_coach(acting_user=coach, relationship=relationship, user=away)


# --- Handing the lead over --------------------------------------------------------------------


def test_the_team_lead_hands_the_lead_over_with_a_note(client, relationship, coach, team_lead, other_coach):
    client.force_login(team_lead)
    assert client.get(url("transfer", relationship)).status_code == 200
    response = client.post(url("transfer", relationship), {
        "version": relationship.version, "to_user": str(other_coach.uuid), "note": "Dana prefers mornings."})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.organisation.name == "Shirebrook Youth Trust"
    handover = Handover.objects.get()
    assert (handover.from_user, handover.to_user, handover.note, handover.by) == (
        coach, other_coach, "Dana prefers mornings.", team_lead)
    assert list(relationship.coaches.filter(ended_on__isnull=True).values_list("user", "is_lead")) == [
        (other_coach.pk, True)]
    assert AuditEvent.objects.filter(event="coaching.handed_over", actor=team_lead).exists()


def test_the_old_lead_may_stay_on_as_a_coach(client, relationship, coach, other_coach):
    client.force_login(coach)
    response = client.post(url("transfer", relationship), {
        "version": relationship.version, "to_user": str(other_coach.uuid), "note": "Over to you.", "keep_old": "on"})
    assert response.status_code == 302
    assert set(relationship.coaches.filter(ended_on__isnull=True).values_list("user", "is_lead")) == {
        (coach.pk, False), (other_coach.pk, True)}
    # No longer the lead: the old lead may not hand it over again.
    assert client.get(url("transfer", relationship)).status_code == 404


def test_two_handovers_at_once_one_wins_and_the_other_gets_409_with_what_they_typed(
    client, relationship, coach, team_lead, other_coach, user_with_role, shirebrook, coaching_org
):
    third = user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)
    version = relationship.version
    client.force_login(coach)  # the lead coach, and the team lead on another phone, from the same page
    first = client.post(url("transfer", relationship), {"version": version, "to_user": str(third.uuid),
                                                        "note": "First"})
    assert first.status_code == 302
    client.force_login(team_lead)
    second = client.post(url("transfer", relationship), {"version": version, "to_user": str(other_coach.uuid),
                                                         "note": "Kai has exams in May"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Kai has exams in May" in body
    assert "Someone else handed this coaching over" in body
    assert Handover.objects.count() == 1
    assert relationship.coaches.get(is_lead=True, ended_on__isnull=True).user == third


def test_a_handover_needs_a_note_and_an_eligible_coach(client, relationship, coach, user_with_role):
    client.force_login(coach)
    response = client.post(url("transfer", relationship), {"version": relationship.version, "to_user": "",
                                                           "note": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write a handover note" in body
    assert "Choose a coach." in body
    assert not Handover.objects.exists()


# --- Ending -----------------------------------------------------------------------------------


def test_the_lead_ends_the_coaching_and_ending_it_twice_is_refused(
    client, relationship, coach, team_lead, other_coach
):
    CoachFactory(relationship=relationship, user=other_coach)
    client.force_login(coach)
    assert client.get(url("end", relationship)).status_code == 200
    response = client.post(url("end", relationship), {"version": relationship.version, "reason": "goals_met",
                                                      "note": "Dana is back at work."})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert (relationship.status, relationship.end_reason, relationship.end_note, relationship.ended_by) == (
        "ended", "goals_met", "Dana is back at work.", coach)
    assert relationship.ended_on == timezone.localdate()
    assert not relationship.coaches.filter(ended_on__isnull=True).exists()
    assert AuditEvent.objects.filter(event="coaching.ended", actor=coach).exists()
    # The team lead, who still sees it, cannot end it again.
    client.force_login(team_lead)
    again = client.post(url("end", relationship), {"version": relationship.version, "reason": "stopped"})
    assert again.status_code == 400
    assert "This coaching ended already" in again.content.decode()
    stale = client.post(url("end", relationship), {"version": relationship.version - 1, "reason": "stopped"})
    assert stale.status_code == 400
    relationship.refresh_from_db()
    assert relationship.end_reason == "goals_met"
    assert "ended on" in client.get(url("relationship", relationship)).content.decode()


def test_ending_needs_a_reason_and_a_stale_ending_is_a_conflict(client, relationship, team_lead):
    client.force_login(team_lead)
    no_reason = client.post(url("end", relationship), {"version": relationship.version, "reason": ""})
    assert no_reason.status_code == 400
    assert "Choose why the coaching is ending" in no_reason.content.decode()
    stale = client.post(url("end", relationship), {"version": relationship.version + 1, "reason": "moved_away",
                                                   "note": "Moved to Leeds"})
    assert stale.status_code == 409
    assert "Moved to Leeds" in stale.content.decode()
    relationship.refresh_from_db()
    assert relationship.status == CoachingRelationship.Status.ACTIVE
