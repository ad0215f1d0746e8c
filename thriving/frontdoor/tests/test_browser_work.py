"""A hub worker triages a request and refers it; the organisation accepts it. Headless Chromium
with axe on every page."""

import pytest

from thriving.core.models import Organisation, Role
from thriving.directory.models import TaxonomyTerm
from thriving.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting_request(cotmanhay, taxonomy):
    locality = cotmanhay
    larder_org = OrganisationFactory(name="Cotmanhay Community Larder")
    larder = ServiceFactory(name="Cotmanhay Food Larder", organisation=larder_org, help_level=2,
                            access=["drop_in"])
    larder.needs.set(TaxonomyTerm.objects.filter(code="food-pantries"))
    ServiceAtLocationFactory(service=larder, location=LocationFactory(name="Cotmanhay Community Centre",
                                                                      latitude=52.992, longitude=-1.318))
    person = PersonFactory(given_name="Branwen", family_name="Testfield", postcode="DE7 8QA", locality=locality)
    ConsentFactory(person=person)
    request = HelpRequestFactory(person=person, locality=locality, postcode="DE7 8QA",
                                 description="We have no food until Friday.")
    return request


def test_a_hub_worker_triages_and_refers_and_the_organisation_accepts(
    page, axe, sign_in, waiting_request, user_with_role
):
    hub = user_with_role(Role.HUB_WORKER)
    larder_staff = user_with_role(Role.ORGANISATION_STAFF,
                                  organisation=Organisation.objects.get(name="Cotmanhay Community Larder"))
    sign_in(page, hub)
    page.goto("/requests/")
    axe(page, "work queue")
    page.get_by_role("link", name=waiting_request.reference).click()
    page.wait_for_url(f"**/requests/{waiting_request.reference}/")
    axe(page, "request page, before triage")

    # Triage with a mistake first: every error at once.
    page.get_by_role("button", name="Save the triage").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the level of help" in summary
    axe(page, "triage with errors")
    page.get_by_role("group", name="Level on the Hierarchy of Help").get_by_label(
        "2. Community and volunteer support").check()
    page.get_by_role("group", name="Urgency").get_by_label("Soon: within a few days").check()
    page.get_by_role("group", name="Food", exact=True).get_by_label("Food pantries and larders").check()
    page.get_by_role("button", name="Save the triage").click()
    page.wait_for_url("**#suggestions")
    assert "Level 2" in page.get_by_test_id("level").inner_text()
    reasons = page.get_by_test_id("suggestions").inner_text()
    assert "Cotmanhay Food Larder" in reasons
    assert "the level this request was triaged at" in reasons
    axe(page, "request page with suggestions")

    page.locator("summary", has_text="Refer to Cotmanhay Food Larder").click()
    page.get_by_label("What should they know?").fill("Please ring after school pick-up")
    page.get_by_role("button", name="Refer to Cotmanhay Food Larder").click()
    page.wait_for_url("**#referrals")
    assert "Awaiting an answer" in page.get_by_test_id("referrals").inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, larder_staff)
    page.goto("/referrals/")
    axe(page, "referral queue")
    page.get_by_role("link", name=waiting_request.reference).click()
    axe(page, "a referral")
    assert "Please ring after school pick-up" in page.locator("main").inner_text()
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/referrals/*/")
    assert page.get_by_test_id("referral-status").inner_text() == "Accepted"
    axe(page, "an accepted referral")
    assert Referral.objects.get().status == Referral.Status.ACCEPTED
    assert HelpRequest.objects.get().status == HelpRequest.Status.IN_PROGRESS
