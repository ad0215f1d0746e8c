"""The front door's services: the lifecycle of a request, the consent rule and its override,
working days, optimistic locking, idempotent creation, and the history and audit trail each
change leaves."""

import datetime
import uuid
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.directory.tests.factories import ServiceFactory, TaxonomyTermFactory
from thriving.frontdoor import services
from thriving.frontdoor.models import (
    Consent,
    DemandStale,
    HelpRequest,
    Level,
    Person,
    Referral,
    ReferralSettings,
    RequestEvent,
)
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, PersonFactory, ReferralFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def events(request: HelpRequest) -> list[str]:
    return list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))


def audited(event: str) -> AuditEvent:
    return AuditEvent.objects.filter(event=event).latest("at")


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
    assert services.add_working_days(start, days) == due


def test_bank_holidays_are_englands():
    assert not services.is_working_day(datetime.date(2026, 12, 28))  # Boxing Day observed
    assert not services.is_working_day(datetime.date(2026, 4, 6))  # Easter Monday: not a holiday in Scotland
    assert services.is_working_day(datetime.date(2026, 8, 3))  # Scotland's summer holiday, not England's
    assert services.is_working_day(datetime.date(2026, 3, 17))  # St Patrick's Day: Northern Ireland only


def test_a_referral_made_on_a_friday_is_due_on_tuesday(hub, service, consented):
    referral = services.refer(consented, user=hub, service=service, now=at(2026, 11, 20, 15, 0))
    assert timezone.localtime(referral.due_by) == at(2026, 11, 24, 15, 0)


def test_a_referral_over_christmas_skips_the_bank_holidays(hub, service, consented):
    referral = services.refer(consented, user=hub, service=service, now=at(2026, 12, 24, 11, 0))
    assert timezone.localtime(referral.due_by) == at(2026, 12, 30, 11, 0)


def test_each_organisation_sets_its_own_working_days(hub, service, consented):
    ReferralSettings.objects.create(organisation=service.organisation, response_working_days=5)
    referral = services.refer(consented, user=hub, service=service, now=at(2026, 11, 20, 15, 0))
    assert timezone.localtime(referral.due_by) == at(2026, 11, 27, 15, 0)
    other = ServiceFactory()
    assert services.response_days(other.organisation) == services.DEFAULT_RESPONSE_WORKING_DAYS == 2


# --- Taking a request ---------------------------------------------------------------------------


def test_a_request_from_the_public_form(db):
    locality = LocalityFactory(name="Cotmanhay")
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality))
    need = TaxonomyTermFactory()
    new = services.NewRequest(
        description="No food in the house",
        person_details={"given_name": "Ada", "family_name": "Smyth", "phone": "+44 7700 900123"},
        need_ids=[need.pk],
        postcode="de78qa",
        contact_method="phone",
        consent_method=Consent.Method.ONLINE,
        immediate_risk=True,
    )
    request, created = services.create_request(new)
    assert created
    assert (request.status, request.postcode, request.locality, request.urgency) == (
        HelpRequest.Status.NEW, "DE7 8QA", locality, HelpRequest.Urgency.URGENT
    )
    assert list(request.needs.all()) == [need]
    person = request.person
    assert (person.postcode, person.locality, person.preferred_contact) == ("DE7 8QA", locality, "phone")
    assert person.family_key == "SM0"  # sound-alike key for Smith and Smyth
    assert person.phone_key == "7700900123"
    consent = Consent.objects.get(person=person)
    assert (consent.scope, consent.method, consent.request) == (Consent.Scope.SHARE, "online", request)
    assert consent.statement == services.SHARE_STATEMENT
    assert events(request) == [RequestEvent.Kind.CREATED]
    assert request.taken_by is None
    for event in ("person.created", "request.created", "consent.recorded"):
        entry = audited(event)
        assert (entry.actor, entry.actor_label, entry.subject) == (None, "public form", "Ada Smyth")


