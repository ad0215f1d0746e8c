"""A team member makes an ask and the enabler answers it, in headless Chromium with axe on every
page (the form with its errors, the ask, the queue, the answer forms, the team's asks and the report)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from thriving.core.models import Role
from thriving.teams.models import Ask, AskEvent, TeamMember
from thriving.teams.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The sign-in and form rate limits count in the cache: start and end with it empty."""
    cache.clear()
    yield
    cache.clear()


def test_a_member_makes_an_ask_and_the_enabler_answers_it(sign_in, page, axe, team, user_with_role):
    member = user_with_role(Role.TEAM_MEMBER)
    enabler = user_with_role(Role.ENABLER)
    TeamMemberFactory(team=team, user=member, kind=TeamMember.Kind.MEMBER)
    TeamMemberFactory(team=team, user=enabler, kind=TeamMember.Kind.ENABLER)

    sign_in(page, member)
    page.goto(f"/teams/{team.slug}/asks/")
    axe(page, "the team's asks, none yet")
    page.get_by_role("button", name="Make an ask").click()
    page.wait_for_url(f"**/teams/{team.slug}/asks/new/")
    axe(page, "make an ask")

    # Every mistake at once, and what was typed is kept.
    page.get_by_label("Title").fill("Use the leisure centre hall for the huddle")
    page.get_by_role("button", name="Send the ask").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    for message in ("Choose what you are asking for", "Choose a theme", "Say what is needed and why",
                    "Choose the enabler to ask"):
        assert message in summary
    assert page.get_by_label("Title").input_value() == "Use the leisure centre hall for the huddle"
    axe(page, "make an ask, with errors")

    page.get_by_role("group", name="What are you asking for?").get_by_label("A resource").check()
    page.get_by_label("Theme").select_option(label="Buildings and spaces")
    page.get_by_label("What is needed, and why").fill("The community centre is closed for repairs until June.")
    page.get_by_role("group", name="Which enabler are you asking?").get_by_label(enabler.full_name).check()
    page.get_by_role("button", name="Send the ask").click()
    page.wait_for_url("**/asks/*/")
    assert "Awaiting an answer" in page.get_by_test_id("ask-status").inner_text()
    axe(page, "the ask, awaiting an answer, seen by the team")
    ask = Ask.objects.get()

    sign_in(page, enabler)
    page.goto("/asks/")
    assert "Use the leisure centre hall" in page.get_by_test_id("asks-awaiting").inner_text()
    axe(page, "the enabler's queue")
    page.get_by_role("link", name="Use the leisure centre hall for the huddle").click()
    page.wait_for_url(f"**/asks/{ask.uuid}/")
    axe(page, "the ask, with the answer forms")

    page.get_by_role("button", name="Decline the ask").click()
    assert "Say why you are declining the ask" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "declining without a reason")

    page.get_by_label("Anything to add (optional)").fill("Granted until the centre reopens.")
    page.get_by_role("button", name="Grant the ask").click()
    page.wait_for_url(f"**/asks/{ask.uuid}/")
    assert "Granted" in page.get_by_test_id("ask-status").inner_text()
    assert "Granted until the centre reopens." in page.get_by_test_id("ask-answer").inner_text()
    history = page.get_by_test_id("ask-history").inner_text()
    assert "Asked" in history
    assert "Granted" in history
    axe(page, "the ask, granted")
    ask.refresh_from_db()
    assert ask.status == Ask.Status.GRANTED
    assert list(ask.events.values_list("kind", flat=True)) == [AskEvent.Kind.ASKED, AskEvent.Kind.GRANTED]

    page.goto("/asks/report/")
    assert page.get_by_role("img", name="Asks by theme").is_visible()
    assert page.get_by_role("table", name="Asks by theme and outcome, with the median days from ask to answer"
                            ).is_visible()
    axe(page, "the report of asks across teams")
    page.locator("#id_date_from").fill("2026-06-01")
    page.locator("#id_date_to").fill("2026-05-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page, "the report with errors")
