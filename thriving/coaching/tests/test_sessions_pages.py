"""The sessions of a coaching, one session, and marking next steps done or open again: who sees
them (its coaches and team leads, not those who see progress only, not another organisation's
coach), the audit trail, the order, paging, the query count, and 409 on a stale version."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thriving.coaching.models import CoachingConsent, NextStep
from thriving.coaching.tests.factories import CoachingConsentFactory, CoachingSessionFactory, NextStepFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def list_url(relationship) -> str:
    return reverse("coaching:sessions", kwargs={"uuid": relationship.uuid})


def session_url(session) -> str:
    return reverse("coaching:session", kwargs={"uuid": session.relationship.uuid, "session_uuid": session.uuid})


def done_url(step) -> str:
    return reverse("coaching:next-step-done", kwargs={"uuid": step.relationship.uuid, "step_uuid": step.uuid})


def a_session(relationship, held_on, notes="Talked about the week.", people=()):
    session = CoachingSessionFactory(relationship=relationship, held_on=held_on, notes=notes)
    session.people.set(people or [relationship.person])
    return session


def test_the_sessions_newest_first_with_next_steps_open_ones_first(client, relationship, coach, team_lead, family):
    dana, lee, _ = family[1]
    older = a_session(relationship, days(-20), notes="The first meeting.")
    newer = a_session(relationship, days(-3), notes="Talked about the school run.")
    done = NextStepFactory(relationship=relationship, session=older, text="Register with the GP", due_on=days(-10),
                           done_on=days(-12))
    late = NextStepFactory(relationship=relationship, session=older, text="Ring the council", due_on=days(-1))
    soon = NextStepFactory(relationship=relationship, session=newer, text="Visit the library", due_on=days(4),
                           owner_person=None, owner_user=coach)
    for user in (coach, team_lead):
        client.force_login(user)
        response = client.get(list_url(relationship))
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        page = response.content.decode()
        assert page.index("Talked about the school run.") < page.index("The first meeting.")
        assert page.index(late.text) < page.index(soon.text) < page.index(done.text)
        assert 'aria-current="page">Sessions' in page
    assert AuditEvent.objects.filter(event="coaching.sessions_viewed", action=AuditEvent.Action.VIEWED,
                                     subject="Dana Marsh (family)", purpose="coaching").count() == 2
    # The team lead sees them but is not a coach in it: no buttons to change anything.
    assert "Record a session" not in page
    assert "Mark done" not in page


def test_one_session_shows_who_was_there_and_its_steps_and_is_audited(client, relationship, coach, family):
    dana, lee, _ = family[1]
    session = a_session(relationship, days(-2), notes="Lee came too.", people=[dana, lee])
    session.coaches.set([coach])
    NextStepFactory(relationship=relationship, session=session, text="Book the GP", due_on=days(-1),
                    done_on=days(-1))
    NextStepFactory(relationship=relationship, session=session, text="Ring the school", owner_person=lee)
    client.force_login(coach)
    response = client.get(session_url(session))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Ring the school") < page.index("Book the GP")  # open ones first
    for words in ("Lee came too.", "Dana Marsh", "Lee Marsh", "Ring the school", "Mark done"):
        assert words in page
    event = AuditEvent.objects.get(event="coaching.session_viewed")
    assert event.object_id == str(session.uuid)
    assert event.subject == "Dana Marsh (family)"


def test_a_coach_of_another_organisation_and_others_get_404(client, relationship, user_with_role, shirebrook):
    session = a_session(relationship, days(-2))
    step = NextStepFactory(relationship=relationship, session=session)
    outsiders = [user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook),
                 user_with_role(Role.COACH_LEAD, organisation=OrganisationFactory(), locality=shirebrook),
                 user_with_role(Role.HUB_WORKER, locality=shirebrook)]
    for user in outsiders:
        client.force_login(user)
        assert client.get(list_url(relationship)).status_code == 404
        assert client.get(session_url(session)).status_code == 404
        assert client.post(done_url(step), {"version": step.version, "done": "yes"}).status_code in (403, 404)
    step.refresh_from_db()
    assert step.done_on is None


def test_a_team_member_with_consent_to_share_progress_does_not_see_the_sessions(
    client, relationship, user_with_role, shirebrook
):
    team = TeamFactory(locality=shirebrook)
    relationship.team = team
    relationship.save()
    member = user_with_role(Role.TEAM_MEMBER, locality=shirebrook)
    TeamMemberFactory(team=team, user=member)
    CoachingConsentFactory(relationship=relationship, scope=CoachingConsent.Scope.SHARE_TEAM)
    session = a_session(relationship, days(-2))
    from thriving.coaching.models import CoachingRelationship

    assert CoachingRelationship.objects.visible_to(member, "view_progress").filter(pk=relationship.pk).exists()
    client.force_login(member)
    assert client.get(list_url(relationship)).status_code == 404
    assert client.get(session_url(session)).status_code == 404


def test_another_coachings_session_is_not_found_under_this_one(client, relationship, coach):
    from thriving.coaching.tests.factories import CoachingRelationshipFactory

    elsewhere = a_session(CoachingRelationshipFactory(lead=coach), days(-1))
    client.force_login(coach)
    url = reverse("coaching:session", kwargs={"uuid": relationship.uuid, "session_uuid": elsewhere.uuid})
    assert client.get(url).status_code == 404


def test_the_list_pages_and_reads_a_fixed_number_of_queries(client, relationship, coach, family):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url(relationship)).status_code == 200
        return len(queries)

    client.force_login(coach)
    first = a_session(relationship, days(-50))
    NextStepFactory(relationship=relationship, session=first)
    client.get(list_url(relationship))  # the session's first page settles what it caches
    few = count()
    for n in range(30):
        session = a_session(relationship, days(-n - 1), people=family[1])
        NextStepFactory(relationship=relationship, session=session, owner_person=None, owner_user=coach)
    many = count()
    assert many == few
    assert many <= 16
    page = client.get(list_url(relationship)).content.decode()
    assert page.count('data-testid="session"') == 20
    assert "Showing 1 to 20 of 31" in page
    last = client.get(list_url(relationship), {"page": 99}).content.decode()
    assert last.count('data-testid="session"') == 11


def test_marking_a_step_done_and_open_again(client, relationship, coach, family):
    session = a_session(relationship, days(-2))
    step = NextStepFactory(relationship=relationship, session=session)
    client.force_login(coach)
    response = client.post(done_url(step), {"version": step.version, "done": "yes", "next": "session"})
    assert response.status_code == 302
    assert response.url == session_url(session)
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    response = client.post(done_url(step), {"version": step.version, "done": "no"})
    assert response.url == list_url(relationship)
    step.refresh_from_db()
    assert step.done_on is None
    assert list(AuditEvent.objects.filter(event__startswith="coaching.next_step").values_list("event", flat=True)
                .order_by("pk")) == ["coaching.next_step_done", "coaching.next_step_reopened"]


def test_a_stale_version_answers_409_and_changes_nothing(client, relationship, coach):
    step = NextStepFactory(relationship=relationship)
    read = step.version
    client.force_login(coach)
    assert client.post(done_url(step), {"version": read, "done": "yes"}).status_code == 302
    response = client.post(done_url(step), {"version": read, "done": "no", "next": "session"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on is not None


@pytest.mark.parametrize("sent", [{}, {"version": "x", "done": "yes"}, {"version": 1, "done": "maybe"}])
def test_a_bad_done_form_is_refused(client, relationship, coach, sent):
    step = NextStepFactory(relationship=relationship)
    client.force_login(coach)
    assert client.post(done_url(step), sent).status_code == 400
    assert not NextStep.objects.filter(done_on__isnull=False).exists()


def test_marking_done_is_a_post_and_for_the_coaches_only(client, relationship, coach, team_lead):
    step = NextStepFactory(relationship=relationship)
    client.force_login(coach)
    assert client.get(done_url(step)).status_code == 405
    client.force_login(team_lead)  # sees the coaching, does not coach in it
    assert client.post(done_url(step), {"version": step.version, "done": "yes"}).status_code == 404