def test_a_request_taken_by_staff_for_an_existing_person(hub):
    person = PersonFactory()
    new = services.NewRequest(description="Needs a lift to hospital", person=person, channel="phone")
    request, created = services.create_request(new, hub)
    assert created
    assert request.taken_by == hub
    assert Person.objects.count() == 1
    assert not Consent.objects.exists()
    event = RequestEvent.objects.get(request=request)
    assert event.actor == hub
    assert "phone" in event.text
    assert audited("request.created").actor == hub
    assert not AuditEvent.objects.filter(event="person.created").exists()


def test_the_same_submission_twice_makes_one_request():
    key = uuid.uuid4()
    new = services.NewRequest(description="Help", person_details={"given_name": "Ada"}, submission_key=key)
    first, created = services.create_request(new)
    again, created_again = services.create_request(new)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert (HelpRequest.objects.count(), Person.objects.count()) == (1, 1)


def test_a_failed_request_saves_nothing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.requests, "record_consent", broken)
    new = services.NewRequest(description="Help", person_details={"given_name": "Ada"}, consent_method="online")
    with pytest.raises(RuntimeError):
        services.create_request(new)
    assert not Person.objects.exists()
    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.filter(event__in=["person.created", "request.created"]).exists()


# --- Triage and the huddle ----------------------------------------------------------------------


def test_triage(hub):
    request = HelpRequestFactory()
    food, money = TaxonomyTermFactory(name="Food"), TaxonomyTermFactory(name="Money")
    services.triage(request, user=hub, version=1, level=Level.COMMUNITY, urgency="soon",
                    need_ids=[food.pk, money.pk], note="Food bank first")
    request.refresh_from_db()
    assert (request.status, request.level, request.urgency, request.version) == ("triaged", 2, "soon", 2)
    assert request.triaged_at is not None
    event = RequestEvent.objects.get(request=request, kind=RequestEvent.Kind.TRIAGED)
    assert event.text.startswith("2. Community and volunteer support; soon")
    assert event.text.endswith("Food bank first")
    assert event.changes["level"] == [None, 2]
    assert event.changes["needs"] == [[], ["Food", "Money"]]
    entry = audited("request.triaged")
    assert (entry.actor, entry.subject) == (hub, request.person.full_name)

    # Triaged again: the status stays, the time of first triage too.
    first_triaged = request.triaged_at
    services.triage(request, user=hub, version=2, level=Level.SELF_HELP, urgency="soon", need_ids=[food.pk])
    request.refresh_from_db()
    assert (request.status, request.level, request.triaged_at) == ("triaged", 1, first_triaged)


def test_triage_against_an_old_version_changes_nothing(hub):
    request = HelpRequestFactory()
    stale = HelpRequest.objects.get(pk=request.pk)
    services.triage(request, user=hub, version=1, level=2, urgency="soon", need_ids=[])
    with pytest.raises(services.Conflict):
        services.triage(stale, user=hub, version=stale.version, level=4, urgency="urgent", need_ids=[])
    request.refresh_from_db()
    assert (request.level, request.urgency, request.version) == (2, "soon", 2)
    assert events(request) == [RequestEvent.Kind.TRIAGED]


def test_only_the_hub_triages(user_with_role):
    request = HelpRequestFactory()
    with pytest.raises(PermissionDenied):
        services.triage(request, user=user_with_role(Role.ORGANISATION_STAFF), version=1, level=2,
                        urgency="soon", need_ids=[])
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


def test_huddle_flag_and_notes(hub):
    request = HelpRequestFactory()
    services.set_huddle(request, user=hub, version=1, flag=True, reason="Stuck for a week")
    request.refresh_from_db()
    assert (request.bring_to_huddle, request.version) == (True, 2)
    with pytest.raises(services.Conflict):
        services.set_huddle(request, user=hub, version=1, flag=False)
    services.add_note(acting_user=hub, request=request, text="Left a message")
    assert events(request) == [RequestEvent.Kind.HUDDLE, RequestEvent.Kind.NOTE]
    assert RequestEvent.objects.get(kind=RequestEvent.Kind.HUDDLE).text == "Bring to the huddle: Stuck for a week"
    assert AuditEvent.objects.filter(event__in=["request.huddle_flag", "request.noted"]).count() == 2


