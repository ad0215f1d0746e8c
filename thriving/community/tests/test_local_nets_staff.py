"""Local Nets for organisers: who may run them, setting one up, sessions (no clashes, ends after it
starts), cancelling, the audited sign-up list, attendance and notes, and what people said
becoming a community idea."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from thriving.community.models import Idea, IdeaSupport, Insight, LocalNet, LocalNetSession
from thriving.community.tests.factories import LocalNetFactory, LocalNetSessionFactory, SessionSignupFactory
from thriving.core.models import AuditEvent, Role
from thriving.directory.tests.factories import LocationFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

ORGANISERS = [Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR]
OTHERS = [Role.ORGANISATION_STAFF, Role.ANALYST, Role.BOARD_MEMBER, Role.AMBASSADOR, Role.DIRECTORY_EDITOR]


@pytest.fixture
def organiser(client, user_with_role):
    user = user_with_role(Role.HUB_WORKER)
    client.force_login(user)
    return user


@pytest.fixture
def local_net():
    hall = LocationFactory(name="Demo Hall", is_space_and_place=True)
    return LocalNetFactory(title="Cotmanhay Local Net", place=hall)


def in_days(days: float, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def session_url(name: str, session) -> str:
    return reverse(f"community:{name}", kwargs={"uuid": session.uuid})


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ORGANISERS + OTHERS)
def test_only_organisers_may_open_the_organisers_pages(client, user_with_role, local_net, role):
    session = LocalNetSessionFactory(local_net=local_net)
    client.force_login(user_with_role(role))
    expected = 200 if role in ORGANISERS else 403
    for address in (reverse("community:local-nets-manage"), reverse("community:local-net-new"),
                    reverse("community:local-net-manage", kwargs={"slug": local_net.slug}),
                    session_url("local-net-session-manage", session), session_url("local-net-signups", session)):
        assert client.get(address).status_code == expected, address


def test_signing_in_is_needed(client, local_net):
    response = client.get(reverse("community:local-nets-manage"))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_an_organiser_in_one_locality_sees_only_its_local_nets(client, user_with_role, local_net):
    elsewhere = LocalNetFactory(title="Elsewhere Net")
    client.force_login(user_with_role(Role.TEAM_MEMBER, locality=local_net.locality))
    response = client.get(reverse("community:local-nets-manage"))
    assert [n.pk for n in response.context["local_nets"]] == [local_net.pk]
    assert client.get(reverse("community:local-net-manage", kwargs={"slug": elsewhere.slug})).status_code == 404


# --- Setting up -------------------------------------------------------------------------------


def test_an_organiser_sets_up_a_local_net(client, organiser):
    locality = LocalityFactory(name="Shirebrook")
    place = LocationFactory(name="Shirebrook Demo Library", is_space_and_place=True)
    team = TeamFactory(locality=locality)
    response = client.post(reverse("community:local-net-new"), {
        "title": "Shirebrook Local Net", "theme": "Food and friendship", "about": "Tea and talk.",
        "locality": locality.slug, "place": str(place.uuid), "team": team.slug, "is_listed": "on"})
    local_net = LocalNet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:local-net-manage", kwargs={"slug": "shirebrook-local-net"})
    assert (local_net.place, local_net.team, local_net.locality, local_net.is_listed) == (place, team, locality, True)


def test_setting_up_reports_every_mistake_at_once(client, organiser):
    team = TeamFactory()
    response = client.post(reverse("community:local-net-new"), {
        "title": "", "theme": "", "locality": LocalityFactory().slug, "place": "not-a-place", "team": team.slug})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "theme", "place", "team"}
    assert not LocalNet.objects.exists()


def test_a_stale_edit_is_refused_keeping_what_was_typed(client, organiser, local_net):
    address = reverse("community:local-net-edit", kwargs={"slug": local_net.slug})
    data = {"version": local_net.version, "title": "New name", "theme": "Gardening",
            "locality": local_net.locality.slug, "is_listed": "on"}
    LocalNet.objects.filter(pk=local_net.pk).update(version=local_net.version + 1)  # someone else saved first
    response = client.post(address, data)
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    assert 'value="New name"' in response.content.decode()
    local_net.refresh_from_db()
    assert local_net.title == "Cotmanhay Local Net"
    data["version"] = local_net.version
    assert client.post(address, data).status_code == 302
    local_net.refresh_from_db()
    assert (local_net.title, local_net.theme) == ("New name", "Gardening")


# --- Sessions ----------------------------------------------------------------------------------


def add(client, local_net, day: datetime.date, starts: str, ends: str, **more):
    return client.post(reverse("community:local-net-session-add", kwargs={"slug": local_net.slug}), {
        "session-day": day.isoformat(), "session-starts": starts, "session-ends": ends, **more})


def test_an_organiser_adds_a_session(client, organiser, local_net):
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = add(client, local_net, day, "10:00", "12:00", **{"session-capacity": "20"})
    session = LocalNetSession.objects.get()
    assert response.status_code == 302
    assert (timezone.localtime(session.starts_at).time(), session.capacity) == (datetime.time(10), 20)
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=2)


def test_a_session_that_ends_before_it_starts_is_refused(client, organiser, local_net):
    response = add(client, local_net, timezone.localdate(), "12:00", "10:00")
    assert response.status_code == 400
    assert "The session must end after it starts" in response.content.decode()
    assert not LocalNetSession.objects.exists()


def test_a_session_that_clashes_with_another_is_refused(client, organiser, local_net):
    existing = LocalNetSessionFactory(local_net=local_net, starts_at=in_days(7, 10), ends_at=in_days(7, 12))
    response = add(client, local_net, timezone.localdate(existing.starts_at), "11:00", "13:00")
    assert response.status_code == 400
    assert "already has a session at that time" in response.content.decode()
    assert LocalNetSession.objects.count() == 1
    # Back to back is fine, and another Local Net may meet at the same time.
    assert add(client, local_net, timezone.localdate(existing.starts_at), "12:00", "13:00").status_code == 302
    other = LocalNetFactory()
    assert add(client, other, timezone.localdate(existing.starts_at), "10:00", "12:00").status_code == 302


def test_cancelling_tells_people_who_gave_an_email(client, organiser, local_net, django_capture_on_commit_callbacks):
    session = LocalNetSessionFactory(local_net=local_net)
    SessionSignupFactory(session=session, email="ada@example.org")
    SessionSignupFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(session_url("local-net-session-cancel", session),
                               {"cancel-version": session.version, "cancel-reason": "The hall flooded"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "The hall flooded" in mail.outbox[0].body
    public = client.get(session_url("local-net-session", session))
    assert "This session has been cancelled" in public.content.decode()


def test_a_stale_cancel_is_a_conflict(client, organiser, local_net):
    session = LocalNetSessionFactory(local_net=local_net)
    response = client.post(session_url("local-net-session-cancel", session),
                           {"cancel-version": session.version - 1 + 5})
    assert response.status_code == 409
    session.refresh_from_db()
    assert session.cancelled_at is None


def test_the_signup_list_is_audited_each_time(client, organiser, local_net):
    session = LocalNetSessionFactory(local_net=local_net)
    SessionSignupFactory(session=session, name="Ada Example", email="ada@example.org", places=2)
    for _ in range(2):
        response = client.get(session_url("local-net-signups", session))
        assert "Ada Example" in response.content.decode()
    events = AuditEvent.objects.filter(event="session_signups.viewed", actor=organiser)
    assert events.count() == 2
    assert events.first().action == AuditEvent.Action.VIEWED


# --- After the session ----------------------------------------------------------------------------


def test_attendance_cannot_be_recorded_before_the_session_starts(client, organiser, local_net):
    session = LocalNetSessionFactory(local_net=local_net)
    response = client.post(session_url("local-net-session-attendance", session), {
        "attendance-version": session.version, "attendance-attendance": "12", "attendance-notes": "Good"})
    assert response.status_code == 400
    assert "once the session has started" in response.content.decode()
    session.refresh_from_db()
    assert session.attendance is None


def test_attendance_and_notes_are_recorded_after_the_session(client, organiser, local_net):
    session = LocalNetSessionFactory(local_net=local_net, starts_at=in_days(-1), ends_at=in_days(-1, 12))
    response = client.post(session_url("local-net-session-attendance", session), {
        "attendance-version": session.version, "attendance-attendance": "14",
        "attendance-notes": "Lots of talk about the park."})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.attendance, session.notes, session.version) == (14, "Lots of talk about the park.", 2)
    stale = client.post(session_url("local-net-session-attendance", session), {
        "attendance-version": "1", "attendance-attendance": "15", "attendance-notes": "Typed again"})
    assert stale.status_code == 409
    assert "Typed again" in stale.content.decode()


def test_what_people_said_becomes_an_idea(client, organiser, local_net):
    session = LocalNetSessionFactory(local_net=local_net, starts_at=in_days(-1), ends_at=in_days(-1, 12))
    assert client.post(session_url("local-net-insight-add", session),
                       {"insight-text": "We want somewhere to fix bikes."}).status_code == 302
    insight = Insight.objects.get()
    address = reverse("community:local-net-insight-idea", kwargs={"uuid": session.uuid, "insight": insight.uuid})
    assert client.post(address, {"idea-title": ""}).status_code == 400
    response = client.post(address, {"idea-title": "Bike repair café"})
    idea = Idea.objects.get()
    assert response["Location"] == reverse("community:idea-manage", kwargs={"uuid": idea.uuid})
    assert (idea.title, idea.description, idea.locality, idea.proposed_by) == (
        "Bike repair café", "We want somewhere to fix bikes.", local_net.locality, organiser)
    assert list(idea.sessions.all()) == [session]
    assert list(idea.log.values_list("kind", flat=True)) == [IdeaSupport.Kind.PROPOSED, IdeaSupport.Kind.LINKED]
    insight.refresh_from_db()
    assert insight.idea == idea
    again = client.post(address, {"idea-title": "Twice"})
    assert again.status_code == 400
    assert "already become an idea" in again.content.decode()
    assert Idea.objects.count() == 1


def test_the_session_page_offers_the_teams_page_for_actions_only_with_a_team(client, organiser, local_net):
    session = LocalNetSessionFactory(local_net=local_net)
    page = client.get(session_url("local-net-session-manage", session)).content.decode()
    assert "no connected team to keep actions" in page
    local_net.team = TeamFactory(locality=local_net.locality, name="Cotmanhay Connected Team")
    local_net.save()
    page = client.get(session_url("local-net-session-manage", session)).content.decode()
    assert "Bring this session to Cotmanhay Connected Team's next huddle" in page.replace("&#x27;", "'")
    assert f'href="{reverse("teams:team", kwargs={"slug": local_net.team.slug})}"' in page
