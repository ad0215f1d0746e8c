"""Someone asks for help for a person at risk, and the hub raises a safeguarding concern: headless
Chromium, with axe on every page. "Exit this page" is there on every page of the journey and
leaves for a neutral site (here, a page of this site standing in for it)."""

import pytest

from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, RequestEvent

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("open_ask", "taxonomy")]


def continue_(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Continue").click()


def exit_button(page):  # noqa: ANN001, ANN201
    return page.locator(".govuk-exit-this-page").get_by_role("button", name="Emergency Exit this page")


def test_someone_at_risk_asks_and_is_told_what_happens_now_then_the_hub_raises_a_concern(
    page, axe, sign_in, user_with_role, cotmanhay, settings
):
    settings.EXIT_THIS_PAGE_URL = "/accessibility/"
    page.goto("/ask-for-help/")
    assert exit_button(page).is_visible()
    axe(page, "start page with exit this page")
    page.get_by_role("button", name="Start now").click()

    page.wait_for_url("**/ask-for-help/danger/")
    assert exit_button(page).is_visible()
    page.get_by_label("Yes").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/urgent/")
    assert exit_button(page).is_visible()
    axe(page, "get help now")
    page.get_by_role("button", name="Continue to ask for help").click()

    page.wait_for_url("**/ask-for-help/who/")
    page.get_by_label("I do").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/name/")
    page.get_by_label("First name").fill("Wren")
    continue_(page)
    page.wait_for_url("**/ask-for-help/whats-going-on/")
    assert exit_button(page).is_visible()
    axe(page, "what is going on, with exit this page")
    page.get_by_label("What is going on?").fill("My partner hurts me and I am scared to go home.")
    continue_(page)
    page.wait_for_url("**/ask-for-help/needs/")
    page.get_by_label("Domestic abuse").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/postcode/")
    page.get_by_label("What is your postcode?").fill("DE7 8QA")
    continue_(page)
    page.wait_for_url("**/ask-for-help/contact/")
    page.get_by_label("Phone call").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/contact-details/")
    page.get_by_label("What number should we call?").fill("07700 900982")
    continue_(page)
    page.wait_for_url("**/ask-for-help/consent/")
    page.get_by_label("Yes, I agree").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/check/")
    assert exit_button(page).is_visible()
    axe(page, "check your answers, with exit this page")
    page.get_by_role("button", name="Send request").click()

    page.wait_for_url("**/ask-for-help/done/")
    axe(page, "confirmation of an urgent request")
    now = page.get_by_test_id("urgent-next").inner_text()
    assert "What happens now" in now
    assert "Someone from the hub will try to call you" in now
    assert "call 999" in now
    assert "116 123" in now
    assert "0808 2000 247" in now
    assert "2 working days" not in page.locator("main").inner_text()
    reference = page.get_by_test_id("reference").inner_text()

    # Leaving in a hurry: the exit button swaps the page for the neutral one.
    exit_button(page).click()
    page.wait_for_url("**/accessibility/")

    # The hub worker sees the urgent request and raises a safeguarding concern.
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    hub.full_name = "Robin Testworker"
    hub.save()
    sign_in(page, hub)
    page.goto(f"/requests/{reference}/")
    axe(page, "urgent request page")
    page.get_by_role("button", name="Raise a safeguarding concern").click()
    assert "Say what the safeguarding concern is" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "raising a concern, with an error")
    page.get_by_label("What is the concern?").fill("Said their partner hurts them. Called back, safe for tonight.")
    page.get_by_role("button", name="Raise a safeguarding concern").click()
    page.wait_for_url(f"**/requests/{reference}/#safeguarding")
    assert "Safeguarding concern raised" in page.locator(".govuk-notification-banner--success").inner_text()
    raised = page.get_by_test_id("concerns-raised").inner_text()
    assert "Robin Testworker" in raised
    assert "safe for tonight" in raised
    assert "Safeguarding concern raised" in page.get_by_test_id("history").inner_text()
    axe(page, "request page after raising a concern")
    request = HelpRequest.objects.get(reference=reference)
    assert request.events.filter(kind=RequestEvent.Kind.SAFEGUARDING_CONCERN, actor=hub).exists()


def test_pressing_shift_three_times_leaves_the_page(page, settings):
    settings.EXIT_THIS_PAGE_URL = "/accessibility/"
    page.goto("/ask-for-help/danger/")
    page.wait_for_selector(".govuk-exit-this-page .govuk-exit-this-page__indicator", state="attached")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/accessibility/")
