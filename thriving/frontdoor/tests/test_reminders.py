"""Reminders of referrals nobody has answered in time: once each, to the organisation and the
referrer, with no personal data in the emails."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import MembershipFactory, UserFactory
from thriving.directory.tests.factories import ServiceFactory
from thriving.frontdoor.models import Referral, ReferralSettings, RequestEvent
from thriving.frontdoor.tasks import remind_unanswered_referrals
from thriving.frontdoor.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

PAST = datetime.timedelta(hours=3)


@pytest.fixture
def larder_inbox(user_with_role):
    """An organisation with one member of staff, a shared inbox, and a hub worker who refers."""
    service = ServiceFactory(name="Larder Food Parcels", organisation__name="Ilkeston Larder")
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=service.organisation)
    user_with_role(Role.HUB_WORKER, organisation=service.organisation)  # not told: not its staff
    gone = UserFactory(is_active=False)
    MembershipFactory(user=gone, role=Role.ORGANISATION_STAFF, organisation=service.organisation)
    ReferralSettings.objects.create(organisation=service.organisation, notify_email="referrals@larder.example")
    referrer = user_with_role(Role.HUB_WORKER)
    return service, staff, referrer


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the task as a worker does, outside any transaction: each reminder's emails go once its
    claim on the referral is saved."""

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return remind_unanswered_referrals.call()

    return run


def overdue(service, referrer, **fields):
    return ReferralFactory(
        service=service,
        referred_by=referrer,
        request__person__given_name="Ada",
        request__person__family_name="Lovelace",
        request__person__email="ada@lovelace.example",
        request__description="Struggling to afford food since the boiler broke",
        due_by=timezone.now() - PAST,
        **fields,
    )


def test_an_overdue_referral_reminds_the_organisation_and_the_referrer_once(
    larder_inbox, remind, django_capture_on_commit_callbacks
):
    service, staff, referrer = larder_inbox
    referral = overdue(service, referrer)

    with django_capture_on_commit_callbacks() as on_commit:
        assert remind_unanswered_referrals.call() == 1
        assert mail.outbox == []  # nothing is sent before the reminder is recorded
    for callback in on_commit:
        callback()

    assert len(mail.outbox) == 2
    to_organisation = next(message for message in mail.outbox if staff.email in message.to)
    assert sorted(to_organisation.to) == sorted([staff.email, "referrals@larder.example"])
    to_referrer = next(message for message in mail.outbox if message.to == [referrer.email])
    for message in (to_organisation, to_referrer):
        assert referral.request.reference in message.body
        assert "Larder Food Parcels" in message.subject
        assert timezone.localtime(referral.due_by).strftime("%-d %B %Y") in message.body
        for personal in ("Ada", "Lovelace", "ada@lovelace.example", "boiler"):
            assert personal not in message.body
            assert personal not in message.subject
    assert "http://" in to_organisation.body
    assert to_organisation.body.rstrip().endswith("/referrals/")
    assert f"/requests/{referral.request.reference}/" in to_referrer.body

    referral.refresh_from_db()
    assert referral.reminded_at is not None
    assert referral.version == 1  # a reminder does not make a member of staff's open answer a conflict
    event = RequestEvent.objects.get(request=referral.request, kind=RequestEvent.Kind.REMINDED)
    assert "Ilkeston Larder" in event.text
    assert event.actor is None
    assert AuditEvent.objects.filter(event="referral.reminded", object_id=str(referral.uuid)).count() == 1

    # Cron runs it again: nothing new.
    assert remind() == 0
    assert len(mail.outbox) == 2
    assert RequestEvent.objects.filter(kind=RequestEvent.Kind.REMINDED).count() == 1


def test_referrals_not_yet_due_answered_or_already_reminded_are_left_alone(larder_inbox, remind):
    service, _, referrer = larder_inbox
    ReferralFactory(service=service, referred_by=referrer, due_by=timezone.now() + datetime.timedelta(minutes=5))
    for status in (Referral.Status.ACCEPTED, Referral.Status.COMPLETED, Referral.Status.WITHDRAWN):
        overdue(service, referrer, status=status)
    overdue(service, referrer, status=Referral.Status.DECLINED, decline_reason=Referral.DeclineReason.NO_CAPACITY)
    overdue(service, referrer, reminded_at=timezone.now() - datetime.timedelta(days=1))

    assert remind() == 0
    assert mail.outbox == []
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.REMINDED).exists()


def test_each_overdue_referral_gets_one_reminder(larder_inbox, remind):
    service, _, referrer = larder_inbox
    first, second = overdue(service, referrer), overdue(service, referrer)
    elsewhere = ReferralFactory(due_by=timezone.now() - PAST)  # nobody to tell at all

    assert remind() == 3
    assert len(mail.outbox) == 4  # two for each of the larder_inbox's; none for the organisation with no staff
    for referral in (first, second, elsewhere):
        referral.refresh_from_db()
        assert referral.reminded_at is not None
    references = [message.body for message in mail.outbox]
    assert sum(first.request.reference in body for body in references) == 2
    assert sum(second.request.reference in body for body in references) == 2


def test_the_command_says_how_many_were_reminded(larder_inbox, django_capture_on_commit_callbacks):
    service, _, referrer = larder_inbox
    overdue(service, referrer)
    overdue(service, referrer)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("frontdoor_remind_referrals", stdout=out)
    assert out.getvalue().strip() == "Reminded 2 referrals."
    assert len(mail.outbox) == 4

    out = StringIO()
    call_command("frontdoor_remind_referrals", "--now", stdout=out)
    assert out.getvalue().strip() == "Reminded 0 referrals."
    assert len(mail.outbox) == 4

    overdue(service, referrer)
    out = StringIO()
    call_command("frontdoor_remind_referrals", "--now", stdout=out)
    assert out.getvalue().strip() == "Reminded 1 referral."


def test_the_command_only_queues_the_task_with_a_queue(larder_inbox, settings):
    service, _, referrer = larder_inbox
    overdue(service, referrer)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = StringIO()
    call_command("frontdoor_remind_referrals", stdout=out)
    assert out.getvalue().startswith("Queued the task")
    assert mail.outbox == []


def test_the_thriving_command_spells_it_by_app():
    from thriving.cli import translate

    assert translate(["thriving", "frontdoor", "remind-referrals", "--now"]) == [
        "thriving", "frontdoor_remind_referrals", "--now"
    ]
