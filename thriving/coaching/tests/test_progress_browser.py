"""A coach's caseload, a family's timeline and their progress in headless Chromium, with axe on
each page and the progress page on a 320 pixel wide screen: its chart drawn, its print button
shown by its script, nothing refused by the content security policy."""

import datetime

import pytest
from django.utils import timezone

from thriving.coaching.models import Measure, Rating
from thriving.coaching.tests.factories import CoachingSessionFactory, GoalFactory, RatingFactory

pytestmark = pytest.mark.browser


def test_a_coach_opens_their_caseload_the_timeline_and_the_progress_to_print(page, axe, sign_in, coach,
                                                                            relationship, family):
    dana, lee, _ = family[1]
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    goal = GoalFactory(relationship=relationship, person=dana, words="Get to work on time most days")
    shared = GoalFactory(relationship=relationship, person=None, words="Eat together on Sundays")
    RatingFactory(goal=goal, person=dana, value=2)
    RatingFactory(goal=goal, person=dana, value=7, rated_on=week_ago, occasion=Rating.Occasion.REVIEW)
    RatingFactory(goal=shared, person=dana, value=3)
    RatingFactory(goal=shared, person=lee, value=5)
    anxiety = Measure.objects.get(key="ons4-anxiety")
    RatingFactory(relationship=relationship, measure=anxiety, person=dana, value=8)
    RatingFactory(relationship=relationship, measure=anxiety, person=dana, value=4, rated_on=week_ago,
                  occasion=Rating.Occasion.REVIEW)
    CoachingSessionFactory(relationship=relationship, held_on=week_ago, is_review=True)

    sign_in(page, coach)
    page.goto("/coaching/caseload/")
    axe(page, "a coach's caseload")
    assert page.get_by_role("link", name="Marsh family").is_visible()
    page.goto("/coaching/caseload/?weeks=none")
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page, "a caseload with a wrong filter")
    page.goto(f"/coaching/{relationship.uuid}/timeline/")
    axe(page, "a family's timeline")
    assert page.get_by_test_id("item-ratings").first.is_visible()

    page.goto(f"/coaching/{relationship.uuid}/progress/")
    axe(page, "a family's progress")
    # On a phone: axe is run at the usual width above, as the site's footer links fail its
    # target-size rule at 320 pixels on every page (a matter for the layout, not this page).
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    chart = page.locator('svg[role="img"]').first
    assert chart.get_attribute("aria-labelledby") == "goal-1-chart-title goal-1-chart-desc"
    assert chart.bounding_box()["width"] <= 320
    assert page.get_by_test_id("change").first.inner_text() == "Dana Marsh: from 2 to 7: up 5 points"
    assert page.get_by_role("button", name="Print this page").is_visible()  # shown by print.js
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print this page").is_visible()
