"""The stories cycle as far as it is built, in headless Chromium with axe on every page: a team
member opens the project, takes a story waiting for moderation, asks the worker for suggested
themes (the real model, through the task), confirms one under a new name; then the teller
withdraws a story with their private link and it is gone from the theme's page."""

import pytest
from playwright.sync_api import expect

from thriving.stories.models import Story, Theme
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import STORY_TOPICS, StoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture
def told(story_project):
    made = {}
    for n in range(24):
        key = list(STORY_TOPICS)[n % 3]
        made[n] = StoryFactory(project=story_project, title="", text=f"{STORY_TOPICS[key]} This was story {n}.")
    return made


def test_a_team_moderates_suggests_and_confirms_themes_and_a_withdrawn_story_is_gone(
        page, axe, sign_in, story_member, story_project, told):
    waiting = StoryFactory(project=story_project, title="Waiting at the bus stop", moderation=Story.Moderation.PENDING,
                           text="Nobody came for an hour, then a woman from the chapel drove me to the hospital.")
    sign_in(page, story_member)
    page.goto("/stories/")
    axe(page, "the story projects")
    page.get_by_role("link", name=story_project.title).click()
    expect(page.get_by_test_id("question")).to_be_visible()
    axe(page, "the project's page")

    page.get_by_role("link", name="Stories waiting for moderation (1)").click()
    expect(page.get_by_test_id("waiting")).to_be_visible()
    axe(page, "the stories waiting for moderation")
    page.get_by_role("link", name="Waiting at the bus stop").click()
    expect(page.get_by_test_id("story-text")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page, "moderating a story, with an error")
    page.get_by_label("Yes: the project's people may see it").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("none-waiting")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.moderation == Story.Moderation.APPROVED

    page.goto(f"/stories/projects/{story_project.slug}/")
    page.get_by_role("link", name="Themes").click()
    expect(page.get_by_test_id("suggest")).to_be_visible()
    axe(page, "the themes page before any suggestion")
    page.get_by_test_id("suggest").click(timeout=120_000)  # the task loads the model and embeds, in the request
    expect(page.get_by_test_id("themes-suggested")).to_be_visible(timeout=120_000)
    axe(page, "the suggested themes")
    suggested = Theme.objects.filter(project=story_project, status=Theme.Status.SUGGESTED)
    assert suggested.count() >= 2
    heated = next(theme for theme in suggested if told[0].theme_memberships.filter(theme=theme).exists())
    page.get_by_role("link", name=heated.label).click()
    expect(page.get_by_test_id("decide-form")).to_be_visible()
    axe(page, "a suggested theme")
    page.get_by_label("Confirm it (rename it by changing the label)").check()
    page.locator("#id_label").fill("Warm spaces")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("themes-confirmed")).to_contain_text("Warm spaces")
    axe(page, "the themes, one confirmed")
    page.goto(f"/stories/projects/{story_project.slug}/themes/{heated.uuid}/")
    expect(page.get_by_test_id("theme-status")).to_have_text("Confirmed")

    # The teller of the first story withdraws it with their private link: gone from the theme.
    token = withdrawal.new_link(told[0])
    page.goto(f"/stories/my-story/{token}/withdraw/")
    page.get_by_role("button", name="Yes, withdraw my story").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("withdrawn")
    page.goto(f"/stories/projects/{story_project.slug}/themes/{heated.uuid}/")
    expect(page.get_by_test_id("theme-stories")).to_be_visible()
    assert "This was story 0." not in page.get_by_test_id("theme-stories").inner_text()
    assert "This was story 3." in page.get_by_test_id("theme-stories").inner_text()
