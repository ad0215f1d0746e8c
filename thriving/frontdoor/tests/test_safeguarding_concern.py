"""Raising a safeguarding concern from the page of an at-risk or urgent request: offered to the hub
workers and safeguarding leads who work on it, recorded in its history and the audit trail, with a
confirmation banner, and shown with who raised it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thriving.core.models import Role
from thriving.frontdoor.models import RequestEvent
from thriving.frontdoor.services import safeguarding
from thriving.frontdoor.tests.helpers import audited
from thriving.frontdoor.tests.test_work import a_request, signed_in

pytestmark = pytest.mark.usefixtures("fresh_cache")

RAISE = "Raise a safeguarding concern"


def page_url(request) -> str:  # noqa: ANN001
    return reverse("frontdoor:request", args=[request.reference])


def raise_url(request) -> str:  # noqa: ANN001
    return reverse("frontdoor:request-safeguarding-concern", args=[request.reference])


@pytest.fixture
def at_risk(cotmanhay):
    return a_request(cotmanhay, immediate_risk=True, urgency="urgent")


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.SAFEGUARDING_LEAD])
def test_a_hub_worker_or_lead_raises_a_concern_and_sees_it_with_their_name(
    client, user_with_role, cotmanhay, at_risk, role
):
    worker = user_with_role(role, locality=cotmanhay)
    worker.full_name = "Robin Testworker"
    worker.save()
    client = signed_in(client, worker)
    page = client.get(page_url(at_risk)).content.decode()
    assert RAISE in page
    assert 'data-testid="concerns-raised"' not in page

    response = client.post(raise_url(at_risk), {"safeguarding-text": "Their partner takes their money."},
                           follow=True)
    assert response.redirect_chain[-1][0].endswith(f"{page_url(at_risk)}#safeguarding")
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Safeguarding concern raised. It is in the request&#x27;s history" in html
    raised = html[html.index('data-testid="concerns-raised"'):]
    assert "Robin Testworker" in raised[:600]
    assert "Their partner takes their money." in raised[:600]

    event = RequestEvent.objects.get(request=at_risk, kind=RequestEvent.Kind.SAFEGUARDING_CONCERN)
    assert event.actor == worker
    assert event.text == "Their partner takes their money."
    entry = audited("request.safeguarding_concern_raised")
    assert entry.actor == worker
    assert entry.purpose == "safeguarding"
    # Once raised, another can still be raised, behind "Raise another".
    assert "Raise another safeguarding concern" in client.get(page_url(at_risk)).content.decode()


def test_a_request_triaged_as_urgent_offers_it_too(client, user_with_role, cotmanhay):
    urgent = a_request(cotmanhay, urgency="urgent")
    client = signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    assert RAISE in client.get(page_url(urgent)).content.decode()


def test_a_routine_request_does_not_offer_it_and_refuses_it(client, user_with_role, cotmanhay):
    routine = a_request(cotmanhay)
    client = signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    assert RAISE not in client.get(page_url(routine)).content.decode()
    assert client.post(raise_url(routine), {"safeguarding-text": "Worried"}).status_code == 403
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.SAFEGUARDING_CONCERN).exists()


def test_saying_nothing_shows_the_error_and_records_nothing(client, user_with_role, cotmanhay, at_risk):
    client = signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    response = client.post(raise_url(at_risk), {"safeguarding-text": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Say what the safeguarding concern is" in html
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.SAFEGUARDING_CONCERN).exists()


def test_people_outside_the_request_cannot_raise_it(client, user_with_role, cotmanhay, elsewhere, at_risk):
    other_hub = signed_in(client, user_with_role(Role.HUB_WORKER, locality=elsewhere))
    assert other_hub.post(raise_url(at_risk), {"safeguarding-text": "Worried"}).status_code == 404
    staff = signed_in(client, user_with_role(Role.ORGANISATION_STAFF))
    assert staff.post(raise_url(at_risk), {"safeguarding-text": "Worried"}).status_code == 403
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.SAFEGUARDING_CONCERN).exists()


def test_the_service_checks_its_own_policy(user_with_role, cotmanhay, elsewhere, at_risk):
    with pytest.raises(PermissionDenied):
        safeguarding.raise_concern(acting_user=user_with_role(Role.HUB_WORKER, locality=elsewhere),
                                   request=at_risk, text="Worried")
    with pytest.raises(PermissionDenied):
        safeguarding.raise_concern(acting_user=user_with_role(Role.ANALYST), request=at_risk, text="Worried")
    event = safeguarding.raise_concern(acting_user=user_with_role(Role.SAFEGUARDING_LEAD), request=at_risk,
                                       text="Worried")
    assert event.kind == RequestEvent.Kind.SAFEGUARDING_CONCERN
