"""The front door's services: the lifecycle of a request, optimistic locking, idempotent
creation, a person's details and consent, and the history and audit trail each change leaves.
Referring and answering referrals are in `test_referrals.py`."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from thriving.core import workdays
from thriving.core.conflicts import Conflict
from thriving.core.models import AuditEvent, Role
from thriving.directory.tests.factories import ServiceFactory, TaxonomyTermFactory
from thriving.frontdoor.models import (
    Consent,
    HelpRequest,
    Level,
    Person,
    Referral,
    RequestEvent,
)
from thriving.frontdoor.services import common
from thriving.frontdoor.services import people as people_services
from thriving.frontdoor.services import referrals as referral_services
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, PersonFactory, ReferralFactory
from thriving.frontdoor.tests.helpers import at, audited, events
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.django_db



# --- Taking a request ---------------------------------------------------------------------------


def test_a_request_from_the_public_form(db):
    locality = LocalityFactory(name="Cotmanhay")
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality))
    need = TaxonomyTermFactory()
    new = request_services.NewRequest(
        description="No food in the house",
        person_details={"given_name": "Ada", "family_name": "Smyth", "phone": "+44 7700 900123"},
        need_ids=[need.pk],
        postcode="de78qa",
        contact_method="phone",
        consent_method=Consent.Method.ONLINE,
        immediate_risk=True,
    )
    request, created = request_services.create_request(new)
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
    assert consent.statement == request_services.SHARE_STATEMENT
    assert events(request) == [RequestEvent.Kind.CREATED]
    assert request.taken_by is None
    for event in ("person.created", "request.created", "consent.recorded"):
        entry = audited(event)
        assert (entry.actor, entry.actor_label, entry.subject) == (None, "public form", "Ada Smyth")


def test_a_request_taken_by_staff_for_an_existing_person(hub):
    person = PersonFactory()
    new = request_services.NewRequest(description="Needs a lift to hospital", person=person, channel="phone")
    request, created = request_services.create_request(new, acting_user=hub)
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
    new = request_services.NewRequest(description="Help", person_details={"given_name": "Ada"}, submission_key=key)
    first, created = request_services.create_request(new)
    again, created_again = request_services.create_request(new)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert (HelpRequest.objects.count(), Person.objects.count()) == (1, 1)


def test_a_failed_request_saves_nothing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(request_services, "record_consent", broken)
    new = request_services.NewRequest(description="Help", person_details={"given_name": "Ada"}, consent_method="online")
    with pytest.raises(RuntimeError):
        request_services.create_request(new)
    assert not Person.objects.exists()
    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.filter(event__in=["person.created", "request.created"]).exists()


# --- Triage and the huddle ----------------------------------------------------------------------


def test_triage(hub):
    request = HelpRequestFactory()
    food, money = TaxonomyTermFactory(name="Food"), TaxonomyTermFactory(name="Money")
    request_services.triage(acting_user=hub, request=request, version=1, level=Level.COMMUNITY, urgency="soon",
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
    request_services.triage(acting_user=hub, request=request, version=2, level=Level.SELF_HELP, urgency="soon",
                            need_ids=[food.pk])
    request.refresh_from_db()
    assert (request.status, request.level, request.triaged_at) == ("triaged", 1, first_triaged)


def test_triage_against_an_old_version_changes_nothing(hub):
    request = HelpRequestFactory()
    stale = HelpRequest.objects.get(pk=request.pk)
    request_services.triage(acting_user=hub, request=request, version=1, level=2, urgency="soon", need_ids=[])
    with pytest.raises(Conflict):
        request_services.triage(acting_user=hub, request=stale, version=stale.version, level=4,
                                urgency="urgent", need_ids=[])
    request.refresh_from_db()
    assert (request.level, request.urgency, request.version) == (2, "soon", 2)
    assert events(request) == [RequestEvent.Kind.TRIAGED]


def test_only_the_hub_triages(user_with_role):
    request = HelpRequestFactory()
    with pytest.raises(PermissionDenied):
        request_services.triage(acting_user=user_with_role(Role.ORGANISATION_STAFF), request=request, version=1,
                                level=2, urgency="soon", need_ids=[])
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


def test_huddle_flag_and_notes(hub):
    request = HelpRequestFactory()
    request_services.set_huddle(acting_user=hub, request=request, version=1, flag=True, reason="Stuck for a week")
    request.refresh_from_db()
    assert (request.bring_to_huddle, request.version) == (True, 2)
    with pytest.raises(Conflict):
        request_services.set_huddle(acting_user=hub, request=request, version=1, flag=False)
    request_services.add_note(acting_user=hub, request=request, text="Left a message")
    assert events(request) == [RequestEvent.Kind.HUDDLE, RequestEvent.Kind.NOTE]
    assert RequestEvent.objects.get(kind=RequestEvent.Kind.HUDDLE).text == "Bring to the huddle: Stuck for a week"
    assert AuditEvent.objects.filter(event__in=["request.huddle_flag", "request.noted"]).count() == 2


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
    with pytest.raises(common.FrontDoorError, match=message):
        request_services.close(acting_user=hub, request=request, version=1, outcome=outcome,
                               outcome_level=level, reason=reason)
    request.refresh_from_db()
    assert (request.status, request.version) == ("new", 1)


def test_closing_withdraws_waiting_referrals_and_reopening_brings_it_back(hub, service):
    referral = ReferralFactory(service=service, request__level=2, request__bring_to_huddle=True)
    request = referral.request
    request_services.close(acting_user=hub, request=request, version=1, outcome="met", outcome_level=Level.COMMUNITY)
    request.refresh_from_db()
    assert (request.status, request.outcome, request.outcome_level, request.bring_to_huddle) == (
        "closed", "met", 2, False
    )
    assert request.closed_at is not None
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert RequestEvent.objects.get(request=request, kind="closed").text == "Need met at level 2"
    with pytest.raises(common.FrontDoorError, match="already closed"):
        request_services.close(acting_user=hub, request=request, version=request.version, outcome="met",
                               outcome_level=2)
    with pytest.raises(common.FrontDoorError, match="closed"):
        request_services.triage(acting_user=hub, request=request, version=request.version, level=2,
                                urgency="soon", need_ids=[])
    with pytest.raises(common.FrontDoorError, match="closed"):
        referral_services.refer(acting_user=hub, request=request, service=ServiceFactory())

    with pytest.raises(common.FrontDoorError, match="Say why"):
        request_services.reopen(acting_user=hub, request=request, version=request.version, reason="")
    request_services.reopen(acting_user=hub, request=request, version=request.version, reason="They called again")
    request.refresh_from_db()
    assert (request.status, request.outcome, request.outcome_level, request.closed_at) == ("triaged", "", None, None)
    with pytest.raises(common.FrontDoorError, match="not closed"):
        request_services.reopen(acting_user=hub, request=request, version=request.version, reason="Again")
    assert {"request.closed", "request.reopened"} <= set(AuditEvent.objects.values_list("event", flat=True))


def test_an_untriaged_request_reopens_as_new(hub):
    request = HelpRequestFactory()
    request_services.close(acting_user=hub, request=request, version=1, outcome="withdrawn", outcome_level=3,
                           reason="Moved away")
    request.refresh_from_db()
    assert request.outcome_level is None  # a level only when the need was met
    request_services.reopen(acting_user=hub, request=request, version=2, reason="Moved back")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


def test_closing_against_an_old_version_is_a_conflict(hub):
    request = HelpRequestFactory(version=2)
    with pytest.raises(Conflict):
        request_services.close(acting_user=hub, request=request, version=1, outcome="met", outcome_level=1)
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.NEW


# --- People and consent -------------------------------------------------------------------------


def test_changing_a_person_is_locked_by_version(hub):
    person = PersonFactory(given_name="Ada", family_name="Smith", phone="")
    people_services.update_person(acting_user=hub, person=person, version=1, phone="07700 900123", family_name="Smyth")
    person.refresh_from_db()
    assert (person.phone_key, person.family_name, person.version) == ("7700900123", "Smyth", 2)
    entry = audited("person.changed")
    assert entry.changes == {"phone": "changed", "family_name": "changed"}  # which, not what: no data copied
    with pytest.raises(Conflict):
        people_services.update_person(acting_user=hub, person=person, version=1, phone="01332 000000")
    with pytest.raises(ValueError, match="Not a person's detail"):
        people_services.update_person(acting_user=hub, person=person, version=2, merged_into=None)
    person.refresh_from_db()
    assert person.phone == "07700 900123"


def test_consent_is_withdrawn_once(hub):
    consent = ConsentFactory()
    people_services.withdraw_consent(acting_user=hub, consent=consent, note="On the phone")
    consent.refresh_from_db()
    assert (consent.is_active, consent.withdrawn_by, consent.withdrawn_note) == (False, hub, "On the phone")
    assert people_services.active_share_consent(consent.person) is None
    with pytest.raises(common.FrontDoorError, match="already withdrawn"):
        people_services.withdraw_consent(acting_user=hub, consent=consent)
    assert audited("consent.withdrawn").subject == consent.person.full_name


def test_sending_self_help_information(hub, django_capture_on_commit_callbacks):
    request = HelpRequestFactory(person__given_name="Ada")
    chosen = ServiceFactory(name="Benefits Advice", phone="01332 123456")
    with pytest.raises(common.FrontDoorError):
        request_services.send_information(acting_user=hub, request=request, services=[], email="ada@example.org")
    with pytest.raises(common.FrontDoorError):
        request_services.send_information(acting_user=hub, request=request, services=[chosen], email="")
    with django_capture_on_commit_callbacks() as on_commit:
        request_services.send_information(acting_user=hub, request=request, services=[chosen], email="ada@example.org")
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
        request_services.send_information(acting_user=hub, request=request, services=[chosen], email="ada@example.org")
        raise RuntimeError("the change it was part of fails afterwards")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert mail.outbox == []
    assert not RequestEvent.objects.filter(request=request).exists()


def test_working_days_keep_the_time_of_day_across_the_clock_change():
    friday = datetime.datetime(2026, 10, 23, 9, 0, tzinfo=datetime.UTC)  # 10:00 BST; clocks go back on Sunday
    assert timezone.localtime(workdays.add_working_days(friday, 2)) == at(2026, 10, 27, 10, 0)
