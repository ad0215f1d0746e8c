"""A directory editor registers a partner's feed served over HTTP, harvests it and reads the run's
report, in headless Chromium with axe on every page."""

import pytest

from thriving.core.models import Role
from thriving.directory.models import Service
from thriving.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


def test_an_editor_registers_a_feed_harvests_it_and_reads_the_report(
        page, axe, sign_in, user_with_role, transactional_db, feed_server):
    OrganisationFactory(name="Riverside Community Trust")
    editor = user_with_role(Role.DIRECTORY_EDITOR)
    sign_in(page, editor)
    page.goto("/directory/feeds/")
    axe(page, "partners' feeds")
    page.get_by_role("button", name="Register a feed").click()
    axe(page, "register a feed")
    page.get_by_role("button", name="Register the feed").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "register a feed with mistakes")
    page.get_by_label("Name of the feed").fill("Riverside Council")
    page.get_by_label("Address of the feed").fill(feed_server.url)
    page.get_by_label("An Open Referral UK API (1.0 or 3.0)").check()
    page.get_by_label("Organisation that publishes it").select_option(label="Riverside Community Trust")
    page.get_by_label("Every hour").check()
    page.get_by_role("button", name="Register the feed").click()
    page.wait_for_url("**/directory/feeds/*/")
    assert "Not yet harvested" in page.locator("main").inner_text()
    axe(page, "the feed")
    page.get_by_role("button", name="Harvest now").click()  # the test's tasks run as they are queued
    page.wait_for_url("**/directory/feeds/*/")
    assert "Up to date" in page.locator("main").inner_text()
    assert "The latest harvest" in page.get_by_test_id("feed-progress").inner_text()
    axe(page, "the feed harvested")
    page.get_by_test_id("feed-progress").get_by_role("link", name="See its report").click()
    page.wait_for_url("**/directory/imports/*/")
    report = page.locator("main").inner_text()
    assert "Riverside Council" in report
    assert "Services created" in report
    axe(page, "the harvest's report")
    assert Service.objects.filter(feed__name="Riverside Council").count() == 3
