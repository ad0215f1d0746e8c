"""Actions: my own list across teams (overdue first), closing one as done or dropped with what
happened, and the reminders before and after the due date (the task and its command)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import UserFactory
from thriving.teams.models import Action
from thriving.teams.tasks.actions import remind_actions
from thriving.teams.tests.factories import ActionFactory, TeamFactory, TeamMemberFactory

MY_ACTIONS = reverse("teams:my-actions")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_my_actions_lists_mine_across_teams_overdue_first(client, member):
    one, two = TeamFactory(name="Cotmanhay Team"), TeamFactory(name="Shirebrook Team")
    ActionFactory(team=one, owner=member, title="Due later", due_on=days(10))
    ActionFactory(team=two, owner=member, title="Overdue one", due_on=days(-3))
    ActionFactory(team=one, owner=member, title="Due soon", due_on=days(1))
    ActionFactory(team=one, owner=member, title="Already done", status=Action.Status.DONE, due_on=days(-9))
    ActionFactory(team=one, title="Someone else's", due_on=days(1))
    client.force_login(member)
    body = client.get(MY_ACTIONS).content.decode()
    assert body.index("Overdue one") < body.index("Due soon") < body.index("Due later")
    assert "Shirebrook Team" in body
    assert "Already done" not in body
    assert "Someone else&#x27;s" not in body


def test_signed_out_people_have_no_actions_page(client):
    assert client.get(MY_ACTIONS).status_code in (302, 403)


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_the_owner_marks_an_action_done_or_dropped_with_an_outcome(client, member, status):
    action = ActionFactory(owner=member)
    client.force_login(member)
    response = client.post(reverse("teams:action-close", args=[action.uuid]), {
        f"a{action.uuid.hex}-version": action.version, f"a{action.uuid.hex}-status": status,
        f"a{action.uuid.hex}-outcome": "Rang them; sorted."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == status
    assert action.outcome == "Rang them; sorted."
    assert action.completed_at is not None
    assert AuditEvent.objects.filter(event=f"action.{status}", object_id=str(action.uuid)).exists()


def test_closing_an_action_without_saying_what_happened_reports_every_mistake(client, member):
    action = ActionFactory(owner=member)
    client.force_login(member)
    response = client.post(reverse("teams:action-close", args=[action.uuid]), {f"a{action.uuid.hex}-version": 1})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose done or dropped." in body
    assert "Say what was done, or why it was dropped." in body
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_a_stale_close_answers_409(client, member):
    action = ActionFactory(owner=member, version=3)
    client.force_login(member)
    response = client.post(reverse("teams:action-close", args=[action.uuid]), {
        f"a{action.uuid.hex}-version": 2, f"a{action.uuid.hex}-status": "done",
        f"a{action.uuid.hex}-outcome": "Done it"})
    assert response.status_code == 409
    assert "Done it" in response.content.decode()


def test_a_team_member_may_close_a_colleagues_action_and_an_outsider_may_not(client, member, user_with_role):
    action = ActionFactory()
    TeamMemberFactory(team=action.team, user=member)
    outsider = user_with_role(Role.TEAM_MEMBER)
    prefix = f"a{action.uuid.hex}"
    data = {f"{prefix}-version": 1, f"{prefix}-status": "dropped", f"{prefix}-outcome": "No longer needed"}
    client.force_login(outsider)
    assert client.post(reverse("teams:action-close", args=[action.uuid]), data).status_code == 404
    client.force_login(member)
    response = client.post(reverse("teams:action-close", args=[action.uuid]), {**data, "next": "team"})
    assert response.status_code == 302
    assert response.url == reverse("teams:team", args=[action.team.slug])


def test_owners_are_reminded_once_before_and_once_after_the_due_date(db, django_capture_on_commit_callbacks):
    owner = UserFactory(full_name="Rowan Example")
    soon = ActionFactory(owner=owner, title="Book the hall", due_on=days(2))
    late = ActionFactory(owner=owner, title="Ring the larder", due_on=days(-1))
    ActionFactory(owner=owner, due_on=days(5))
    ActionFactory(owner=owner, due_on=days(-1), status=Action.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions.call() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [f"Due soon: an action for {soon.team.name}", f"Overdue: an action for {late.team.name}"]
    assert all(m.to == [owner.email] for m in mail.outbox)
    assert all("/actions/" in m.body for m in mail.outbox)
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.reminded_before_at is not None
    assert late.reminded_after_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions.call() == 0
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(event="action.reminded").count() == 2


def test_an_action_reminded_before_is_reminded_again_once_overdue(db, django_capture_on_commit_callbacks):
    action = ActionFactory(due_on=days(-1), reminded_before_at=timezone.now() - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions.call() == 1
    assert mail.outbox[0].subject.startswith("Overdue")
    action.refresh_from_db()
    assert action.reminded_after_at is not None


def test_the_command_runs_the_reminders(db):
    ActionFactory(due_on=days(1))
    out = StringIO()
    call_command("teams_remind_actions", "--now", stdout=out)
    assert "Sent 1 action reminder." in out.getvalue()
    out = StringIO()
    call_command("teams_remind_actions", stdout=out)
    assert "Sent 0 action reminders." in out.getvalue()


def test_my_actions_page_reads_a_fixed_number_of_queries(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    ActionFactory(owner=member)
    client.get(MY_ACTIONS)
    with CaptureQueriesContext(connection) as one:
        client.get(MY_ACTIONS)
    for _ in range(5):
        ActionFactory(owner=member)
    with CaptureQueriesContext(connection) as six:
        client.get(MY_ACTIONS)
    assert len(six) == len(one)
