"""A resident signs a pledge, and an organiser runs the campaign: headless Chromium with axe on
every page."""

import pytest
from playwright.sync_api import expect

from thriving.community.models import CommitmentProgress, PledgeSignature
from thriving.community.tests.factories import OrganisationPledgeFactory
from thriving.core.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_rate_limit", "larder")]


@pytest.fixture
def larder(campaign):
    """A local larder's commitment to the campaign."""
    return OrganisationPledgeFactory(campaign=campaign, organisation_name="Cotmanhay Larder",
                                     commitment="Weekly doorstep bags for anyone who cannot get to us.")


def test_a_resident_signs_a_pledge(page, axe, campaign):
    page.goto("/pledges/")
    axe(page, "open pledges")
    page.get_by_role("link", name="Be kind in Cotmanhay").click()
    page.wait_for_url("**/pledges/be-kind/")
    assert page.get_by_text("0 people have signed").is_visible()
    axe(page, "a pledge")

    page.locator("#id_person-email").fill("not an email")
    page.get_by_role("button", name="Sign the pledge").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_role("link", name="Enter your name").is_visible()
    axe(page, "a pledge with mistakes")

    page.locator("#id_person-name").fill("Ada Testwright")
    page.get_by_label("Show my name on this page").check()
    page.locator("#id_person-email").fill("ada@example.org")
    page.locator("#id_person-postcode").fill("de7 8qa")
    page.get_by_role("button", name="Sign the pledge").click()
    page.wait_for_url("**/pledges/be-kind/signed/")
    assert page.get_by_role("heading", name="You have signed the pledge").is_visible()
    axe(page, "pledge signed")
    signature = PledgeSignature.objects.get()
    assert (signature.name, signature.email, signature.postcode) == ("Ada Testwright", "ada@example.org", "DE7 8QA")

    page.get_by_role("link", name="Go back to the pledge").click()
    expect(page.get_by_text("1 person has signed")).to_be_visible()
    assert page.get_by_test_id("names").get_by_text("Ada Testwright").is_visible()
    page.locator("#id_person-name").fill("ada testwright")
    page.locator("#id_person-email").fill("ADA@example.org")
    page.get_by_role("button", name="Sign the pledge").click()
    page.wait_for_url("**/pledges/be-kind/signed/")
    assert page.get_by_role("heading", name="You have already signed this pledge").is_visible()
    axe(page, "already signed")
    assert PledgeSignature.objects.count() == 1


def test_an_organiser_runs_a_campaign(sign_in, page, axe, campaign, user_with_role):
    member = user_with_role(Role.TEAM_MEMBER)
    PledgeSignature.objects.create(campaign=campaign, name="Bea Testfield", email="bea@example.org",
                                   person_key="email:bea@example.org")
    sign_in(page, member)
    page.goto("/pledge-campaigns/")
    axe(page, "pledge campaigns")
    page.get_by_role("button", name="Set up a pledge campaign").click()
    page.get_by_role("button", name="Save the campaign").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page, "new campaign with mistakes")

    page.goto("/pledge-campaigns/be-kind/")
    assert page.get_by_text("bea@example.org").is_visible()
    page.get_by_text("Record progress for Cotmanhay Larder").first.click()
    page.get_by_label("On track").check()
    page.get_by_label("What has happened").fill("Twelve bags a week")
    page.get_by_role("button", name="Record progress for Cotmanhay Larder").click()
    expect(page.get_by_text("Progress was recorded for Cotmanhay Larder")).to_be_visible()
    axe(page, "running a campaign")
    assert CommitmentProgress.objects.get().note == "Twelve bags a week"
