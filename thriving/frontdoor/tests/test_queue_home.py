"""The hub worker's day: the queue puts urgent requests at the very top and new untriaged ones
next, references never wrap, the staff home page counts the work waiting, and every action
confirms itself with a GOV.UK success banner after the redirect."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import Role
from thriving.frontdoor.models import Referral
from thriving.frontdoor.tests.factories import ReferralFactory
from thriving.frontdoor.tests.test_work import a_request, offer, signed_in

QUEUE = reverse("frontdoor:queue")
HOME = reverse("core:home")
REFERENCE = re.compile(r'class="govuk-link thriving-nowrap" href="[^"]+">(TH-[A-Z0-9]{4}-[A-Z0-9]{4})</a>')

pytestmark = pytest.mark.usefixtures("fresh_cache")


def success_banner(html: str) -> str:
    """The words of the page's one success banner (and that it is announced as an alert)."""
    banners = re.findall(
        r'<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"[^>]*>.*?'
        r'<h2 class="govuk-notification-banner__title"[^>]*>Success</h2>.*?'
        r'<p class="govuk-notification-banner__heading">(.*?)</p>', html, re.S)
    assert len(banners) == 1, banners
    return banners[0]


def test_urgent_requests_are_at_the_very_top_then_new_untriaged_ones(client, user_with_role, cotmanhay):
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    now = timezone.now()
    days = datetime.timedelta(days=1)
    triaged_old = a_request(cotmanhay, status="triaged", level=2, created_at=now - 20 * days)
    triaged_soon = a_request(cotmanhay, status="triaged", level=2, urgency="soon", created_at=now - 15 * days)
    new_old = a_request(cotmanhay, created_at=now - 5 * days)
    new_recent = a_request(cotmanhay, created_at=now - 1 * days)
    new_soon = a_request(cotmanhay, urgency="soon", created_at=now)
    urgent_triaged = a_request(cotmanhay, status="triaged", level=3, urgency="urgent", created_at=now)
    urgent_new = a_request(cotmanhay, urgency="urgent", created_at=now - 2 * days)
    html = signed_in(client, hub).get(QUEUE).content.decode()
    assert REFERENCE.findall(html) == [
        urgent_new.reference, urgent_triaged.reference,  # urgent first, oldest first
        new_soon.reference, new_old.reference, new_recent.reference,  # then the new ones, soon before routine
        triaged_soon.reference, triaged_old.reference,  # then the rest
    ]


def test_references_never_wrap_in_the_queues(client, user_with_role, cotmanhay, service):
    request = a_request(cotmanhay)
    html = signed_in(client, user_with_role(Role.HUB_WORKER)).get(QUEUE).content.decode()
    assert REFERENCE.findall(html) == [request.reference]
    ReferralFactory(request=request, service=service)
    html = signed_in(client, service.staff).get(reverse("frontdoor:referral-queue")).content.decode()
    assert re.findall(r'class="govuk-link thriving-nowrap" href="[^"]+">([^<]+)</a>', html) == [request.reference]


def test_the_hub_home_counts_the_waiting_work_in_my_localities(client, user_with_role, cotmanhay, elsewhere):
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    a_request(cotmanhay)
    a_request(cotmanhay, urgency="urgent")
    a_request(cotmanhay, status="triaged", level=2, urgency="urgent", bring_to_huddle=True)
    a_request(None)  # no locality: every hub worker's
    a_request(cotmanhay, status="closed", outcome="met", outcome_level=2, closed_at=timezone.now(),
              urgency="urgent", bring_to_huddle=True)
    a_request(elsewhere, urgency="urgent", bring_to_huddle=True)
    html = signed_in(client, hub).get(HOME).content.decode()
    assert re.search(r'data-testid="untriaged-requests"><a class="govuk-link" href="/requests/\?status=new">'
                     r'3 new requests to triage</a>', html)
    assert re.search(r'data-testid="urgent-requests"><a class="govuk-link" href="/requests/\?urgency=urgent">'
                     r'2 urgent requests</a>', html)
    assert re.search(r'data-testid="huddle-requests"><a class="govuk-link" href="/requests/\?huddle=on">'
                     r'1 request to bring to the huddle</a>', html)
    assert 'data-testid="referrals-home-summary"' not in html  # not on an organisation's staff
    # The links lead to just those requests.
    assert len(REFERENCE.findall(client.get(QUEUE, {"status": "new"}).content.decode())) == 3


