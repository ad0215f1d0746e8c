"""Which requests, people and referrals each person reaches from the pages: the scopes of
`thriving.frontdoor.policy`. Outside them a page is not found (404), so a record one may not see
cannot be told from one that does not exist; inside them it opens (200). The API uses the same
scopes (`thriving/api/tests/test_frontdoor_api.py`)."""

import uuid

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, Person, Referral
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


# --- Help requests -------------------------------------------------------------------------------


def test_a_request_is_found_only_by_the_hub_of_its_locality(client, user_with_role, cotmanhay, elsewhere):
    here = HelpRequestFactory(locality=cotmanhay)
    there = HelpRequestFactory(locality=elsewhere)
    signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    assert client.get(reverse("frontdoor:request", args=[here.reference])).status_code == 200
    assert client.get(reverse("frontdoor:request", args=[there.reference])).status_code == 404
    assert client.get(reverse("frontdoor:request", args=["TH-NOPE-NOPE"])).status_code == 404
    assert list(HelpRequest.objects.visible_to(user_with_role(Role.ANALYST))) == []  # counts only


def test_organisation_staff_find_the_requests_referred_to_them(client, user_with_role):
    referral = ReferralFactory()
    other = HelpRequestFactory()
    signed_in(client, user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation))
    assert client.get(reverse("frontdoor:request", args=[referral.request.reference])).status_code == 200
    assert client.get(reverse("frontdoor:request", args=[other.reference])).status_code == 404


def test_working_on_a_request_is_for_the_hub_of_its_locality(client, user_with_role, cotmanhay, elsewhere):
    """A hub worker who took a request for someone elsewhere may open it, but working on it (triage,
    referring, notes, closing) is for the hub of its own locality: the HelpRequest "work" scope."""
    worker = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    taken = HelpRequestFactory(locality=elsewhere, taken_by=worker)
    signed_in(client, worker)
    page = client.get(reverse("frontdoor:request", args=[taken.reference]))
    assert page.status_code == 200
    assert 'action="' + reverse("frontdoor:request-triage", args=[taken.reference]) not in page.content.decode()
    response = client.post(reverse("frontdoor:request-triage", args=[taken.reference]),
                           {"triage-version": 1, "triage-level": 2, "triage-urgency": "soon"})
    assert response.status_code == 404
    taken.refresh_from_db()
    assert (taken.level, taken.version) == (None, 1)

    here = HelpRequestFactory(locality=cotmanhay)
    assert 'action="' + reverse("frontdoor:request-triage", args=[here.reference]) in client.get(
        reverse("frontdoor:request", args=[here.reference])).content.decode()
    response = client.post(reverse("frontdoor:request-triage", args=[here.reference]),
                           {"triage-version": 1, "triage-level": 2, "triage-urgency": "soon"})
    assert response.status_code == 302
    here.refresh_from_db()
    assert here.level == 2


# --- People --------------------------------------------------------------------------------------


def test_a_person_is_found_only_within_the_workers_scope(client, user_with_role, cotmanhay, elsewhere):
    here = PersonFactory(locality=cotmanhay)
    there = PersonFactory(locality=elsewhere)
    signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    for name in ("frontdoor:person", "frontdoor:person-edit", "frontdoor:person-consent", "frontdoor:household-add"):
        assert client.get(reverse(name, args=[here.uuid])).status_code == 200, name
        assert client.get(reverse(name, args=[there.uuid])).status_code == 404, name
    assert client.get(reverse("frontdoor:person", args=[uuid.uuid4()])).status_code == 404


def test_a_merged_record_leads_to_the_kept_one_only_within_the_scope(client, user_with_role, cotmanhay, elsewhere):
    kept_here = PersonFactory(locality=cotmanhay)
    merged_here = PersonFactory(locality=cotmanhay, merged_into=kept_here)
    kept_there = PersonFactory(locality=elsewhere)
    merged_there = PersonFactory(locality=cotmanhay, merged_into=kept_there)
    signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    response = client.get(reverse("frontdoor:person", args=[merged_here.uuid]))
    assert (response.status_code, response.url) == (302, reverse("frontdoor:person", args=[kept_here.uuid]))
    assert client.get(reverse("frontdoor:person", args=[merged_there.uuid])).status_code == 404


def test_organisation_staff_find_the_people_of_the_requests_referred_to_them(client, user_with_role):
    referral = ReferralFactory()
    stranger = PersonFactory()
    signed_in(client, user_with_role(Role.ORGANISATION_STAFF, organisation=referral.organisation))
    assert client.get(reverse("frontdoor:person", args=[referral.request.person.uuid])).status_code == 200
    assert client.get(reverse("frontdoor:person", args=[stranger.uuid])).status_code == 404


def test_changing_a_person_is_within_the_same_scope(client, user_with_role, cotmanhay, elsewhere):
    there = PersonFactory(locality=elsewhere, phone="07700 900123")
    consent = ConsentFactory(person=there)
    signed_in(client, user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    response = client.post(reverse("frontdoor:consent-withdraw", args=[there.uuid, consent.uuid]), {"note": "No"})
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert not Person.objects.visible_to(user_with_role(Role.ANALYST), "change").exists()


# --- Referrals -----------------------------------------------------------------------------------


def test_a_referral_is_found_only_by_its_organisations_staff(client, user_with_role):
    ours, theirs = ReferralFactory(), ReferralFactory()
    signed_in(client, user_with_role(Role.ORGANISATION_STAFF, organisation=ours.organisation))
    assert client.get(reverse("frontdoor:referral", args=[ours.uuid])).status_code == 200
    assert client.get(reverse("frontdoor:referral", args=[theirs.uuid])).status_code == 404
    response = client.post(reverse("frontdoor:referral-accept", args=[theirs.uuid]), {"accept-version": 1})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Referral.Status.AWAITING
    response = client.post(reverse("frontdoor:referral-accept", args=[ours.uuid]), {"accept-version": 1})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == Referral.Status.ACCEPTED