# --- Referring: the consent rule and its override -----------------------------------------------


def test_a_referral_with_consent(hub, service, consented, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.refer(consented, user=hub, service=service, message="Please call after 4pm")
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
    with pytest.raises(services.ConsentMissing):
        services.refer(request, user=hub, service=service)
    withdrawn = ConsentFactory(person=request.person)
    services.withdraw_consent(acting_user=hub, consent=withdrawn, note="Changed their mind")
    with pytest.raises(services.ConsentMissing):
        services.refer(request, user=hub, service=service)
    # Contact consent is not consent to share.
    ConsentFactory(person=request.person, scope=Consent.Scope.CONTACT)
    with pytest.raises(services.ConsentMissing):
        services.refer(request, user=hub, service=service)
    assert not Referral.objects.exists()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


def test_only_a_safeguarding_lead_may_override_consent(hub, lead, service):
    request = HelpRequestFactory()
    with pytest.raises(PermissionDenied):
        services.refer(request, user=hub, service=service, override_reason="Child at risk")
    with pytest.raises(services.ConsentMissing):
        services.refer(request, user=lead, service=service, override_reason="   ")
    referral = services.refer(request, user=lead, service=service, override_reason=" Child at risk ")
    assert (referral.safeguarding_override, referral.override_reason, referral.override_by, referral.consent) == (
        True, "Child at risk", lead, None
    )
    assert "Safeguarding override: Child at risk" in RequestEvent.objects.get(request=request).text
    assert audited("referral.created").purpose == "safeguarding override"


def test_a_request_is_referred_to_a_service_once(hub, service, consented):
    services.refer(consented, user=hub, service=service)
    with pytest.raises(services.FrontDoorError, match="already referred"):
        services.refer(consented, user=hub, service=service)
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
    with pytest.raises(services.FrontDoorError, match="already referred to Larder Food Parcels"):
        services.refer(consented, user=hub, service=service)
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
    again = services.refer(consented, user=hub, service=service)
    assert again.status == Referral.Status.AWAITING
    assert Referral.objects.filter(request=consented, service=service).count() == 2


# --- Answering referrals ------------------------------------------------------------------------


def test_accepting_a_referral(service):
    referral = ReferralFactory(service=service)
    services.accept_referral(referral, user=service.staff, version=1, note="Booked for Tuesday")
    referral.refresh_from_db()
    assert (referral.status, referral.responded_by, referral.version) == ("accepted", service.staff, 2)
    assert referral.responded_at is not None
    assert referral.request.status == HelpRequest.Status.IN_PROGRESS
    assert events(referral.request) == [RequestEvent.Kind.ACCEPTED]
    assert audited("referral.accepted").subject == referral.request.person.full_name
    with pytest.raises(services.FrontDoorError, match="already been answered"):
        services.accept_referral(referral, user=service.staff, version=2)


def test_answering_against_an_old_version_is_a_conflict(service):
    referral = ReferralFactory(service=service, version=4)
    with pytest.raises(services.Conflict):
        services.accept_referral(referral, user=service.staff, version=3)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("awaiting", 4)
    assert not events(referral.request)


def test_another_organisation_cannot_answer(service, user_with_role, hub):
    theirs = ReferralFactory()
    with pytest.raises(PermissionDenied):
        services.accept_referral(theirs, user=service.staff, version=1)
    with pytest.raises(PermissionDenied):
        services.decline_referral(theirs, user=hub, version=1, reason="no_capacity")
    theirs.refresh_from_db()
    assert theirs.status == Referral.Status.AWAITING


def test_declining_needs_a_reason(service):
    referral = ReferralFactory(service=service)
    with pytest.raises(services.FrontDoorError, match="Choose why"):
        services.decline_referral(referral, user=service.staff, version=1, reason="")
    with pytest.raises(services.FrontDoorError, match="Say why"):
        services.decline_referral(referral, user=service.staff, version=1, reason="other", note=" ")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING


def test_a_declined_referral_returns_the_request_to_the_hub(service):
    referral = ReferralFactory(service=service)
    services.decline_referral(referral, user=service.staff, version=1, reason="no_capacity", note="Full")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason, referral.decline_note) == ("declined", "no_capacity", "Full")
    assert referral.request.status == HelpRequest.Status.TRIAGED
    event = RequestEvent.objects.get(request=referral.request)
    assert (event.kind, event.text.endswith("No capacity at the moment. Full")) == ("declined", True)
    assert audited("referral.declined").actor == service.staff


