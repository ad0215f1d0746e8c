"""A team member takes a confirmed theme up as a priority, takes an anonymised quote from one of
its stories, is refused an edit that puts a phone number back, approves the quote and sees it on
the priority's page and the priority on the team page: in headless Chromium with axe on every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thriving.stories.models import Priority, Quote
from thriving.stories.tests.factories import StoryFactory, ThemeFactory, in_theme

pytestmark = pytest.mark.browser


def test_a_theme_becomes_a_priority_with_a_reviewed_quote(page, axe, sign_in, story_member, story_project,
                                                          story_team):
    theme = ThemeFactory(project=story_project, label="Somewhere warm to go")
    in_theme(theme, *[StoryFactory(project=story_project, told_on=timezone.localdate()) for _ in range(6)])
    story = StoryFactory(project=story_project, title="The heater", teller_name="Dennis Teller",
                         text="Dennis here. The hub rang me on 07700 900123 and brought a heater round.")
    in_theme(theme, story)
    sign_in(page, story_member)

    page.goto(f"/stories/priorities/new/?theme={theme.uuid}")
    expect(page.get_by_label("Title")).to_have_value("Somewhere warm to go")
    axe(page, "setting up a priority from a theme")
    page.get_by_label("Summary").fill("People say the warm spaces kept them going.")
    page.get_by_role("button", name="Set up the priority").click()
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    axe(page, "the priority's page")
    priority = Priority.objects.get()

    page.get_by_role("link", name="Take a quote from a story").click()
    axe(page, "choosing a story to quote")
    page.get_by_role("link", name="The heater").click()
    page.get_by_label("The passage to quote").fill("The hub rang me on 07700 900123 and brought a heater round.")
    axe(page, "choosing the passage")
    page.get_by_role("button", name="Anonymise the passage").click()
    expect(page.get_by_test_id("redacted")).to_contain_text("[phone]")
    axe(page, "reviewing the quote")

    page.get_by_label("The quote as it will be shown").fill("The hub rang me on 07700 900123.")
    page.get_by_label("Approve it: it may be quoted as it is below").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("still holds a phone number")
    axe(page, "reviewing the quote, with an error")
    page.get_by_label("The quote as it will be shown").fill("The hub rang me and brought a heater round.")
    page.get_by_label("Approve it: it may be quoted as it is below").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("quote")).to_contain_text("The hub rang me and brought a heater round.")
    assert Quote.objects.get().status == Quote.Status.APPROVED

    page.goto(f"/teams/{story_team.slug}/")
    expect(page.get_by_role("link", name="Somewhere warm to go: 7 stories, 0 ideas linked")).to_be_visible()
    page.goto("/stories/priorities/")
    axe(page, "the priorities")
    expect(page.get_by_role("link", name=priority.title)).to_be_visible()
