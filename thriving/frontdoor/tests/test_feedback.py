"""Closing the loop with the resident: the hub worker may email them when closing their request;
the status page and the emailed link ask whether they got the help they needed; the answer is
kept once, in the request's history and the audit trail, shown on the request page, and counted
on the demand picture. The answer page is a public form, with a honeypot, a time trap and a
rate limit."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent
from thriving.frontdoor.demand import figures
from thriving.frontdoor.demand import services as demand_services
from thriving.frontdoor.demand.models import DemandStale
from thriving.frontdoor.demand.queries import live, picture
from thriving.frontdoor.feedback import queries
from thriving.frontdoor.feedback import services as feedback
from thriving.frontdoor.models import Consent, HelpRequest, RequestEvent, ResidentAnswer
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.services.common import FrontDoorError
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, PersonFactory

pytestmark = pytest.mark.usefixtures("fresh_cache", "open_ask")

STATUS = reverse("frontdoor:ask-status")


def a_request(locality, *, contact_method="email", email="alys@example.org", **fields):  # noqa: ANN001, ANN201
    person = PersonFactory(given_name="Alys", family_name="Testperson", postcode="DE7 8QA", email=email,
                           locality=locality)
    ConsentFactory(person=person)
    return HelpRequestFactory(person=person, locality=locality, postcode="DE7 8QA", contact_method=contact_method,
                              status=HelpRequest.Status.TRIAGED, level=2, **fields)


def close(client, request, **extra):  # noqa: ANN001, ANN201
    return client.post(reverse("frontdoor:request-close", args=[request.reference]), {
        "close-version": request.version, "close-outcome": "met", "close-outcome_level": "2", **extra})


@pytest.fixture
def closed_request(cotmanhay, hub):
    request = a_request(cotmanhay)
    return request_services.close(acting_user=hub, request=request, version=request.version, outcome="met",
                                  outcome_level=2)


def answer_link(client, request) -> str:  # noqa: ANN001
    """Check the request on the status page, as the resident does, and follow its link."""
    response = client.post(STATUS, {"reference": request.reference, "postcode": "DE7 8QA"})
    assert response.status_code == 200
    found = re.search(r'href="(/ask-for-help/answer/[^"]+/)"', response.content.decode())
    assert found, "the status page of a closed request links to the answer page"
    return found.group(1)


# --- Asking by email when closing -------------------------------------------------------------


def test_closing_with_the_tick_box_emails_the_resident_a_link(
    hub_client, cotmanhay, django_capture_on_commit_callbacks
):
    request = a_request(cotmanhay)
    page = hub_client.get(reverse("frontdoor:request", args=[request.reference])).content.decode()
    assert "Email them to ask whether they got the help they needed" in page
    assert "We will send a link to alys@example.org" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = close(hub_client, request, **{"close-ask_resident": "on"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["alys@example.org"]]
    body = mail.outbox[0].body
    assert request.reference in body
    link = re.search(r"http://\S+/ask-for-help/answer/(\S+)/", body)
    assert link
    assert queries.request_of(link.group(1)) == request
    assert "Testperson" not in body
    assert "food" not in body
    assert list(request.events.values_list("kind", flat=True)) == ["closed", "resident_asked"]
    assert AuditEvent.objects.filter(event="request.resident_asked", object_id=str(request.uuid)).exists()


def test_closing_without_the_tick_box_sends_nothing(hub_client, cotmanhay, django_capture_on_commit_callbacks):
    request = a_request(cotmanhay)
    with django_capture_on_commit_callbacks(execute=True):
        assert close(hub_client, request).status_code == 302
    assert mail.outbox == []
    assert not request.events.filter(kind=RequestEvent.Kind.RESIDENT_ASKED).exists()


@pytest.mark.parametrize("case", ["no email", "asked to be phoned", "withdrew consent to contact"])
def test_no_tick_box_for_someone_we_may_not_email(hub_client, cotmanhay, case, django_capture_on_commit_callbacks):
    request = a_request(cotmanhay, email="" if case == "no email" else "alys@example.org",
                        contact_method="phone" if case == "asked to be phoned" else "email")
    if case == "withdrew consent to contact":
        ConsentFactory(person=request.person, scope=Consent.Scope.CONTACT, withdrawn_at=timezone.now())
    page = hub_client.get(reverse("frontdoor:request", args=[request.reference])).content.decode()
    assert "Email them to ask" not in page
    # Sent anyway (an old page), the close is refused with the reason and nothing changes.
    with django_capture_on_commit_callbacks(execute=True):
        response = close(hub_client, request, **{"close-ask_resident": "on"})
    assert response.status_code == 400
    assert "We cannot email this person to ask" in response.content.decode()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.TRIAGED
    assert mail.outbox == []


def test_a_consent_to_be_contacted_lets_us_email_someone_who_asked_to_be_phoned(cotmanhay):
    request = a_request(cotmanhay, contact_method="phone")
    assert queries.email_for(request) == ""
    ConsentFactory(person=request.person, scope=Consent.Scope.CONTACT)
    assert queries.email_for(request) == "alys@example.org"


# --- The resident answers ---------------------------------------------------------------------


def test_the_resident_answers_from_their_status_page(client, closed_request):
    link = answer_link(client, closed_request)
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Did you get the help you needed?" in html
    assert closed_request.reference in html
    assert "Alys" not in html
    assert "Testperson" not in html
    assert 'name="website"' in html
    assert 'name="token"' in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    response = client.post(link, {"answer": "partly", "comment": "  The food bank helped; the debt advice never rang. ",
                                  "token": token})
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "We have your answer" in thanks
    assert "ask for help again" in thanks  # not all the help they needed
    answer = ResidentAnswer.objects.get(request=closed_request)
    assert (answer.answer, answer.comment) == ("partly", "The food bank helped; the debt advice never rang.")
    event = closed_request.events.get(kind=RequestEvent.Kind.RESIDENT_ANSWERED)
    assert event.actor is None
    assert "partly" in event.text
    assert "debt advice never rang" in event.text
    audit = AuditEvent.objects.get(event="request.resident_answered")
    assert audit.actor is None
    assert audit.object_id == str(closed_request.uuid)
    # The status page now says thank you instead of asking.
    again = client.post(STATUS, {"reference": closed_request.reference, "postcode": "DE7 8QA"}).content.decode()
    assert 'data-testid="answered"' in again
    assert "/ask-for-help/answer/" not in again


def test_the_answer_is_kept_once(client, closed_request):
    link = queries.answer_path(closed_request)
    assert client.post(link, {"answer": "yes", "token": _token(client, link)}).status_code == 302
    second = client.post(link, {"answer": "no", "comment": "Changed my mind", "token": _token(client, link)})
    assert second.status_code == 200  # the thank-you page: the first answer stands
    assert list(ResidentAnswer.objects.values_list("answer", flat=True)) == ["yes"]
    with pytest.raises(feedback.AlreadyAnswered):
        feedback.record_answer(token=queries.link_token(closed_request), answer="no")
    assert closed_request.events.filter(kind=RequestEvent.Kind.RESIDENT_ANSWERED).count() == 1


def _token(client, link: str) -> str:  # noqa: ANN001
    html = client.get(link).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    return found.group(1) if found else ""


def test_an_answer_must_be_chosen(client, closed_request):
    link = queries.answer_path(closed_request)
    response = client.post(link, {"answer": "", "comment": "Kept", "token": _token(client, link)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Select whether you got the help you needed" in html
    assert "Kept" in html  # what was typed is kept
    assert not ResidentAnswer.objects.exists()


@pytest.mark.parametrize("token", ["nonsense", "mangled"])
def test_a_forged_or_mangled_link_is_refused(client, closed_request, token):
    if token == "mangled":
        token = queries.link_token(closed_request)[:-3] + "abc"
    response = client.get(reverse("frontdoor:ask-answer", args=[token]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.post(reverse("frontdoor:ask-answer", args=[token]), {"answer": "yes"}).status_code == 404
    assert not ResidentAnswer.objects.exists()


def test_a_link_lasts_ninety_days(client, closed_request, monkeypatch):
    old = signing.dumps(closed_request.reference, salt=queries.SALT)
    later = datetime.datetime.now().timestamp() + (queries.LINK_DAYS + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert queries.request_of(old) is None


def test_a_reopened_request_has_nothing_to_answer(client, closed_request, hub):
    link = queries.answer_path(closed_request)
    request_services.reopen(acting_user=hub, request=closed_request, version=closed_request.version,
                            reason="More to do")
    assert "We are working on your request again" in client.get(link).content.decode()
    assert client.post(link, {"answer": "yes"}).status_code == 200
    with pytest.raises(FrontDoorError):
        feedback.record_answer(token=queries.link_token(closed_request), answer="yes")
    assert not ResidentAnswer.objects.exists()


def test_an_open_request_status_page_does_not_ask(client, cotmanhay):
    request = a_request(cotmanhay)
    html = client.post(STATUS, {"reference": request.reference, "postcode": "DE7 8QA"}).content.decode()
    assert "/ask-for-help/answer/" not in html


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client, closed_request):
    link = queries.answer_path(closed_request)
    response = client.post(link, {"answer": "no", "website": "http://spam.example", "token": _token(client, link)})
    assert response.status_code == 302
    assert "Thank you" in client.get(response["Location"]).content.decode()
    assert not ResidentAnswer.objects.exists()


@override_settings(FRONTDOOR_ASK_RATE="2/h")
def test_the_answer_page_is_rate_limited(client, closed_request):
    link = queries.answer_path(closed_request)
    for _ in range(2):
        assert client.post(link, {"answer": ""}).status_code == 400
    response = client.post(link, {"answer": "yes", "comment": "Typed before the limit"})
    assert response.status_code == 429
    assert "Typed before the limit" in response.content.decode()
    assert not ResidentAnswer.objects.exists()


# --- Where the answer is seen -----------------------------------------------------------------


def test_the_answer_is_on_the_request_page(hub_client, closed_request):
    url = reverse("frontdoor:request", args=[closed_request.reference])
    assert 'data-testid="resident-answer"' not in hub_client.get(url).content.decode()
    feedback.record_answer(token=queries.link_token(closed_request), answer="no", comment="Nobody called")
    html = hub_client.get(url).content.decode()
    assert 'data-testid="resident-answer"' in html
    assert "Nobody called" in html
    assert "Resident answered" in html  # in the history


def test_answers_are_counted_on_the_demand_picture_in_the_week_closed(hub_client, cotmanhay, hub):
    requests = [a_request(cotmanhay) for _ in range(4)]
    for request in requests:
        request_services.close(acting_user=hub, request=request, version=request.version, outcome="met",
                               outcome_level=2)
    demand_services.refresh()
    for request, said in zip(requests, ["yes", "yes", "partly", "no"], strict=False):
        feedback.record_answer(token=queries.link_token(request), answer=said)
    assert DemandStale.objects.exists()  # each answer marks its week stale, as other counted changes do
    this_week = figures.week_start(timezone.localdate())
    filters = figures.Filters(start=this_week, end=timezone.localdate(), locality_id=cotmanhay.id)
    found = picture.compute(filters)
    assert not DemandStale.objects.exists()
    totals = found.wedge_totals
    assert (totals.answered_yes, totals.answered_partly, totals.answered_no) == (2, 1, 1)
    counted_live = live.compute_live(filters).wedge_totals
    assert (counted_live.answered_yes, counted_live.answered_partly, counted_live.answered_no) == (2, 1, 1)
    html = hub_client.get(reverse("frontdoor:demand")).content.decode()
    assert 'data-testid="table-answers"' in html
    assert "4 people answered: yes 2, partly 1, no 1." in html
