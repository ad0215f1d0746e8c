"""Reminders of asks nobody answered in time (the task and `thriving teams remind-asks`), and the
demo asks."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.teams.demo import asks as demo
from thriving.teams.models import Ask, AskEvent, TeamMember
from thriving.teams.tasks.asks import remind_asks
from thriving.teams.tests.factories import AskFactory, TeamFactory, TeamMemberFactory


@pytest.fixture
def people(user_with_role):
    return {"enabler": user_with_role(Role.ENABLER), "asker": user_with_role(Role.TEAM_MEMBER)}


def _ask(people, **fields) -> Ask:
    return AskFactory(**{"enabler": people["enabler"], "created_by": people["asker"], "team": TeamFactory(
        name="Gamesley Team"), **fields})


def test_an_overdue_ask_reminds_its_enabler_and_the_asker_once(people):
    overdue = _ask(people, due_by=timezone.now() - datetime.timedelta(hours=1))
    _ask(people, due_by=timezone.now() + datetime.timedelta(days=1))  # not due yet
    _ask(people, due_by=timezone.now() - datetime.timedelta(days=2), status=Ask.Status.GRANTED)  # answered
    assert remind_asks.call() == 1
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None
    event = overdue.events.get(kind=AskEvent.Kind.REMINDED)
    assert event.actor is None
    assert AuditEvent.objects.filter(event="ask.reminded", object_id=str(overdue.uuid)).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["enabler"].email, people["asker"].email])
    for message in mail.outbox:
        assert "Gamesley Team" in message.subject or "Gamesley Team" in message.body
        assert f"/asks/{overdue.uuid}/" in message.body
        assert overdue.title not in message.body
        assert people["asker"].full_name not in message.body
    # A second run reminds no one again.
    assert remind_asks.call() == 0
    assert len(mail.outbox) == 2
    assert overdue.events.filter(kind=AskEvent.Kind.REMINDED).count() == 1


def test_an_escalated_ask_is_reminded_again_after_its_new_due_time(people):
    ask = _ask(people, status=Ask.Status.ESCALATED, reminded_at=None,
               due_by=timezone.now() - datetime.timedelta(minutes=5))
    assert remind_asks.call() == 1
    ask.refresh_from_db()
    assert ask.reminded_at is not None


def test_the_command_runs_the_reminders(people):
    _ask(people, due_by=timezone.now() - datetime.timedelta(hours=1))
    out = io.StringIO()
    call_command("teams_remind_asks", "--now", stdout=out)
    assert out.getvalue().strip() == "Reminded 1 ask."
    out = io.StringIO()
    call_command("teams_remind_asks", stdout=out)
    assert out.getvalue().strip() == "Reminded 0 asks."


def test_the_demo_adds_one_ask_of_each_outcome_once(user_with_role):
    out = io.StringIO()
    demo.load(out, 1)
    assert not Ask.objects.exists()  # no teams, nothing to do
    team = TeamFactory(name="Demo Team")
    TeamMemberFactory(team=team, user=user_with_role(Role.TEAM_MEMBER), kind=TeamMember.Kind.MEMBER)
    enabler = user_with_role(Role.ENABLER)
    TeamMemberFactory(team=team, user=enabler, kind=TeamMember.Kind.ENABLER)
    other = user_with_role(Role.ENABLER)
    demo.load(out, 1)
    demo.load(out, 1)
    statuses = sorted(Ask.objects.values_list("status", flat=True))
    assert statuses == sorted([Ask.Status.AWAITING, Ask.Status.GRANTED, Ask.Status.DECLINED, Ask.Status.ESCALATED])
    assert Ask.objects.get(status=Ask.Status.ESCALATED).enabler == other
    assert all(ask.events.exists() for ask in Ask.objects.all())
    assert "Added 4 demo asks to Demo Team." in out.getvalue()
