"""Working on requests through the pages: the queue, a request's page, triage with suggested
services, referral with consent or a safeguarding override, the huddle flag, closing, and an
organisation answering its referrals."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.frontdoor.models import HelpRequest, Referral, RequestEvent
from thriving.frontdoor.tests.factories import (
    COTMANHAY,
    ConsentFactory,
    HelpRequestFactory,
    PersonFactory,
    ReferralFactory,
)

QUEUE = reverse("frontdoor:queue")

pytestmark = pytest.mark.usefixtures("fresh_cache")


def offer(name, *, level=None, needs=(), lat=COTMANHAY[0], lng=COTMANHAY[1], **fields):  # noqa: ANN001, ANN201
    service = ServiceFactory(name=name, help_level=level, **fields)
    service.needs.set(needs)
    place = LocationFactory(name=f"{name} hall", latitude=lat, longitude=lng)
    ServiceAtLocationFactory(service=service, location=place)
    return service


def a_request(locality, *, consent=True, **fields):  # noqa: ANN001, ANN201
    person = PersonFactory(given_name="Alys", family_name="Testperson", postcode="DE7 8QA", locality=locality)
    if consent:
        ConsentFactory(person=person)
    return HelpRequestFactory(person=person, locality=locality, postcode="DE7 8QA", **fields)


def signed_in(client, user):  # noqa: ANN001, ANN201
    client.force_login(user)
    return client


# --- The queue -------------------------------------------------------------------------------


def test_the_queue_shows_open_requests_in_my_localities_most_urgent_and_oldest_first(
    client, user_with_role, cotmanhay, elsewhere
):
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    now = timezone.now()
    old = a_request(cotmanhay, created_at=now - datetime.timedelta(days=9))
    new = a_request(cotmanhay, created_at=now - datetime.timedelta(days=1))
    urgent = a_request(cotmanhay, urgency=HelpRequest.Urgency.URGENT, created_at=now)
    a_request(cotmanhay, status=HelpRequest.Status.CLOSED, outcome="met", outcome_level=2, closed_at=now)
    theirs = a_request(elsewhere)
    nowhere = a_request(None)  # no postcode: every hub worker sees it
    html = signed_in(client, hub).get(QUEUE).content.decode()
    shown = re.findall(r"(TH-[A-Z0-9]{4}-[A-Z0-9]{4})</a>", html)
    assert shown[0] == urgent.reference
    assert shown.index(old.reference) < shown.index(new.reference)
    assert theirs.reference not in shown
    assert nowhere.reference in shown
    assert len(shown) == 4
    event = AuditEvent.objects.get(event="requests.listed")
    assert set(event.changes["references"]) == set(shown)


def test_the_queue_filters_by_level_need_urgency_age_and_huddle(client, user_with_role, cotmanhay, taxonomy):
    hub = user_with_role(Role.HUB_WORKER)
    now = timezone.now()
    food = a_request(cotmanhay, level=2, status="triaged", created_at=now - datetime.timedelta(days=10))
    food.needs.set([taxonomy["food-banks"]])
    huddle = a_request(cotmanhay, level=3, status="triaged", bring_to_huddle=True, created_at=now)
    untriaged = a_request(cotmanhay, created_at=now)
    signed_in(client, hub)

    def refs(**query):  # noqa: ANN003, ANN202
        return re.findall(r"(TH-[A-Z0-9]{4}-[A-Z0-9]{4})</a>", client.get(QUEUE, query).content.decode())

    assert refs(level=2) == [food.reference]
    assert refs(level=0) == [untriaged.reference]
    assert refs(need=str(taxonomy["food"].uuid)) == [food.reference]  # a parent need finds its children
    assert refs(age=7) == [food.reference]
    assert refs(huddle="on") == [huddle.reference]
    assert refs(locality="cotmanhay", urgency="routine")
    assert refs(urgency="urgent") == []
    response = client.get(QUEUE, {"age": "soon", "level": "9"})
    assert response.status_code == 400
    assert "Enter the age as a whole number of days" in response.content.decode()


def test_the_queue_is_refused_to_people_without_a_hub_role(client, user_with_role):
    assert signed_in(client, user_with_role(Role.ANALYST)).get(QUEUE).status_code == 403
    client.logout()
    assert client.get(QUEUE).status_code == 302


# --- A request's page ------------------------------------------------------------------------


def test_a_hub_worker_sees_the_request_and_the_view_is_audited(client, user_with_role, cotmanhay):
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    request = a_request(cotmanhay, description="The boiler broke and we have no money for food")
    response = signed_in(client, hub).get(reverse("frontdoor:request", args=[request.reference.lower()]))
    assert response.status_code == 200
    assert "The boiler broke" in response.content.decode()
    event = AuditEvent.objects.get(event="request.viewed")
    assert event.subject == "Alys Testperson"
    assert event.actor == hub


def test_a_request_in_another_locality_is_not_found(client, user_with_role, cotmanhay, elsewhere):
    hub = user_with_role(Role.HUB_WORKER, locality=elsewhere)
    request = a_request(cotmanhay)
    response = signed_in(client, hub).get(reverse("frontdoor:request", args=[request.reference]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event="request.viewed").exists()


def test_triage_suggests_local_services_at_the_level_with_reasons(client, user_with_role, cotmanhay, taxonomy):
    hub = user_with_role(Role.HUB_WORKER)
    bank = offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]], access=["drop_in"])
    earlier = offer("Cooking on a Budget leaflet", level=1, needs=[taxonomy["food"]], lat=53.0, lng=-1.32)
    offer("Hospital dietitians", level=4, needs=[taxonomy["food"]])
    offer("Far Food Bank", level=2, needs=[taxonomy["food-banks"]], lat=53.5, lng=-1.9)  # 60 km away
    offer("Debt advice", level=2, needs=[taxonomy["debt-advice"]])
    request = a_request(cotmanhay)
    signed_in(client, hub)
    url = reverse("frontdoor:request", args=[request.reference])
    response = client.post(reverse("frontdoor:request-triage", args=[request.reference]), {
        "triage-version": request.version, "triage-level": "2", "triage-urgency": "soon",
        "triage-needs": [str(taxonomy["food-banks"].uuid)], "triage-note": "Family of four",
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.level, request.urgency) == ("triaged", 2, "soon")
    assert request.events.filter(kind=RequestEvent.Kind.TRIAGED, text__contains="Family of four").exists()
    html = client.get(url).content.decode()
    suggested = re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )
    assert suggested == [bank.name, earlier.name]  # level first, then a level earlier; never the far one
    assert "Meets Food banks" in html
    assert "the level this request was triaged at" in html
    assert "help closer to home" in html
    assert "km (0.0 miles) from DE7 8QA" in html
    # More specialist, and closer help exists: not among the suggestions, but listed apart.
    other = html[html.index('data-testid="other-level-suggestions"'):]
    assert re.findall(r'<h4 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]+">'
                      r'([^<]+)</a>', other) == ["Hospital dietitians"]
    assert "Also relevant, at another level" in html


def test_triage_against_an_old_version_is_refused_and_keeps_what_was_typed(client, user_with_role, cotmanhay):
    hub = user_with_role(Role.HUB_WORKER)
    request = a_request(cotmanhay)
    stale = request.version
    HelpRequest.objects.filter(pk=request.pk).update(version=stale + 1)
    response = signed_in(client, hub).post(reverse("frontdoor:request-triage", args=[request.reference]), {
        "triage-version": stale, "triage-level": "3", "triage-urgency": "urgent", "triage-note": "my careful note",
    })
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this request" in html
    assert "my careful note" in html
    request.refresh_from_db()
    assert request.level is None


def test_triage_errors_are_all_shown(client, user_with_role, cotmanhay):
    hub = user_with_role(Role.HUB_WORKER)
    request = a_request(cotmanhay)
    response = signed_in(client, hub).post(reverse("frontdoor:request-triage", args=[request.reference]),
                                           {"triage-version": request.version})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the level of help" in html
    assert "Choose how urgent it is" in html


def test_referring_needs_consent_and_notifies_the_organisation(
    client, user_with_role, cotmanhay, taxonomy, django_capture_on_commit_callbacks
):
    hub = user_with_role(Role.HUB_WORKER)
    bank = offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]])
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=bank.organisation)
    request = a_request(cotmanhay, level=2, status="triaged")
    request.needs.set([taxonomy["food-banks"]])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client, hub).post(reverse("frontdoor:request-refer", args=[request.reference]), {
            "refer-service": str(bank.uuid), "refer-message": "Please call after 3pm",
        })
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.organisation == bank.organisation
    assert referral.consent is not None
    assert referral.due_by > referral.created_at
    request.refresh_from_db()
    assert request.status == "referred"
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Alys" not in mail.outbox[0].body  # no personal data by email
    # The same service twice is refused.
    again = client.post(reverse("frontdoor:request-refer", args=[request.reference]), {"refer-service": str(bank.uuid)})
    assert again.status_code == 400
    assert "already referred" in again.content.decode()


@pytest.mark.usefixtures("first_referral_check_misses")
def test_referring_at_the_same_moment_as_someone_else_is_refused_clearly(client, user_with_role, cotmanhay, taxonomy):
    bank = offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]])
    request = a_request(cotmanhay, level=2, status="triaged")
    ReferralFactory(request=request, service=bank)  # another hub worker's, written a moment ago
    response = signed_in(client, user_with_role(Role.HUB_WORKER)).post(
        reverse("frontdoor:request-refer", args=[request.reference]), {"refer-service": str(bank.uuid)})
    assert response.status_code == 400
    assert "This request is already referred to Cotmanhay Food Bank." in response.content.decode()
    assert Referral.objects.filter(request=request, service=bank).count() == 1


def test_without_consent_only_a_safeguarding_lead_can_refer_with_a_reason(client, user_with_role, cotmanhay, taxonomy):
    bank = offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]])
    request = a_request(cotmanhay, consent=False, level=2, status="triaged")
    url = reverse("frontdoor:request-refer", args=[request.reference])
    hub = user_with_role(Role.HUB_WORKER)
    response = signed_in(client, hub).post(url, {"refer-service": str(bank.uuid)})
    assert response.status_code == 400
    assert "has not agreed to share their details" in response.content.decode()
    assert client.post(url, {"refer-service": str(bank.uuid), "refer-override_reason": "Risk"}).status_code == 403
    assert not Referral.objects.exists()
    lead = user_with_role(Role.SAFEGUARDING_LEAD)
    response = signed_in(client, lead).post(url, {"refer-service": str(bank.uuid),
                                                  "refer-override_reason": "Children at risk of going hungry"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.safeguarding_override
    assert referral.override_by == lead
    assert referral.consent is None
    assert AuditEvent.objects.get(event="referral.created").purpose == "safeguarding override"


def test_the_huddle_flag_note_close_and_reopen(client, user_with_role, cotmanhay):
    hub = user_with_role(Role.HUB_WORKER)
    request = a_request(cotmanhay, level=2, status="triaged")
    signed_in(client, hub)
    ref = request.reference
    client.post(reverse("frontdoor:request-huddle", args=[ref]),
                {"huddle-version": request.version, "huddle-flag": "True", "huddle-reason": "Stuck"})
    request.refresh_from_db()
    assert request.bring_to_huddle
    client.post(reverse("frontdoor:request-note", args=[ref]), {"note-text": "Called, no answer"})
    assert request.events.filter(kind="note", text="Called, no answer").exists()
    response = client.post(reverse("frontdoor:request-close", args=[ref]),
                           {"close-version": request.version, "close-outcome": "unmet"})
    assert response.status_code == 400
    assert "Say why the need was not met" in response.content.decode()
    response = client.post(reverse("frontdoor:request-close", args=[ref]),
                           {"close-version": request.version, "close-outcome": "met", "close-outcome_level": "1"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.outcome, request.outcome_level, request.bring_to_huddle) == ("closed", "met", 1,
                                                                                                 False)
    client.post(reverse("frontdoor:request-reopen", args=[ref]),
                {"reopen-version": request.version, "reopen-reason": "They called back"})
    request.refresh_from_db()
    assert request.status == "triaged"
    assert request.closed_at is None


def test_sending_information_emails_the_person(
    client, user_with_role, cotmanhay, taxonomy, django_capture_on_commit_callbacks
):
    hub = user_with_role(Role.HUB_WORKER)
    leaflet = offer("Cooking on a Budget", level=1, needs=[taxonomy["food"]], phone="01332 000111")
    request = a_request(cotmanhay, level=1, status="triaged")
    request.needs.set([taxonomy["food"]])
    with django_capture_on_commit_callbacks() as on_commit:
        response = signed_in(client, hub).post(reverse("frontdoor:request-send", args=[request.reference]), {
            "send-services": [str(leaflet.uuid)], "send-email": "alys@example.org"})
        assert mail.outbox == []  # sent once the change is saved, not before
    assert response.status_code == 302
    for callback in on_commit:
        callback()
    assert mail.outbox[-1].to == ["alys@example.org"]
    assert "Cooking on a Budget" in mail.outbox[-1].body
    assert "01332 000111" in mail.outbox[-1].body
    assert request.events.filter(kind=RequestEvent.Kind.INFORMATION_SENT).exists()
    response = client.post(reverse("frontdoor:request-send", args=[request.reference]), {"send-email": "nope"})
    assert response.status_code == 400
    assert "Choose at least one service" in response.content.decode()


# --- Referrals -------------------------------------------------------------------------------


def test_an_organisation_sees_only_its_referrals_and_accepts_one(client, user_with_role, cotmanhay):
    ours = ReferralFactory(request__locality=cotmanhay)
    theirs = ReferralFactory()
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=ours.organisation)
    signed_in(client, staff)
    html = client.get(reverse("frontdoor:referral-queue")).content.decode()
    assert ours.request.reference in html
    assert theirs.request.reference not in html
    assert client.get(reverse("frontdoor:referral", args=[theirs.uuid])).status_code == 404
    page = client.get(reverse("frontdoor:referral", args=[ours.uuid]))
    assert page.status_code == 200
    assert ours.request.person.full_name in page.content.decode()
    assert AuditEvent.objects.filter(event="referral.viewed", subject=ours.request.person.full_name).exists()
    response = client.post(reverse("frontdoor:referral-accept", args=[ours.uuid]),
                           {"accept-version": ours.version, "accept-note": "We will call today"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == "accepted"
    assert ours.responded_by == staff
    assert ours.request.status == "in_progress"
    response = client.post(reverse("frontdoor:referral-complete", args=[ours.uuid]),
                           {"complete-version": ours.version, "complete-note": "Food parcel delivered"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == "completed"
    # The organisation can now see the request it was referred, but not others.
    assert client.get(reverse("frontdoor:request", args=[ours.request.reference])).status_code == 200
    assert client.get(reverse("frontdoor:request", args=[theirs.request.reference])).status_code == 404


def test_declining_needs_a_reason_and_returns_the_request_to_the_hub(client, user_with_role):
    referral = ReferralFactory()
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation)
    signed_in(client, staff)
    url = reverse("frontdoor:referral-decline", args=[referral.uuid])
    response = client.post(url, {"decline-version": referral.version})
    assert response.status_code == 400
    assert "Choose why you are declining it" in response.content.decode()
    response = client.post(url, {"decline-version": referral.version, "decline-reason": "other"})
    assert "Say why you are declining the referral" in response.content.decode()
    response = client.post(url, {"decline-version": referral.version, "decline-reason": "no_capacity"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.decline_reason == "no_capacity"
    assert referral.request.status == "triaged"
    # Answering twice (say, from a stale page) is refused.
    response = client.post(reverse("frontdoor:referral-accept", args=[referral.uuid]),
                           {"accept-version": referral.version})
    assert response.status_code == 400
    assert "already been answered" in response.content.decode()


def test_a_stale_answer_is_a_conflict(client, user_with_role):
    referral = ReferralFactory()
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation)
    Referral.objects.filter(pk=referral.pk).update(version=referral.version + 1)
    response = signed_in(client, staff).post(reverse("frontdoor:referral-accept", args=[referral.uuid]),
                                             {"accept-version": referral.version})
    assert response.status_code == 409


def test_referral_pages_are_refused_to_hub_workers_without_an_organisation(client, user_with_role):
    hub = user_with_role(Role.HUB_WORKER)
    assert signed_in(client, hub).get(reverse("frontdoor:referral-queue")).status_code == 403


def test_another_organisation_cannot_answer(client, user_with_role):
    referral = ReferralFactory()
    other = user_with_role(Role.ORGANISATION_STAFF, organisation=OrganisationFactory())
    response = signed_in(client, other).post(reverse("frontdoor:referral-accept", args=[referral.uuid]),
                                             {"accept-version": referral.version})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "awaiting"


def test_an_organisation_sets_its_time_to_answer(client, user_with_role):
    from thriving.frontdoor.models import ReferralSettings

    organisation = OrganisationFactory()
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=organisation)
    url = reverse("frontdoor:referral-settings")
    signed_in(client, staff)
    assert 'value="2"' in client.get(url).content.decode()
    response = client.post(url, {"response_working_days": "0", "notify_email": "not an email"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "It must be 1 working day or more" in html
    assert "Enter an email address in the correct format" in html
    response = client.post(url, {"response_working_days": "5", "notify_email": "team@example.org"})
    assert response.status_code == 200
    assert ReferralSettings.objects.get(organisation=organisation).response_working_days == 5
    referral = ReferralFactory(service__organisation=organisation)
    hub = user_with_role(Role.HUB_WORKER)
    from thriving.core import workdays
    from thriving.frontdoor.services import referrals as referral_services

    ConsentFactory(person=referral.request.person)
    other = referral_services.refer(acting_user=hub, request=referral.request,
                                    service=ServiceFactory(organisation=organisation))
    assert workdays.add_working_days(other.created_at, 5) == other.due_by


def test_settings_are_not_saved_without_their_audit_entry(client, user_with_role, monkeypatch):
    from thriving.core import audit
    from thriving.frontdoor.models import ReferralSettings

    organisation = OrganisationFactory()
    signed_in(client, user_with_role(Role.ORGANISATION_STAFF, organisation=organisation))
    record = audit.record

    def audit_fails(actor, event, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if event == "referral_settings.changed":
            raise RuntimeError("the audit trail is unavailable")
        return record(actor, event, *args, **kwargs)

    monkeypatch.setattr(audit, "record", audit_fails)
    with pytest.raises(RuntimeError):
        client.post(reverse("frontdoor:referral-settings"), {"response_working_days": "5"})
    assert not ReferralSettings.objects.filter(organisation=organisation).exists()


def test_referring_to_a_service_no_longer_in_the_directory_is_refused(client, user_with_role, cotmanhay):
    hub = user_with_role(Role.HUB_WORKER)
    request = a_request(cotmanhay, level=2, status="triaged")
    closed = ServiceFactory(status="defunct")
    response = signed_in(client, hub).post(reverse("frontdoor:request-refer", args=[request.reference]),
                                           {"refer-service": str(closed.uuid)})
    assert response.status_code == 400
    assert "That service is not in the directory any more" in response.content.decode()
    assert not Referral.objects.exists()