def test_a_declined_referral_keeps_the_request_with_its_other_referrals(service):
    referral = ReferralFactory(service=service)
    ReferralFactory(request=referral.request)
    services.decline_referral(referral, user=service.staff, version=1, reason="out_of_area")
    referral.request.refresh_from_db()
    assert referral.request.status == HelpRequest.Status.REFERRED


def test_completing_a_referral(service):
    referral = ReferralFactory(service=service)
    with pytest.raises(services.FrontDoorError, match="accepted"):
        services.complete_referral(referral, user=service.staff, version=1, note="Done")
    services.accept_referral(referral, user=service.staff, version=1)
    with pytest.raises(services.FrontDoorError, match="Say what happened"):
        services.complete_referral(referral, user=service.staff, version=2, note="")
    services.complete_referral(referral, user=service.staff, version=2, note="Three food parcels")
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_note) == ("completed", "Three food parcels")
    assert events(referral.request)[-1] == RequestEvent.Kind.REFERRAL_OUTCOME


# --- Closing and reopening ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "level", "reason", "message"),
    [
        ("", None, "", "Choose how the request ended"),
        ("solved", None, "", "Choose how the request ended"),
        ("met", None, "", "Choose the level"),
        ("unmet", None, " ", "Say why"),
        ("withdrawn", None, "", "Say why"),
    ],
)
def test_closing_needs_how_it_ended(hub, outcome, level, reason, message):
    request = HelpRequestFactory()
    with pytest.raises(services.FrontDoorError, match=message):
        services.close(request, user=hub, version=1, outcome=outcome, outcome_level=level, reason=reason)
    request.refresh_from_db()
    assert (request.status, request.version) == ("new", 1)


def test_closing_withdraws_waiting_referrals_and_reopening_brings_it_back(hub, service):
    referral = ReferralFactory(service=service, request__level=2, request__bring_to_huddle=True)
    request = referral.request
    services.close(request, user=hub, version=1, outcome="met", outcome_level=Level.COMMUNITY)
    request.refresh_from_db()
    assert (request.status, request.outcome, request.outcome_level, request.bring_to_huddle) == (
        "closed", "met", 2, False
    )
    assert request.closed_at is not None
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert RequestEvent.objects.get(request=request, kind="closed").text == "Need met at level 2"
    with pytest.raises(services.FrontDoorError, match="already closed"):
        services.close(request, user=hub, version=request.version, outcome="met", outcome_level=2)
    with pytest.raises(services.FrontDoorError, match="closed"):
        services.triage(request, user=hub, version=request.version, level=2, urgency="soon", need_ids=[])
    with pytest.raises(services.FrontDoorError, match="closed"):
        services.refer(request, user=hub, service=ServiceFactory())

    with pytest.raises(services.FrontDoorError, match="Say why"):
        services.reopen(request, user=hub, version=request.version, reason="")
    services.reopen(request, user=hub, version=request.version, reason="They called again")
    request.refresh_from_db()
    assert (request.status, request.outcome, request.outcome_level, request.closed_at) == ("triaged", "", None, None)
    with pytest.raises(services.FrontDoorError, match="not closed"):
        services.reopen(request, user=hub, version=request.version, reason="Again")
    assert {"request.closed", "request.reopened"} <= set(AuditEvent.objects.values_list("event", flat=True))


