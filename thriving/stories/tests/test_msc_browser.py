"""A team's Most Significant Change round in headless Chromium, with axe on every page: set up
(a mistake first), a story put forward, the gathering stopped, the panel's selection (a missing
reason first), and the round with the selection and its reason."""

import pytest
from playwright.sync_api import expect

from thriving.stories.models import MSCRound
from thriving.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.browser


def test_a_team_runs_a_round(page, axe, sign_in, story_member, story_project):
    StoryFactory(project=story_project, title="The warm space", text="The library kept a warm room all winter.")
    StoryFactory(project=story_project, title="Our own words", text="Please do not quote me.", consent_quote=False)
    sign_in(page, story_member)
    page.goto("/stories/change/")
    axe(page, "the rounds")
    page.get_by_role("link", name="Set up a round").click()
    axe(page, "setting up a round")
    page.get_by_role("button", name="Set up the round").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page, "setting up a round, with mistakes")
    page.get_by_label("Title").fill("Shirebrook spring")
    page.get_by_label("Connected team").check()
    page.locator("select[name=team]").select_option(label=story_project.team.name)
    page.locator("select[name=project]").select_option(label=story_project.title)
    page.get_by_role("button", name="Set up the round").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Gathering stories")
    axe(page, "the round, gathering")

    page.get_by_role("link", name="Put a story forward").click()
    axe(page, "putting a story forward")
    page.get_by_label("The warm space").check()
    page.get_by_label("Changes in people's lives").check()
    page.locator("textarea[name=note]").fill("A whole street came in from the cold")
    page.get_by_role("button", name="Put it forward").click()
    page.get_by_role("link", name="Put a story forward").click()
    page.get_by_label("Our own words").check()
    page.get_by_label("Changes in people's lives").check()
    page.get_by_role("button", name="Put it forward").click()
    expect(page.get_by_test_id("not-quoted")).to_be_visible()
    assert "Please do not quote me." not in page.content()
    axe(page, "the round with stories put forward")
    page.get_by_role("button", name="Stop gathering: the panel selects").click()
    expect(page.get_by_test_id("round-status")).to_have_text("The panel is selecting")

    page.get_by_role("link", name="Record the panel’s selections").click()
    axe(page, "the panel's selections")
    page.get_by_label("The warm space").check()
    page.get_by_role("button", name="Save the selections").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the panel chose it")
    axe(page, "the panel's selections, with a mistake")
    page.get_by_label("The warm space").check()
    page.get_by_label("Why the panel chose it in “Changes in people's lives”").fill("Warmth brought people together.")
    page.get_by_role("button", name="Save the selections").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Selections made")
    expect(page.get_by_test_id("selection")).to_contain_text("Warmth brought people together.")
    axe(page, "the round with its selection")
    assert MSCRound.objects.get().status == MSCRound.Status.DONE
