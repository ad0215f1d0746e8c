"""Community ideas in headless Chromium with axe on every page: a resident proposes an idea (with a
mistake first); a facilitator takes it on."""

import pytest
from playwright.sync_api import expect

from thriving.community.models import Idea
from thriving.community.tests.factories import IdeaFactory
from thriving.core.models import Role
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_time_trap")]


def test_a_resident_proposes_an_idea(page, axe, cotmanhay):
    IdeaFactory(title="Community fridge", locality=cotmanhay, stage=Idea.Stage.RUNNING)
    page.goto("/ideas/")
    axe(page, "public ideas")
    page.get_by_role("link", name="Tell us your idea").click()
    page.wait_for_url("**/ideas/new/")
    axe(page, "propose an idea")
    page.get_by_label("Give your idea a short name").fill("Repair café")
    page.get_by_role("button", name="Send your idea").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page, "propose an idea with errors")
    page.get_by_label("Tell us about your idea").fill("Fix things together once a month.")
    page.get_by_label("Or your postcode").fill("de7 8qa")
    page.get_by_label("Your name").fill("Ada Example")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_role("button", name="Send your idea").click()
    page.wait_for_url("**/ideas/sent/")
    axe(page, "idea sent")
    idea = Idea.objects.get(title="Repair café")
    assert (idea.locality, idea.proposer_email) == (cotmanhay, "ada@example.org")


def test_a_facilitator_takes_an_idea_on(sign_in, page, axe, cotmanhay, user_with_role):
    idea = IdeaFactory(title="Repair café", locality=cotmanhay, proposer_name="Ada Example",
                       proposer_email="ada@example.org")
    facilitator = user_with_role(Role.TEAM_MEMBER)
    sign_in(page, facilitator)
    page.goto("/community/ideas/")
    axe(page, "facilitators' ideas")
    page.get_by_role("link", name="Repair café").click()
    axe(page, "an idea's page")
    page.get_by_label("Facilitator").select_option(str(facilitator.uuid))
    page.get_by_role("button", name="Assign").click()
    page.get_by_label("Stopped").check()
    page.get_by_role("button", name="Move the idea").click()
    assert "Say why the idea is stopping" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "an idea's page with an error")
    page.get_by_label("Exploring").check()
    page.get_by_role("button", name="Move the idea").click()
    assert page.get_by_test_id("stage").inner_text() == "Exploring"
    page.get_by_role("button", name="Show the resident's contact details").click()
    assert "ada@example.org" in page.get_by_test_id("contact").inner_text()
    idea.refresh_from_db()
    assert (idea.facilitator, idea.stage) == (facilitator, Idea.Stage.EXPLORING)
    page.goto("/community/ideas/new/")
    axe(page, "add an idea")


def test_a_quick_resident_outside_every_area_is_told_to_send_again_and_their_idea_is_taken(
    page, axe, cotmanhay, settings
):
    """DE7 4AA is a real Derbyshire postcode in no locality: typed without a space, it finds the
    nearest area. Sent within two seconds of the page showing, the form says so and keeps every
    answer; sent again a moment later, it goes through."""
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    settings.FRONTDOOR_MIN_SECONDS = 2
    page.goto("/ideas/new/")
    page.get_by_label("Give your idea a short name").fill("Walking group")
    page.get_by_label("Tell us about your idea").fill("A walk round the park on Sunday mornings.")
    page.get_by_label("Or your postcode").fill("de74aa")
    page.get_by_label("Your name").fill("Ada Example")
    page.get_by_role("button", name="Send your idea").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "This form was sent very quickly after it was shown" in summary
    assert page.get_by_label("Or your postcode").input_value() == "de74aa"
    assert not Idea.objects.exists()
    axe(page, "idea sent too quickly")
    page.wait_for_timeout(2000)
    page.get_by_role("button", name="Send your idea").click()
    page.wait_for_url("**/ideas/sent/")
    assert "gone to the team for Cotmanhay, the nearest area" in page.get_by_test_id("idea-area").inner_text()
    axe(page, "idea sent from outside every area")
    assert Idea.objects.get().locality == cotmanhay


def test_a_chosen_area_is_taken_with_a_postcode_outside_it(page, axe, cotmanhay):
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    LocalityFactory(name="Shirebrook", slug="shirebrook")
    page.goto("/ideas/new/")
    page.get_by_label("Give your idea a short name").fill("Repair café")
    page.get_by_label("Tell us about your idea").fill("Fix things together once a month.")
    page.get_by_label("Area").select_option("shirebrook")
    page.get_by_label("Or your postcode").fill("  DE7   4AA ")
    page.get_by_label("Your name").fill("Ada Example")
    page.get_by_role("button", name="Send your idea").click()
    page.wait_for_url("**/ideas/sent/")
    assert page.get_by_test_id("idea-area").inner_text() == "Your idea is for Shirebrook."
    axe(page, "idea sent for a chosen area")
    assert Idea.objects.get().locality.slug == "shirebrook"
