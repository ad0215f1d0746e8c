"""A hub worker refers a family to coaching from a level-3 request on a phone-sized screen, and the
lead coach hands it over and ends it, in headless Chromium with axe on every page."""

import pytest
from django.core.cache import cache

from thriving.coaching.models import CoachingRelationship
from thriving.core.models import Role
from thriving.frontdoor.tests.factories import HelpRequestFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_family_is_referred_from_the_front_door_handed_over_and_ended(
    sign_in, page, axe, user_with_role, shirebrook, coaching_org, coach, team_lead, family
):
    _, (dana, lee, kai) = family
    hub = user_with_role(Role.HUB_WORKER, locality=shirebrook)
    request = HelpRequestFactory(person=dana, locality=shirebrook, level=3, status="triaged", taken_by=hub)
    sign_in(page, hub)
    page.goto(f"/requests/{request.reference}/")
    page.get_by_role("link", name="Start coaching").click()
    page.wait_for_url("**/coaching/start/?request=*")
    axe(page, "start coaching")
    page.set_viewport_size({"width": 320, "height": 800})  # a phone: nothing wider than the screen
    assert page.evaluate("document.querySelector('main').scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Start coaching").click()  # nothing chosen: every mistake at once
    summary = page.locator(".govuk-error-summary").inner_text()
    for message in ("Choose a coach.", "Choose how they gave their consent"):
        assert message in summary
    axe(page, "start coaching, with errors")
    page.get_by_label("The family").check()
    page.get_by_role("checkbox", name="Lee Marsh (partner)").check()
    page.get_by_role("checkbox", name="Kai Marsh (son)").check()
    page.get_by_label("Lead coach").select_option(str(coach.uuid))
    page.get_by_label("They agreed to coaching").check()
    page.get_by_role("group", name="How did they give their consent?").get_by_label("Spoken, in person").check()
    page.get_by_role("group", name="Who gave it").get_by_label("Dana Marsh").check()
    page.get_by_label("They agreed to share their progress with the person who referred them").check()
    page.get_by_role("button", name="Start coaching").click()
    page.wait_for_url("**/coaching/*/")
    assert "progress" in page.get_by_test_id("progress-only").inner_text()
    axe(page, "the overview, progress only")
    relationship = CoachingRelationship.objects.get()
    assert relationship.members.count() == 3

    sign_in(page, team_lead)
    page.goto(f"/coaching/{relationship.uuid}/")
    assert "Lee Marsh" in page.get_by_test_id("members").inner_text()
    axe(page, "the overview, whole")
    page.goto(f"/coaching/{relationship.uuid}/transfer/")
    axe(page, "hand over")
    page.get_by_label("New lead coach").select_option(str(team_lead.uuid))
    page.get_by_label("Handover note").fill("Dana prefers mornings; Kai has exams in May.")
    page.get_by_role("button", name="Hand over").click()
    page.wait_for_url(f"**/coaching/{relationship.uuid}/")
    assert team_lead.full_name in page.get_by_test_id("lead").inner_text()
    page.goto(f"/coaching/{relationship.uuid}/coaches/")
    axe(page, "coaches")
    page.goto(f"/coaching/{relationship.uuid}/consent/")
    axe(page, "consent")
    page.goto(f"/coaching/{relationship.uuid}/end/")
    axe(page, "end the coaching")
    page.get_by_label("Goals met").check()
    page.get_by_role("button", name="End the coaching").click()
    page.wait_for_url(f"**/coaching/{relationship.uuid}/")
    assert "ended on" in page.get_by_test_id("ended").inner_text()
    axe(page, "the overview, ended")
