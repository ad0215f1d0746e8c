"""The coaching journey end to end, in headless Chromium with axe on every page: a hub worker
refers a family to coaching from a level-3 request; the coach records three goals in their words
with starting scores and ONS4, two sessions each with a review, and the progress chart shows the
change; the team lead hands the coaching to another coach from the team caseload; the outcomes
page shows the figures across people with the small numbers suppressed."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from thriving.coaching.models import CoachingRelationship, CoachingSession, Goal, Rating
from thriving.core.models import Role
from thriving.frontdoor.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.browser

GOALS = (  # whose, the goal in their words
    ("Dana Marsh", "Get to the school gate by 8:45"),
    ("Kai Marsh", "Go to football on Saturdays"),
    ("The family, together", "Eat together on Sundays"),
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def fill_date(scope, day: datetime.date) -> None:  # noqa: ANN001
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        scope.get_by_label(part, exact=True).fill(str(value))


def score(page, person: str, label: str, value: int) -> None:  # noqa: ANN001
    """Fill one score in the block of the person who gives it."""
    block = page.get_by_test_id("person").filter(has_text=person)
    block.get_by_label(label, exact=False).fill(str(value))


def record_session(page, axe, relationship, day: datetime.date, where: str, notes: str) -> None:  # noqa: ANN001
    page.goto(f"/coaching/{relationship.uuid}/sessions/add/")
    fill_date(page.get_by_role("group", name="Date of the session"), day)
    page.get_by_label(where).check()
    page.get_by_role("group", name="Who was there?").get_by_label("Dana Marsh").check()
    page.get_by_role("group", name="Who was there?").get_by_label("Kai Marsh").check()
    page.get_by_label("What was talked about").fill(notes)
    page.get_by_label("We reviewed goals today").check()
    axe(page, f"recording the session of {day}")
    page.get_by_role("button", name="Save the session").click()
    page.wait_for_url("**/ratings/add/?occasion=review&session=*")
    axe(page, f"the review of {day}")


def test_a_family_is_coached_from_referral_to_outcomes(
    sign_in, page, axe, user_with_role, shirebrook, coaching_org, coach, team_lead, family
):
    _, (dana, lee, kai) = family
    hub = user_with_role(Role.HUB_WORKER, locality=shirebrook)
    second_coach = user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)
    help_request = HelpRequestFactory(person=dana, locality=shirebrook, level=3, status="triaged", taken_by=hub)
    began = timezone.localdate() - datetime.timedelta(weeks=6)

    # The hub worker refers the family from the request.
    sign_in(page, hub)
    page.goto(f"/requests/{help_request.reference}/")
    page.get_by_role("link", name="Start coaching").click()
    axe(page, "start coaching")
    page.get_by_label("The family").check()
    page.get_by_role("checkbox", name="Lee Marsh (partner)").check()
    page.get_by_role("checkbox", name="Kai Marsh (son)").check()
    page.get_by_label("Lead coach").select_option(str(coach.uuid))
    fill_date(page.get_by_role("group", name="Coaching starts on"), began)
    page.get_by_label("They agreed to coaching").check()
    page.get_by_role("group", name="How did they give their consent?").get_by_label("Spoken, in person").check()
    page.get_by_role("group", name="Who gave it").get_by_label("Dana Marsh").check()
    page.get_by_role("button", name="Start coaching").click()
    page.wait_for_url(f"**/requests/{help_request.reference}/")  # the coaching is not theirs to see
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Coaching started for Dana Marsh")
    relationship = CoachingRelationship.objects.get()
    assert (relationship.request, relationship.referred_by, relationship.started_on) == (help_request, hub, began)

    # The coach records three goals in their words, and the starting scores with ONS4.
    sign_in(page, coach)
    page.goto(f"/coaching/{relationship.uuid}/goals/")
    axe(page, "goals, none yet")
    for whose, words in GOALS:
        page.goto(f"/coaching/{relationship.uuid}/goals/add/")
        page.get_by_role("group", name="Whose goal is it?").get_by_label(whose, exact=True).check()
        page.get_by_label("The goal, in their words").fill(words)
        page.get_by_role("button", name="Save the goal").click()
        page.wait_for_url("**/goals/#goal-*")
    assert sorted(Goal.objects.filter(status="active").values_list("words", flat=True)) == sorted(w for _, w in GOALS)
    page.get_by_role("link", name="Record starting scores").click()
    axe(page, "starting scores")
    fill_date(page.get_by_role("group", name="When were these scores given?"), began)
    score(page, "Dana", "“Get to the school gate by 8:45”", 2)
    score(page, "Dana", "“Eat together on Sundays”", 3)
    score(page, "Kai", "“Go to football on Saturdays”", 1)
    score(page, "Kai", "“Eat together on Sundays”", 4)
    for question, value in (("satisfied are you with your life", 4), ("things you do in your life are worthwhile", 5),
                            ("how happy did you feel yesterday", 3), ("how anxious did you feel yesterday", 8)):
        score(page, "Dana", question, value)
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url("**/goals/#scores")
    assert Rating.objects.filter(occasion="start").count() == 8

    # Two sessions, each with a review.
    first, second = timezone.localdate() - datetime.timedelta(weeks=3), timezone.localdate()
    record_session(page, axe, relationship, first, "At home", "The mornings, and what gets in the way.")
    score(page, "Dana", "“Get to the school gate by 8:45”", 5)
    score(page, "Kai", "“Go to football on Saturdays”", 3)
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url("**/goals/#scores")
    record_session(page, axe, relationship, second, "On the phone", "Football trial on Saturday went well.")
    score(page, "Dana", "“Get to the school gate by 8:45”", 8)
    score(page, "Kai", "“Go to football on Saturdays”", 7)
    score(page, "Dana", "how anxious did you feel yesterday", 5)
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url("**/goals/#scores")
    assert CoachingSession.objects.filter(is_review=True).count() == 2
    assert set(Rating.objects.filter(occasion="review").values_list("rated_on", flat=True)) == {first, second}

    # The progress chart shows the change.
    page.goto(f"/coaching/{relationship.uuid}/progress/")
    axe(page, "progress")
    school = page.get_by_test_id("goal").filter(has_text="Get to the school gate by 8:45")
    expect(school.get_by_test_id("change")).to_contain_text("from 2 to 8: up 6 points")
    expect(school.locator("svg")).to_be_visible()
    expect(page.get_by_test_id("wellbeing")).to_contain_text("Anxiety")

    # The team lead hands the coaching to another coach from the team caseload.
    sign_in(page, team_lead)
    page.goto("/coaching/team-caseload/")
    axe(page, "the team caseload")
    page.get_by_role("link", name="Transfer Marsh family").click()
    page.get_by_label("New lead coach").select_option(str(second_coach.uuid))
    page.get_by_label("Handover note").fill("Mornings are best; Kai's football is on Saturdays.")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_url(f"**/coaching/{relationship.uuid}/")
    expect(page.get_by_test_id("lead")).to_contain_text(second_coach.full_name)
    relationship.refresh_from_db()
    assert relationship.coaches.get(is_lead=True, ended_on__isnull=True).user == second_coach

    # The outcomes page shows the figures across people, the small numbers withheld, no name.
    sign_in(page, user_with_role(Role.ANALYST))
    page.goto("/coaching/outcomes/")
    axe(page, "coaching outcomes")
    main = page.locator("main").inner_text()
    assert "fewer than 5" in main
    for name in ("Dana", "Kai", "Lee", "Marsh"):
        assert name not in main
