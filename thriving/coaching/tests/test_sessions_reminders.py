"""Reminders of next steps due tomorrow or overdue, run through `thriving coaching remind-next-steps`
(the command queues the task, which the tests' immediate backend runs): the coach who owns one is
emailed; for one a person owns, the lead coach; the person never; each step once."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from thriving.coaching.tests.factories import CoachFactory, CoachingSessionFactory, NextStepFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def run(capture) -> str:  # noqa: ANN001
    out = StringIO()
    with capture(execute=True):
        call_command("coaching_remind_next_steps", stdout=out)
    return out.getvalue().strip()


def test_coaches_are_reminded_once_of_steps_due_tomorrow_or_overdue(
    relationship, coach, family, user_with_role, shirebrook, django_capture_on_commit_callbacks
):
    dana = family[1][0]
    dana.email = "dana@example.org"
    dana.save()
    partner = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    CoachFactory(relationship=relationship, user=partner)
    session = CoachingSessionFactory(relationship=relationship)
    tomorrow = NextStepFactory(relationship=relationship, session=session, owner_person=None, owner_user=partner,
                               due_on=days(1), text="Find the debt advice number")
    overdue = NextStepFactory(relationship=relationship, session=session, owner_person=dana, due_on=days(-3),
                              text="Ring the school")
    NextStepFactory(relationship=relationship, owner_person=dana, due_on=days(2))  # not yet
    NextStepFactory(relationship=relationship, owner_person=dana, due_on=days(-1), done_on=days(-2))  # done
    assert run(django_capture_on_commit_callbacks) == "Reminded 2 next steps."
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {partner.email, coach.email}  # never Dana
    assert by_recipient[partner.email].subject == "Due soon: a next step from coaching"
    assert "is due tomorrow" in by_recipient[partner.email].body
    assert by_recipient[coach.email].subject == "Overdue: a next step to remind someone of"
    assert "one of the people you coach" in by_recipient[coach.email].body
    for message in mail.outbox:
        assert f"/coaching/{relationship.uuid}/sessions/{session.uuid}/" in message.body
        for private in ("Dana", "Marsh", tomorrow.text, overdue.text):
            assert private not in message.subject + message.body
    tomorrow.refresh_from_db()
    overdue.refresh_from_db()
    assert tomorrow.reminded_at is not None
    assert overdue.reminded_at is not None
    assert AuditEvent.objects.filter(event="coaching.next_step_reminded", actor__isnull=True,
                                     subject="Dana Marsh (family)").count() == 2
    # Running it again reminds no one again.
    assert run(django_capture_on_commit_callbacks) == "Reminded 0 next steps."
    assert len(mail.outbox) == 2


def test_a_step_of_a_coach_who_left_goes_to_the_lead_and_ended_coaching_is_left_alone(
    relationship, coach, user_with_role, shirebrook, django_capture_on_commit_callbacks
):
    from thriving.coaching.tests.factories import CoachingRelationshipFactory

    gone = user_with_role(Role.COACH, locality=shirebrook)
    CoachFactory(relationship=relationship, user=gone, ended_on=days(-1))
    NextStepFactory(relationship=relationship, owner_person=None, owner_user=gone, due_on=days(0))
    ended = CoachingRelationshipFactory(lead=coach, status="ended", ended_on=days(-1))
    NextStepFactory(relationship=ended, due_on=days(-5))
    assert run(django_capture_on_commit_callbacks) == "Reminded 1 next step."
    assert [m.to for m in mail.outbox] == [[coach.email]]
    assert "is due today" in mail.outbox[0].body
    assert f"/coaching/{relationship.uuid}/sessions/" in mail.outbox[0].body


def test_the_command_runs_it_now_too(relationship, django_capture_on_commit_callbacks):
    NextStepFactory(relationship=relationship, due_on=days(-1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("coaching_remind_next_steps", "--now", stdout=out)
    assert out.getvalue().strip() == "Reminded 1 next step."
    assert len(mail.outbox) == 1
