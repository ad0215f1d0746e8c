"""The front door's referral services: working days to answer, referring with consent or a
safeguarding lead's override, one active referral to a service, and answering a referral."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from thriving.core import workdays
from thriving.core.conflicts import Conflict
from thriving.directory.tests.factories import ServiceFactory
from thriving.frontdoor.models import (
    Consent,
    DemandStale,
    HelpRequest,
    Referral,
    ReferralSettings,
    RequestEvent,
)
from thriving.frontdoor.services import common
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.services import referrals as referral_services
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, ReferralFactory
from thriving.frontdoor.tests.helpers import at, audited, events

pytestmark = pytest.mark.django_db



# --- Working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2026, 11, 20, 10, 30), 2, at(2026, 11, 24, 10, 30)),  # Friday -> Tuesday
        (at(2026, 11, 23, 9, 0), 2, at(2026, 11, 25, 9, 0)),  # Monday -> Wednesday
        (at(2026, 11, 21, 9, 0), 1, at(2026, 11, 23, 9, 0)),  # made on a Saturday -> Monday
        (at(2026, 12, 23, 9, 0), 2, at(2026, 12, 29, 9, 0)),  # Christmas Day and Boxing Day (observed Monday)
        (at(2026, 12, 31, 9, 0), 2, at(2027, 1, 5, 9, 0)),  # New Year's Day, across the year
        (at(2026, 4, 2, 9, 0), 2, at(2026, 4, 8, 9, 0)),  # Good Friday and Easter Monday
        (at(2027, 12, 24, 9, 0), 2, at(2027, 12, 30, 9, 0)),  # Christmas 2027: two observed days
        (at(2026, 8, 28, 9, 0), 1, at(2026, 9, 1, 9, 0)),  # Late Summer Bank Holiday
        (at(2026, 11, 20, 9, 0), 0, at(2026, 11, 20, 9, 0)),
    ],
)
def test_working_days_skip_weekends_and_english_bank_holidays(start, days, due):
    assert workdays.add_working_days(start, days) == due


def test_bank_holidays_are_englands():
    assert not workdays.is_working_day(datetime.date(2026, 12, 28))  # Boxing Day observed
    assert not workdays.is_working_day(datetime.date(2026, 4, 6))  # Easter Monday: not a holiday in Scotland
    assert workdays.is_working_day(datetime.date(2026, 8, 3))  # Scotland's summer holiday, not England's
    assert workdays.is_working_day(datetime.date(2026, 3, 17))  # St Patrick's Day: Northern Ireland only


def test_a_referral_made_on_a_friday_is_due_on_tuesday(hub, service, consented):
    referral = referral_services.refer(acting_user=hub, request=consented, service=service, now=at(2026, 11, 20, 15, 0))
    assert timezone.localtime(referral.due_by) == at(2026, 11, 24, 15, 0)


def test_a_referral_over_christmas_skips_the_bank_holidays(hub, service, consented):
    referral = referral_services.refer(acting_user=hub, request=consented, service=service, now=at(2026, 12, 24, 11, 0))
    assert timezone.localtime(referral.due_by) == at(2026, 12, 30, 11, 0)


def test_each_organisation_sets_its_own_working_days(hub, service, consented):
    ReferralSettings.objects.create(organisation=service.organisation, response_working_days=5)
    referral = referral_services.refer(acting_user=hub, request=consented, service=service, now=at(2026, 11, 20, 15, 0))
    assert timezone.localtime(referral.due_by) == at(2026, 11, 27, 15, 0)
    other = ServiceFactory()
    assert referral_services.response_days(other.organisation) == referral_services.DEFAULT_RESPONSE_WORKING_DAYS == 2


# --- Referring: the consent rule and its override -----------------------------------------------


def test_a_referral_with_consent(hub, service, consented, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_services.refer(acting_user=hub, request=consented, service=service,
                                           message="Please call after 4pm")
    consented.refresh_from_db()
    assert consented.status == HelpRequest.Status.REFERRED
    assert (referral.organisation, referral.consent.person, referral.safeguarding_override) == (
        service.organisation, consented.person, False
    )
    assert referral.status == Referral.Status.AWAITING
    assert events(consented) == [RequestEvent.Kind.REFERRED]
    entry = audited("referral.created")
    assert (entry.actor, entry.subject, entry.purpose) == (hub, consented.person.full_name, "referral with consent")
    # The organisation is told, without personal data.
    (message,) = mail.outbox
    assert message.to == [service.staff.email]
    assert consented.reference in message.body
    assert consented.person.given_name not in message.body


def test_no_referral_without_consent(hub, service):
    request = HelpRequestFactory()
    with pytest.raises(common.ConsentMissing):
        referral_services.refer(acting_user=hub, request=request, service=service)
    withdrawn = ConsentFactory(person=request.person)
    people_services.withdraw_consent(acting_user=hub, consent=withdrawn, note="Changed their mind")
    with pytest.raises(common.ConsentMissing):
        referral_services.refer(acting_user=hub, request=request, service=service)
    # Contact consent is not consent to share.
    ConsentFactory(person=request.person, scope=Consent.Scope.CONTACT)
    with pytest.raises(common.ConsentMissing):
        referral_services.refer(acting_user=hub, request=request, service=service)
    assert not Referral.objects.exists()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


def test_only_a_safeguarding_lead_may_override_consent(hub, lead, service):
    request = HelpRequestFactory()
    with pytest.raises(PermissionDenied):
        referral_services.refer(acting_user=hub, request=request, service=service, override_reason="Child at risk")
    with pytest.raises(common.ConsentMissing):
        referral_services.refer(acting_user=lead, request=request, service=service, override_reason="   ")
    referral = referral_services.refer(acting_user=lead, request=request, service=service,
                                       override_reason=" Child at risk ")
    assert (referral.safeguarding_override, referral.override_reason, referral.override_by, referral.consent) == (
        True, "Child at risk", lead, None
    )
    assert "Safeguarding override: Child at risk" in RequestEvent.objects.get(request=request).text
    assert audited("referral.created").purpose == "safeguarding override"


def test_a_request_is_referred_to_a_service_once(hub, service, consented):
    referral_services.refer(acting_user=hub, request=consented, service=service)
    with pytest.raises(common.FrontDoorError, match="already referred"):
        referral_services.refer(acting_user=hub, request=consented, service=service)
    assert Referral.objects.count() == 1


def test_the_database_refuses_a_second_active_referral_to_a_service(service, consented):
    ReferralFactory(request=consented, service=service)
    for status in (Referral.Status.AWAITING, Referral.Status.ACCEPTED):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReferralFactory(request=consented, service=service, status=status)
    assert Referral.objects.filter(request=consented, service=service).count() == 1


@pytest.mark.usefixtures("first_referral_check_misses")
def test_two_workers_referring_at_once_make_one_referral(hub, service, consented):
    ReferralFactory(request=consented, service=service)  # the other worker's, written a moment ago
    with pytest.raises(common.FrontDoorError, match="already referred to Larder Food Parcels"):
        referral_services.refer(acting_user=hub, request=consented, service=service)
    assert Referral.objects.filter(request=consented, service=service).count() == 1
    assert not RequestEvent.objects.filter(request=consented, kind=RequestEvent.Kind.REFERRED).exists()


def test_upgrading_withdraws_the_referrals_made_twice_at_once(service, consented):
    """Before the database refused them, referring twice at once could leave two active referrals
    of a request to one service: the upgrade keeps the accepted one (or else the first)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thriving.frontdoor.migrations.0003_referral_one_active_per_service")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX frontdoor_referral_one_active_per_service")  # as before the upgrade
    now = timezone.now()
    first = ReferralFactory(request=consented, service=service, created_at=now - datetime.timedelta(hours=3))
    accepted = ReferralFactory(request=consented, service=service, status=Referral.Status.ACCEPTED,
                               created_at=now - datetime.timedelta(hours=2))
    third = ReferralFactory(request=consented, service=service, created_at=now - datetime.timedelta(hours=1))
    elsewhere = ReferralFactory(request=consented)
    migration.withdraw_duplicates(apps, None)
    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "withdrawn", accepted.pk: "accepted", third.pk: "withdrawn",
                        elsewhere.pk: "awaiting"}
    assert RequestEvent.objects.filter(request=consented, kind=RequestEvent.Kind.STATUS).count() == 2
    assert DemandStale.objects.exists()


