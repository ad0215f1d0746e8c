"""The patterns page in headless Chromium with axe: the charts and tables of every kind of
signifier, then a place chosen, swapped in by htmx with the address pushed, axe again."""

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from thriving.stories.tests.test_sensemaking_pages import world  # noqa: F401  # the fixture

pytestmark = pytest.mark.browser


def test_patterns_page_filters_by_place_and_is_accessible(page, axe, sign_in, story_member, world):  # noqa: F811
    caches["snapshots"].clear()
    sign_in(page, story_member)
    page.goto(f"/stories/projects/{world['project'].slug}/patterns/")
    expect(page.get_by_role("heading", name="Patterns across the signifiers")).to_be_visible()
    expect(page.get_by_test_id("patterns-count")).to_contain_text("not stated")  # some counts withheld
    axe(page, "the patterns page with a triad, dyad, stones, choice and age band")
    page.get_by_label("Place", exact=True).select_option(label="North")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("patterns-count")).to_contain_text("8")
    assert f"place={world['north'].code}" in page.url
    axe(page, "the patterns page for one place")
    caches["snapshots"].clear()
