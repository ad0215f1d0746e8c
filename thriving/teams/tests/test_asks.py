"""Asks to enablers through their pages: making one, answering it (grant, decline, pass on),
withdrawing it, who may do each, stale versions, history and the audit trail."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.workdays import add_working_days
from thriving.teams.models import Ask, AskEvent, Huddle, TeamMember
from thriving.teams.tests.factories import AskFactory, HuddleFactory, TeamFactory, TeamMemberFactory

NEW = "/teams/{slug}/asks/new/"


@pytest.fixture
def world(user_with_role):
    team = TeamFactory(name="Cotmanhay Connected Team", slug="cotmanhay")
    member = user_with_role(Role.TEAM_MEMBER)
    enabler = user_with_role(Role.ENABLER)
    other_enabler = user_with_role(Role.ENABLER)
    TeamMemberFactory(team=team, user=member, kind=TeamMember.Kind.MEMBER)
    TeamMemberFactory(team=team, user=enabler, kind=TeamMember.Kind.ENABLER)
    return {"team": team, "member": member, "enabler": enabler, "other_enabler": other_enabler}


def _ask_data(world, **overrides):
    data = {"kind": "permission", "theme": "data_sharing", "title": "Share case notes at the huddle",
            "detail": "So that we can plan help together.", "enabler": str(world["enabler"].uuid), "huddle": ""}
    data.update(overrides)
    return data


def _make(world, **overrides) -> Ask:
    return AskFactory(**{"team": world["team"], "enabler": world["enabler"], "created_by": world["member"],
                         **overrides})


def test_a_member_makes_an_ask_and_the_enabler_is_emailed(client, world, django_capture_on_commit_callbacks):
    huddle = HuddleFactory(team=world["team"], starts_at=timezone.now() - datetime.timedelta(hours=2),
                           status=Huddle.Status.FINISHED)
    client.force_login(world["member"])
    page = client.get(NEW.format(slug="cotmanhay"))
    assert page.status_code == 200
    assert world["enabler"].full_name in page.content.decode()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW.format(slug="cotmanhay"), _ask_data(world, huddle=str(huddle.uuid)))
    ask = Ask.objects.get()
    assert response.status_code == 302
    assert response.url == f"/asks/{ask.uuid}/"
    assert (ask.team, ask.enabler, ask.created_by, ask.huddle) == (world["team"], world["enabler"], world["member"],
                                                                  huddle)
    assert ask.status == Ask.Status.AWAITING
    assert add_working_days(before, 5) <= ask.due_by <= add_working_days(timezone.now(), 5)
    assert list(ask.events.values_list("kind", flat=True)) == [AskEvent.Kind.ASKED]
    assert AuditEvent.objects.filter(event="ask.created", object_id=str(ask.uuid), actor=world["member"]).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world["enabler"].email]
    assert "Cotmanhay Connected Team" in message.subject
    assert f"/asks/{ask.uuid}/" in message.body
    # No one's name, and nothing the team typed, is in the email.
    for private in (world["member"].full_name, world["enabler"].full_name, ask.title, ask.detail):
        assert private not in message.body


def test_every_mistake_in_an_ask_is_shown_at_once_and_nothing_is_saved(client, world):
    client.force_login(world["member"])
    response = client.post(NEW.format(slug="cotmanhay"), {"title": "Kept title", "theme": "nonsense",
                                                           "enabler": str(world["other_enabler"].uuid)})
    assert response.status_code == 400
    body = response.content.decode()
    for message in ("Choose what you are asking for", "Choose a theme", "Say what is needed and why",
                    "Choose one of the team&#x27;s enablers"):
        assert message in body
    assert 'value="Kept title"' in body
    assert "govuk-error-summary" in body
    assert not Ask.objects.exists()
    assert not AuditEvent.objects.filter(event="ask.created").exists()


@pytest.mark.parametrize(("who", "status"), [
    ("member", 200), ("volunteer", 200), ("team_enabler", 404), ("outsider_member", 404), ("former", 404),
    ("coach", 404), ("analyst", 403),
])
def test_only_current_members_of_the_team_may_make_an_ask(client, world, user_with_role, who, status):
    team = world["team"]
    if who == "member":
        user = world["member"]
    elif who == "team_enabler":
        user = world["enabler"]
    elif who == "volunteer":
        user = user_with_role(Role.TEAM_MEMBER)
        TeamMemberFactory(team=team, user=user, kind=TeamMember.Kind.VOLUNTEER)
    elif who == "outsider_member":
        user = user_with_role(Role.TEAM_MEMBER)
        TeamMemberFactory(user=user)
    elif who == "former":
        user = user_with_role(Role.TEAM_MEMBER)
        TeamMemberFactory(team=team, user=user, left_at=timezone.now())
    else:
        user = user_with_role(Role.COACH if who == "coach" else Role.ANALYST)
    client.force_login(user)
    assert client.get(NEW.format(slug="cotmanhay")).status_code == status
    assert client.post(NEW.format(slug="cotmanhay"), _ask_data(world)).status_code == (302 if status == 200 else status)
    assert Ask.objects.exists() == (status == 200)


def test_a_team_without_enablers_is_told_it_cannot_ask(client, world):
    TeamMember.objects.filter(kind=TeamMember.Kind.ENABLER).update(left_at=timezone.now())
    client.force_login(world["member"])
    response = client.get(NEW.format(slug="cotmanhay"))
    assert 'data-testid="no-enablers"' in response.content.decode()
    assert client.post(NEW.format(slug="cotmanhay"), _ask_data(world)).status_code == 400
    assert not Ask.objects.exists()


def test_the_enabler_grants_an_ask_and_the_asker_is_told(client, world, django_capture_on_commit_callbacks):
    ask = _make(world)
    client.force_login(world["enabler"])
    page = client.get(f"/asks/{ask.uuid}/")
    assert "Grant the ask" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/asks/{ask.uuid}/grant/", {"grant-version": ask.version, "grant-note": "Go ahead."})
    assert response.status_code == 302
    ask.refresh_from_db()
    assert (ask.status, ask.answer, ask.answered_by, ask.version) == (Ask.Status.GRANTED, "Go ahead.",
                                                                      world["enabler"], 2)
    assert ask.answered_at is not None
    assert ask.events.get(kind=AskEvent.Kind.GRANTED).actor == world["enabler"]
    assert AuditEvent.objects.filter(event="ask.granted", object_id=str(ask.uuid)).exists()
    assert [m.to for m in mail.outbox] == [[world["member"].email]]
    assert "granted" in mail.outbox[0].subject


def test_declining_needs_a_reason(client, world):
    ask = _make(world)
    client.force_login(world["enabler"])
    response = client.post(f"/asks/{ask.uuid}/decline/", {"decline-version": ask.version, "decline-reason": "   "})
    assert response.status_code == 400
    assert "Say why you are declining the ask" in response.content.decode()
    ask.refresh_from_db()
    assert ask.status == Ask.Status.AWAITING
    response = client.post(f"/asks/{ask.uuid}/decline/", {"decline-version": ask.version,
                                                            "decline-reason": "Not within policy."})
    assert response.status_code == 302
    ask.refresh_from_db()
    assert (ask.status, ask.answer) == (Ask.Status.DECLINED, "Not within policy.")
    assert ask.events.get(kind=AskEvent.Kind.DECLINED).text == "Not within policy."
    assert AuditEvent.objects.filter(event="ask.declined", object_id=str(ask.uuid)).exists()


def test_a_stale_answer_is_refused_with_a_clear_message_keeping_what_was_typed(client, world):
    ask = _make(world)
    client.force_login(world["enabler"])
    stale = ask.version
    Ask.objects.filter(pk=ask.pk).update(version=stale + 1, detail="Changed by the team")
    response = client.post(f"/asks/{ask.uuid}/decline/", {"decline-version": stale,
                                                            "decline-reason": "My careful reason"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this ask" in body
    assert "My careful reason" in body
    assert f'name="decline-version" value="{stale + 1}"' in body  # a second try goes against what is there now
    ask.refresh_from_db()
    assert ask.status == Ask.Status.AWAITING
    assert not ask.events.filter(kind=AskEvent.Kind.DECLINED).exists()


def test_answering_an_ask_already_answered_keeps_what_was_typed(client, world):
    ask = _make(world, status=Ask.Status.GRANTED, answered_at=timezone.now(), version=2)
    client.force_login(world["enabler"])
    response = client.post(f"/asks/{ask.uuid}/decline/", {"decline-version": 1, "decline-reason": "Too late"})
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="unsaved"' in body
    assert "Too late" in body
    ask.refresh_from_db()
    assert ask.status == Ask.Status.GRANTED


@pytest.mark.parametrize("who", ["other_enabler", "member", "outsider"])
def test_only_the_enabler_asked_may_answer(client, world, user_with_role, who):
    ask = _make(world)
    user = user_with_role(Role.ENABLER) if who == "outsider" else world[who]
    client.force_login(user)
    response = client.post(f"/asks/{ask.uuid}/grant/", {"grant-version": ask.version})
    assert response.status_code in (403, 404)
    ask.refresh_from_db()
    assert ask.status == Ask.Status.AWAITING


def test_the_enabler_passes_an_ask_on_and_the_new_enabler_answers(client, world, django_capture_on_commit_callbacks):
    ask = _make(world, reminded_at=timezone.now())
    first, second = world["enabler"], world["other_enabler"]
    client.force_login(first)
    day = (timezone.localdate() + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/asks/{ask.uuid}/escalate/", {
            "escalate-version": ask.version, "escalate-to": str(second.uuid), "escalate-due_on": day.isoformat(),
            "escalate-note": "Needs the director.",
        })
    assert response.status_code == 302
    ask.refresh_from_db()
    assert (ask.status, ask.enabler, ask.escalated_to, ask.reminded_at) == (Ask.Status.ESCALATED, second, second, None)
    assert timezone.localtime(ask.due_by).date() == day
    event = ask.events.get(kind=AskEvent.Kind.ESCALATED)
    assert first.full_name in event.text
    assert second.full_name in event.text
    assert "Needs the director." in event.text
    assert AuditEvent.objects.filter(event="ask.escalated", object_id=str(ask.uuid)).exists()
    assert [m.to for m in mail.outbox] == [[second.email]]
    # The first enabler may no longer answer; the second may.
    assert client.post(f"/asks/{ask.uuid}/grant/", {"grant-version": ask.version}).status_code == 403
    client.force_login(second)
    assert "Grant the ask" in client.get(f"/asks/{ask.uuid}/").content.decode()
    assert client.post(f"/asks/{ask.uuid}/grant/", {"grant-version": ask.version}).status_code == 302
    ask.refresh_from_db()
    assert ask.status == Ask.Status.GRANTED


def test_passing_on_needs_an_enabler_and_a_future_day(client, world, user_with_role):
    ask = _make(world)
    not_an_enabler = user_with_role(Role.TEAM_MEMBER)
    client.force_login(world["enabler"])
    response = client.post(f"/asks/{ask.uuid}/escalate/", {
        "escalate-version": ask.version, "escalate-to": str(not_an_enabler.uuid),
        "escalate-due_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "escalate-note": "Kept note",
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose an enabler from the list" in body
    assert "The answer must be due in the future" in body
    assert "Kept note" in body
    ask.refresh_from_db()
    assert (ask.status, ask.enabler) == (Ask.Status.AWAITING, world["enabler"])


def test_the_team_withdraws_an_awaiting_ask(client, world, user_with_role, django_capture_on_commit_callbacks):
    ask = _make(world)
    outsider = user_with_role(Role.TEAM_MEMBER)
    client.force_login(outsider)
    assert client.post(f"/asks/{ask.uuid}/withdraw/", {"withdraw-version": ask.version}).status_code == 404
    client.force_login(world["member"])
    assert "Withdraw the ask" in client.get(f"/asks/{ask.uuid}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/asks/{ask.uuid}/withdraw/", {"withdraw-version": ask.version,
                                                                 "withdraw-reason": "Sorted locally."})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world["enabler"].email]]
    assert "Sorted locally." not in mail.outbox[0].body
    ask.refresh_from_db()
    assert ask.status == Ask.Status.WITHDRAWN
    assert ask.events.get(kind=AskEvent.Kind.WITHDRAWN).text == "Sorted locally."
    assert AuditEvent.objects.filter(event="ask.withdrawn", object_id=str(ask.uuid)).exists()
    assert client.post(f"/asks/{ask.uuid}/withdraw/", {"withdraw-version": ask.version}).status_code == 400


@pytest.mark.parametrize(("who", "status"), [
    ("member", 200), ("enabler", 200), ("other_enabler", 404), ("outsider", 404),
])
def test_the_team_and_its_enablers_see_its_asks(client, world, user_with_role, who, status):
    ask = _make(world)
    user = user_with_role(Role.TEAM_MEMBER) if who == "outsider" else world[who]
    client.force_login(user)
    assert client.get(f"/asks/{ask.uuid}/").status_code == status
    assert client.get("/teams/cotmanhay/asks/").status_code == status
    if status == 200:
        assert ask.title in client.get("/teams/cotmanhay/asks/").content.decode()


def test_the_history_shows_every_step(client, world):
    ask = _make(world)
    AskEvent.objects.create(ask=ask, kind=AskEvent.Kind.ASKED, actor=world["member"], at=ask.created_at)
    AskEvent.objects.create(ask=ask, kind=AskEvent.Kind.REMINDED, text="Reminded", at=timezone.now())
    client.force_login(world["member"])
    body = client.get(f"/asks/{ask.uuid}/").content.decode()
    history = body[body.index('data-testid="ask-history"'):]
    assert history.index("Asked") < history.index("Reminder sent")
    assert world["member"].full_name in history


def test_the_queue_shows_overdue_first_then_answered_ones(client, world):
    enabler = world["enabler"]
    now = timezone.now()
    later = _make(world, title="Due later", due_by=now + datetime.timedelta(days=3))
    overdue = _make(world, title="Overdue one", due_by=now - datetime.timedelta(days=1))
    _make(world, title="Answered one", status=Ask.Status.GRANTED, answered_by=enabler, answered_at=now)
    _make(world, title="Someone else's", enabler=world["other_enabler"])
    client.force_login(enabler)
    body = client.get("/asks/").content.decode()
    awaiting = body[body.index('data-testid="asks-awaiting"'):body.index('data-testid="asks-answered"')]
    answered = body[body.index('data-testid="asks-answered"'):]
    assert awaiting.index(overdue.title) < awaiting.index(later.title)
    assert "Overdue" in awaiting
    assert "Answered one" in answered
    assert "Answered one" not in awaiting
    assert "Someone else" not in body


@pytest.mark.parametrize(("role", "status"), [(Role.ENABLER, 200), (Role.TEAM_MEMBER, 403), (Role.ANALYST, 403)])
def test_only_enablers_have_a_queue(client, user_with_role, role, status):
    client.force_login(user_with_role(role))
    assert client.get("/asks/").status_code == status


def test_the_queue_makes_the_same_queries_however_many_asks(client, world):
    enabler = world["enabler"]
    client.force_login(enabler)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/asks/").status_code == 200
        return len(captured)

    count()  # the first request of all also sets up the site's settings
    _make(world)
    _make(world, status=Ask.Status.GRANTED, answered_by=enabler, answered_at=timezone.now())
    few = count()
    for n in range(6):
        other_team = TeamFactory()
        AskFactory(team=other_team, enabler=enabler)
        AskFactory(team=other_team, enabler=enabler, status=Ask.Status.DECLINED, answer="No", answered_by=enabler,
                   answered_at=timezone.now() - datetime.timedelta(hours=n))
    many = count()
    assert many == few, many
