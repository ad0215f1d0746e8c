"""A coder codes a story in headless Chromium with axe on the page: a passage selected with the
keyboard in the story's text fills in its start and end, then tagging it marks it; a passage
with a character the browser counts twice (an emoji) and Windows line ends still lands on the
right characters."""

import pytest
from playwright.sync_api import expect

from thriving.stories.models import Coding
from thriving.stories.tests.factories import CodeFactory, StoryFactory

pytestmark = pytest.mark.browser


def test_a_coder_selects_a_passage_by_keyboard_and_tags_it(page, axe, sign_in, story_project, coder):
    story = StoryFactory(project=story_project, title="The heater", text="😀 My neighbour\r\nlent me a heater.")
    CodeFactory(project=story_project, name="Neighbourly help")
    sign_in(page, coder)
    page.goto(f"/stories/projects/{story_project.slug}/coding/{story.uuid}/")
    text = page.get_by_role("textbox", name="The story's text: select a passage to code")
    expect(text).to_be_visible()
    axe(page, "coding a story")
    text.focus()
    page.keyboard.press("Control+Home")
    for _ in range(5):  # past the emoji, the space and "My "
        page.keyboard.press("ArrowRight")
    for _ in range(9):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.get_by_label("Passage starts at character")).to_have_value("5")
    expect(page.get_by_label("Passage ends at character")).to_have_value("14")
    expect(page.locator("[data-coding-chosen]")).to_contain_text("neighbour")
    # Across the line end, stored as two characters.
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.get_by_label("Passage ends at character")).to_have_value("20")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowLeft")
    expect(page.get_by_label("Passage ends at character")).to_have_value("14")
    page.keyboard.press("x")  # typing changes nothing
    assert "x" not in text.inner_text()
    page.get_by_label("Code", exact=True).select_option(label="Neighbourly help")
    page.get_by_role("button", name="Tag the passage").click()
    expect(page.locator("mark.stories-coding__mark")).to_have_text("neighbour")
    coding = Coding.objects.get()
    assert (coding.start, coding.end, coding.quote) == (5, 14, "neighbour")
    axe(page, "a story with a coded passage")