def test_an_untriaged_request_reopens_as_new(hub):
    request = HelpRequestFactory()
    services.close(request, user=hub, version=1, outcome="withdrawn", outcome_level=3, reason="Moved away")
    request.refresh_from_db()
    assert request.outcome_level is None  # a level only when the need was met
    services.reopen(request, user=hub, version=2, reason="Moved back")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


def test_closing_against_an_old_version_is_a_conflict(hub):
    request = HelpRequestFactory(version=2)
    with pytest.raises(services.Conflict):
        services.close(request, user=hub, version=1, outcome="met", outcome_level=1)
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


# --- People and consent -------------------------------------------------------------------------


def test_changing_a_person_is_locked_by_version(hub):
    person = PersonFactory(given_name="Ada", family_name="Smith", phone="")
    services.update_person(acting_user=hub, person=person, version=1, phone="07700 900123", family_name="Smyth")
    person.refresh_from_db()
    assert (person.phone_key, person.family_name, person.version) == ("7700900123", "Smyth", 2)
    entry = audited("person.changed")
    assert entry.changes == {"phone": "changed", "family_name": "changed"}  # which, not what: no data copied
    with pytest.raises(services.Conflict):
        services.update_person(acting_user=hub, person=person, version=1, phone="01332 000000")
    with pytest.raises(ValueError, match="Not a person's detail"):
        services.update_person(acting_user=hub, person=person, version=2, merged_into=None)
    person.refresh_from_db()
    assert person.phone == "07700 900123"


def test_consent_is_withdrawn_once(hub):
    consent = ConsentFactory()
    services.withdraw_consent(acting_user=hub, consent=consent, note="On the phone")
    consent.refresh_from_db()
    assert (consent.is_active, consent.withdrawn_by, consent.withdrawn_note) == (False, hub, "On the phone")
    assert services.active_share_consent(consent.person) is None
    with pytest.raises(services.FrontDoorError, match="already withdrawn"):
        services.withdraw_consent(acting_user=hub, consent=consent)
    assert audited("consent.withdrawn").subject == consent.person.full_name


def test_sending_self_help_information(hub, django_capture_on_commit_callbacks):
    request = HelpRequestFactory(person__given_name="Ada")
    chosen = ServiceFactory(name="Benefits Advice", phone="01332 123456")
    with pytest.raises(services.FrontDoorError):
        services.send_information(request, user=hub, services=[], email="ada@example.org")
    with pytest.raises(services.FrontDoorError):
        services.send_information(request, user=hub, services=[chosen], email="")
    with django_capture_on_commit_callbacks() as on_commit:
        services.send_information(request, user=hub, services=[chosen], email="ada@example.org")
        assert mail.outbox == []  # nothing is sent before the change is saved
    for callback in on_commit:
        callback()
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Hello Ada" in message.body
    assert "Benefits Advice" in message.body
    assert "01332 123456" in message.body
    assert request.reference in message.body
    assert events(request) == [RequestEvent.Kind.INFORMATION_SENT]
    assert audited("request.information_sent").purpose == "self-help information"


def test_information_is_not_sent_when_the_change_is_undone(hub, django_capture_on_commit_callbacks):
    request = HelpRequestFactory()
    chosen = ServiceFactory(name="Benefits Advice")

    @transaction.atomic
    def change_that_fails() -> None:
        services.send_information(request, user=hub, services=[chosen], email="ada@example.org")
        raise RuntimeError("the change it was part of fails afterwards")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert mail.outbox == []
    assert not RequestEvent.objects.filter(request=request).exists()


def test_working_days_keep_the_time_of_day_across_the_clock_change():
    friday = datetime.datetime(2026, 10, 23, 9, 0, tzinfo=datetime.UTC)  # 10:00 BST; clocks go back on Sunday
    assert timezone.localtime(services.add_working_days(friday, 2)) == at(2026, 10, 27, 10, 0)
