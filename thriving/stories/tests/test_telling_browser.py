"""A resident tells a story on a phone (360 px wide) in headless Chromium with axe on every page:
the triad placed by keyboard, then by a click, the dyad by its slider; a triad that does not add
up first; then the private link, and withdrawing with it."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from thriving.stories.models import SignifierAnswer, Story
from thriving.stories.tests.factories import DyadFactory, TriadFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def quick_forms(settings):
    cache.clear()
    settings.FRONTDOOR_MIN_SECONDS = 0
    settings.FRONTDOOR_ASK_RATE = "1000/h"
    yield
    cache.clear()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_resident_tells_a_story_on_a_phone(page, axe, quick_forms, story_project):
    TriadFactory(project=story_project, key="help", prompt="The help came from",
                 labels=["family", "community", "services"])
    DyadFactory(project=story_project, key="felt", prompt="I felt", labels=["alone", "part of something"],
                position=2)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/stories/tell/{story_project.slug}/")
    triangle = page.get_by_role("slider", name="The help came from")
    expect(triangle).to_be_visible()
    axe(page, "the tell-a-story form with its triad and dyad")
    no_sideways_scroll(page)

    # A triad that does not add up, typed: an error naming the signifier.
    page.get_by_label("Your story", exact=True).fill("The warm room at the library kept us going.")
    page.get_by_label("family (%)").fill("50")
    page.get_by_label("community (%)").fill("30")
    page.get_by_label("services (%)").fill("30")
    page.get_by_label("I agree to my story being used in this project").check()
    page.get_by_role("button", name="Send your story").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "For “The help came from”, the three numbers must add up to 100" in summary.inner_text()
    axe(page, "the tell-a-story form with an error")

    # By keyboard: focus the triangle, move the point; the three numbers follow and add up.
    triangle.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowLeft")
    values = [float(page.get_by_label(f"{label} (%)").input_value()) for label in ("family", "community", "services")]
    assert sum(values) == 100
    assert values != [50, 30, 30]
    # By a click near the bottom-left corner: mostly "community".
    box = triangle.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.12, box["y"] + box["height"] * 0.88)
    community = float(page.get_by_label("community (%)").input_value())
    assert community > 70
    # The dyad's slider moves its number.
    slider = page.get_by_role("slider", name="I felt: from alone (0) to part of something (100)")
    expect(slider).to_be_visible()
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert page.get_by_label("Position, 0 to 100").input_value() == "55"
    axe(page, "the controls placed")
    page.get_by_role("button", name="Send your story").click()

    link = page.get_by_test_id("private-link")
    expect(link).to_be_visible()
    axe(page, "thank you, with the private link")
    story = Story.objects.get()
    assert story.moderation == Story.Moderation.PENDING
    triad = SignifierAnswer.objects.get(signifier__key="help")
    assert triad.a + triad.b + triad.c == pytest.approx(1)
    assert triad.b > 0.7
    assert SignifierAnswer.objects.get(signifier__key="felt").a == pytest.approx(0.55)

    link.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Your story", exact=True)).to_be_visible()
    axe(page, "the teller's story by the private link")
    page.get_by_role("link", name="Withdraw your story").click()
    expect(page.get_by_role("heading", name="Are you sure you want to withdraw your story?")).to_be_visible()
    axe(page, "confirming the withdrawal")
    page.get_by_role("button", name="Yes, withdraw my story").click()
    expect(page.get_by_role("heading", name="Your story has been withdrawn")).to_be_visible()
    axe(page, "withdrawn")
    story.refresh_from_db()
    assert story.withdrawn_at
    assert not SignifierAnswer.objects.exists()


def test_a_gatherer_types_in_a_story_from_paper_on_a_phone(page, axe, sign_in, story_project, story_member):
    from thriving.stories.models import Signifier

    Signifier.objects.create(project=story_project, kind=Signifier.Kind.STONES, key="places", prompt="Place these",
                             labels=["far", "near", "rarely", "often"], options=["library", "GP"], position=1)
    Signifier.objects.create(project=story_project, kind=Signifier.Kind.CHOICE, key="kind", prompt="What kind",
                             options=["money", "food"], allow_many=True, position=2)
    Signifier.objects.create(project=story_project, kind=Signifier.Kind.DEMOGRAPHIC, key="age", prompt="Your age",
                             options=["under 25", "25 and over"], position=3)
    sign_in(page, story_member)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/stories/projects/{story_project.slug}/gather/")
    stone = page.get_by_role("slider", name="library: arrow keys move it across and up")
    expect(stone).to_be_visible()
    axe(page, "the gathering form with stones, choices and demographics")
    no_sideways_scroll(page)
    page.get_by_label("On paper: I am typing it in").check()
    page.get_by_label("The date on the paper").fill("2020-02-03")
    page.get_by_label("The story, in the teller's words").fill("Written on a card at the fun day.")
    stone.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    assert page.locator("#s-places-0-x").input_value() == "55"
    assert page.locator("#s-places-0-y").input_value() == "55"
    page.get_by_label("food").check()
    page.get_by_label("25 and over").check()
    page.get_by_label("The teller agreed to their story being used in this project").check()
    page.get_by_role("button", name="Record the story").click()
    expect(page.get_by_test_id("private-link")).to_be_visible()
    axe(page, "the story recorded, with the teller's link")
    story = Story.objects.get()
    assert story.channel == Story.Channel.PAPER
    assert str(story.told_on) == "2020-02-03"
    assert set(SignifierAnswer.objects.values_list("signifier__key", "item")) == {
        ("places", "library"), ("kind", "food"), ("age", "25 and over")}