@pytest.mark.parametrize("status", [Referral.Status.DECLINED, Referral.Status.COMPLETED, Referral.Status.WITHDRAWN])
def test_a_finished_referral_leaves_room_for_a_new_one(hub, service, consented, status):
    ReferralFactory(request=consented, service=service, status=status, decline_reason="no_capacity")
    again = referral_services.refer(acting_user=hub, request=consented, service=service)
    assert again.status == Referral.Status.AWAITING
    assert Referral.objects.filter(request=consented, service=service).count() == 2


# --- Answering referrals ------------------------------------------------------------------------


def test_accepting_a_referral(service):
    referral = ReferralFactory(service=service)
    referral_services.accept_referral(acting_user=service.staff, referral=referral, version=1,
                                      note="Booked for Tuesday")
    referral.refresh_from_db()
    assert (referral.status, referral.responded_by, referral.version) == ("accepted", service.staff, 2)
    assert referral.responded_at is not None
    assert referral.request.status == HelpRequest.Status.IN_PROGRESS
    assert events(referral.request) == [RequestEvent.Kind.ACCEPTED]
    assert audited("referral.accepted").subject == referral.request.person.full_name
    with pytest.raises(common.FrontDoorError, match="already been answered"):
        referral_services.accept_referral(acting_user=service.staff, referral=referral, version=2)


