"""Community ideas in headless Chromium with axe on every page: a resident proposes an idea (with a
mistake first); a facilitator takes it on."""

import pytest

from thriving.community.models import Idea
from thriving.community.tests.factories import IdeaFactory
from thriving.core.models import Role

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
    assert page.locator(".govuk-error-summary").is_visible()
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
