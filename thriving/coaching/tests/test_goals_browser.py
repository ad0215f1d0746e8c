"""A coach records a family's aspiration, goals in their words and their starting scores, then a
review, in headless Chromium with axe on every page (and no page wider than a 320 pixel screen); a team lead adds a
measure of their organisation's own."""

import pytest
from django.core.cache import cache

from thriving.coaching.models import Goal, Rating

pytestmark = pytest.mark.browser
PHONE, DESK = {"width": 320, "height": 720}, {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_coach_records_goals_and_their_scores_on_a_phone(sign_in, page, axe, relationship, coach, family):
    dana, lee, kai = family[1]
    sign_in(page, coach)
    page.goto(f"/coaching/{relationship.uuid}/goals/")
    axe(page, "goals and ratings, none yet")

    page.get_by_role("link", name="Add an aspiration").click()
    page.get_by_label("The family, together").check()
    page.get_by_label("What do they want for themselves?").fill("A calmer house, where we all get on.")
    page.get_by_role("button", name="Save the aspiration").click()
    page.wait_for_url("**/goals/#aspirations")

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("button", name="Save the goal").click()
    assert "Enter the goal in the person’s own words" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "add a goal, with errors")
    for person, words in ((f"{dana.given_name} {dana.family_name}", "Get to the school gate by 8:45"),
                          (f"{kai.given_name} {kai.family_name}", "Go to football on Saturdays"),
                          ("The family, together", "Eat together on Sundays")):
        page.goto(f"/coaching/{relationship.uuid}/goals/add/")
        page.get_by_role("group", name="Whose goal is it?").get_by_label(person, exact=True).check()
        page.get_by_label("The goal, in their words").fill(words)
        page.get_by_label("“A calmer house, where we all get on.”").check()
        page.get_by_role("button", name="Save the goal").click()
        page.wait_for_url("**/goals/#goal-*")
    assert Goal.objects.filter(status="active").count() == 3

    page.get_by_role("link", name="Record starting scores").click()
    axe(page, "starting scores")
    began = relationship.started_on  # the start a few weeks back, so that today is a review
    for part, value in (("Day", began.day), ("Month", began.month), ("Year", began.year)):
        page.get_by_label(part, exact=True).fill(str(value))
    start = page.locator('[data-testid="person"]').first
    start.get_by_label("“Get to the school gate by 8:45”").fill("2")
    start.get_by_label("Overall, how anxious did you feel yesterday?", exact=False).fill("12")
    page.get_by_role("button", name="Save the scores").click()
    assert "not 12" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "starting scores, refused")
    start.get_by_label("Overall, how anxious did you feel yesterday?", exact=False).fill("8")
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url("**/goals/#scores")
    assert Rating.objects.count() == 2

    page.get_by_role("link", name="Record a review").click()
    axe(page, "a review")
    page.get_by_label("“Get to the school gate by 8:45”").fill("6")
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url("**/goals/#scores")
    assert "+4" in page.locator('[data-testid="goal"]').first.inner_text()
    axe(page, "goals and ratings, with scores")
    page.set_viewport_size(PHONE)  # nothing wider than a small phone (the footer's links are the layout's)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"/coaching/{relationship.uuid}/ratings/add/?occasion=review")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.go_back()
    page.set_viewport_size(DESK)

    page.locator('[data-testid="goal"]').first.get_by_role("link", name="Change").click()
    page.get_by_label("The goal in its new words").fill("Get to the school gate by 8:45 on weekdays")
    page.get_by_role("button", name="Save the new wording").click()
    page.wait_for_url("**/goals/#goal-*")
    page.get_by_text("Wording history (2 wordings)").click()
    assert "Get to the school gate by 8:45”" in page.locator('[data-testid="wording-history"]').first.inner_text()
    axe(page, "goals and ratings, a wording history open")


def test_a_team_lead_adds_a_measure(sign_in, page, axe, team_lead):
    sign_in(page, team_lead)
    page.goto("/coaching/measures/")
    axe(page, "measures")
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Name").fill("Confidence with money")
    page.get_by_label("The question, as it is asked").fill("How confident do you feel about money?")
    page.get_by_label("Lowest score", exact=True).fill("5")
    page.get_by_label("Highest score", exact=True).fill("1")
    page.get_by_role("button", name="Save the measure").click()
    assert "must be above the lowest" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "add a measure, with errors")
    page.get_by_label("Lowest score", exact=True).fill("1")
    page.get_by_label("Highest score", exact=True).fill("5")
    page.get_by_role("button", name="Save the measure").click()
    page.wait_for_url("**/coaching/measures/")
    assert "Confidence with money" in page.locator('[data-testid="own"]').inner_text()