def test_answering_against_an_old_version_is_a_conflict(service):
    referral = ReferralFactory(service=service, version=4)
    with pytest.raises(Conflict):
        referral_services.accept_referral(acting_user=service.staff, referral=referral, version=3)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("awaiting", 4)
    assert not events(referral.request)


def test_another_organisation_cannot_answer(service, user_with_role, hub):
    theirs = ReferralFactory()
    with pytest.raises(PermissionDenied):
        referral_services.accept_referral(acting_user=service.staff, referral=theirs, version=1)
    with pytest.raises(PermissionDenied):
        referral_services.decline_referral(acting_user=hub, referral=theirs, version=1, reason="no_capacity")
    theirs.refresh_from_db()
    assert theirs.status == Referral.Status.AWAITING


def test_declining_needs_a_reason(service):
    referral = ReferralFactory(service=service)
    with pytest.raises(common.FrontDoorError, match="Choose why"):
        referral_services.decline_referral(acting_user=service.staff, referral=referral, version=1, reason="")
    with pytest.raises(common.FrontDoorError, match="Say why"):
        referral_services.decline_referral(acting_user=service.staff, referral=referral, version=1,
                                           reason="other", note=" ")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING


def test_a_declined_referral_returns_the_request_to_the_hub(service):
    referral = ReferralFactory(service=service)
    referral_services.decline_referral(acting_user=service.staff, referral=referral, version=1,
                                       reason="no_capacity", note="Full")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason, referral.decline_note) == ("declined", "no_capacity", "Full")
    assert referral.request.status == HelpRequest.Status.TRIAGED
    event = RequestEvent.objects.get(request=referral.request)
    assert (event.kind, event.text.endswith("No capacity at the moment. Full")) == ("declined", True)
    assert audited("referral.declined").actor == service.staff


def test_a_declined_referral_keeps_the_request_with_its_other_referrals(service):
    referral = ReferralFactory(service=service)
    ReferralFactory(request=referral.request)
    referral_services.decline_referral(acting_user=service.staff, referral=referral, version=1, reason="out_of_area")
    referral.request.refresh_from_db()
    assert referral.request.status == HelpRequest.Status.REFERRED


def test_completing_a_referral(service):
    referral = ReferralFactory(service=service)
    with pytest.raises(common.FrontDoorError, match="accepted"):
        referral_services.complete_referral(acting_user=service.staff, referral=referral, version=1, note="Done")
    referral_services.accept_referral(acting_user=service.staff, referral=referral, version=1)
    with pytest.raises(common.FrontDoorError, match="Say what happened"):
        referral_services.complete_referral(acting_user=service.staff, referral=referral, version=2, note="")
    referral_services.complete_referral(acting_user=service.staff, referral=referral, version=2,
                                        note="Three food parcels")
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_note) == ("completed", "Three food parcels")
    assert events(referral.request)[-1] == RequestEvent.Kind.REFERRAL_OUTCOME