def test_an_organisations_home_counts_its_referrals_awaiting_an_answer(client, user_with_role, service, cotmanhay):
    now = timezone.now()
    ReferralFactory(service=service, due_by=now + datetime.timedelta(days=3))
    ReferralFactory(service=service, due_by=now - datetime.timedelta(days=1))
    ReferralFactory(service=service, status=Referral.Status.ACCEPTED, due_by=now - datetime.timedelta(days=1))
    ReferralFactory()  # another organisation's
    html = signed_in(client, service.staff).get(HOME).content.decode()
    assert re.search(r'data-testid="referrals-awaiting"><a class="govuk-link" href="/referrals/">'
                     r'2 referrals awaiting an answer</a> <strong class="govuk-tag govuk-tag--red">1 overdue</strong>',
                     html)
    assert 'data-testid="hub-home-summary"' not in html  # not a hub worker


def test_the_home_counts_take_one_query_each(client, user_with_role, django_assert_max_num_queries, cotmanhay):
    for _ in range(5):
        a_request(cotmanhay, urgency="urgent")
    signed_in(client, user_with_role(Role.HUB_WORKER))
    client.get(HOME)
    with django_assert_max_num_queries(12):
        assert "5 urgent requests" in client.get(HOME).content.decode()


def test_every_action_on_a_request_confirms_with_a_success_banner(client, user_with_role, cotmanhay, taxonomy):
    bank = offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]])
    request = a_request(cotmanhay)
    ref = request.reference
    signed_in(client, user_with_role(Role.HUB_WORKER))

    def post(action: str, data: dict) -> str:
        request.refresh_from_db()
        data = {key: request.version if value == "VERSION" else value for key, value in data.items()}
        response = client.post(reverse(f"frontdoor:request-{action}", args=[ref]), data, follow=True)
        assert response.redirect_chain[0][1] == 302
        assert response.redirect_chain[0][0].startswith(reverse("frontdoor:request", args=[ref]))
        return success_banner(response.content.decode())

    assert post("triage", {"triage-version": "VERSION", "triage-level": "2", "triage-urgency": "soon",
                           "triage-needs": [str(taxonomy["food-banks"].uuid)]}) == f"{ref} was triaged at level 2"
    assert post("refer", {"refer-service": str(bank.uuid)}) == f"{ref} was referred to Cotmanhay Food Bank"
    assert post("huddle", {"huddle-version": "VERSION", "huddle-flag": "True"}) == (
        f"{ref} will be brought to the huddle")
    assert post("huddle", {"huddle-version": "VERSION", "huddle-flag": "False"}) == (
        f"{ref} was taken off the huddle agenda")
    assert post("note", {"note-text": "Rang back"}) == "The note was added"
    assert post("send", {"send-services": [str(bank.uuid)], "send-email": "alys@example.org"}) == (
        "The information was sent to alys@example.org")
    assert post("close", {"close-version": "VERSION", "close-outcome": "met", "close-outcome_level": "2"}) == (
        f"{ref} was closed")
    assert post("reopen", {"reopen-version": "VERSION", "reopen-reason": "Rang again"}) == f"{ref} was reopened"
    # Once shown, the banner is gone.
    assert "govuk-notification-banner--success" not in client.get(
        reverse("frontdoor:request", args=[ref])).content.decode()


def test_a_mistake_shows_no_success_banner(client, user_with_role, cotmanhay):
    request = a_request(cotmanhay)
    response = signed_in(client, user_with_role(Role.HUB_WORKER)).post(
        reverse("frontdoor:request-triage", args=[request.reference]), {"triage-version": request.version})
    assert response.status_code == 400
    assert "govuk-notification-banner--success" not in response.content.decode()


@pytest.mark.parametrize(("action", "data", "words"), [
    ("accept", {}, "You accepted the referral of {ref}"),
    ("decline", {"decline-reason": "no_capacity"}, "You declined the referral of {ref}: it goes back to the hub"),
])
def test_answering_a_referral_confirms_with_a_success_banner(client, service, action, data, words):
    referral = ReferralFactory(service=service)
    ref = referral.request.reference
    form = {f"{action}-version": referral.version, **data}
    response = signed_in(client, service.staff).post(
        reverse(f"frontdoor:referral-{action}", args=[referral.uuid]), form, follow=True)
    assert response.redirect_chain == [(reverse("frontdoor:referral", args=[referral.uuid]), 302)]
    assert success_banner(response.content.decode()).startswith(words.format(ref=ref))


def test_completing_a_referral_confirms_with_a_success_banner(client, service):
    referral = ReferralFactory(service=service, status=Referral.Status.ACCEPTED)
    response = signed_in(client, service.staff).post(
        reverse("frontdoor:referral-complete", args=[referral.uuid]),
        {"complete-version": referral.version, "complete-note": "Two food parcels delivered"}, follow=True)
    assert success_banner(response.content.decode()) == (
        f"The referral of {referral.request.reference} is marked as completed")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
