"""A resident asks for help through the public journey, in headless Chromium with axe on each page."""

import re

import pytest

from thriving.frontdoor.models import Consent, HelpRequest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("open_ask", "taxonomy")]


def continue_(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Continue").click()


def test_a_resident_asks_for_help_and_sees_their_reference(page, axe, cotmanhay):
    page.goto("/")
    page.get_by_role("link", name="Ask for help").first.click()
    page.wait_for_url("**/ask-for-help/")
    axe(page, "start page")
    page.get_by_role("button", name="Start now").click()

    page.wait_for_url("**/ask-for-help/danger/")
    axe(page, "immediate danger question")
    continue_(page)
    assert "Select yes if anyone is in immediate danger" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "immediate danger question with an error")
    page.get_by_label("No").check()
    continue_(page)

    page.wait_for_url("**/ask-for-help/who/")
    axe(page, "who needs help")
    page.get_by_label("I do").check()
    continue_(page)

    page.wait_for_url("**/ask-for-help/name/")
    axe(page, "name")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Jones")
    continue_(page)

    page.wait_for_url("**/ask-for-help/whats-going-on/")
    axe(page, "what is going on")
    continue_(page)
    assert "Tell us what is going on" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "what is going on, with an error")
    page.get_by_label("What is going on?").fill("I have lost my job and cannot pay for food this week.")
    continue_(page)

    page.wait_for_url("**/ask-for-help/needs/")
    axe(page, "needs")
    page.get_by_label("Food").check()
    page.get_by_label("Money and debt").check()
    continue_(page)

    page.wait_for_url("**/ask-for-help/postcode/")
    axe(page, "postcode")
    page.get_by_label("What is your postcode?").fill("DE7 8QX")
    continue_(page)
    assert "We do not know the postcode DE7 8QX" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "postcode with an error")
    page.get_by_label("What is your postcode?").fill("de7 8qa")
    continue_(page)

    page.wait_for_url("**/ask-for-help/contact/")
    axe(page, "how to contact")
    page.get_by_label("Text message").check()
    page.get_by_label("When is it best to get in touch?").fill("After 10am")
    continue_(page)

    page.wait_for_url("**/ask-for-help/contact-details/")
    axe(page, "contact details")
    page.get_by_label("What mobile number should we text?").fill("01332 640000")
    continue_(page)
    assert "Enter a UK mobile phone number" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("What mobile number should we text?").input_value() == "01332 640000"
    axe(page, "contact details, with an error")
    page.get_by_label("What mobile number should we text?").fill("07700 900982")
    continue_(page)

    page.wait_for_url("**/ask-for-help/consent/")
    axe(page, "consent")
    assert "may share what I have told them" in page.locator("#share-statement").inner_text()
    page.get_by_label("Yes, I agree").check()
    continue_(page)

    page.wait_for_url("**/ask-for-help/check/")
    axe(page, "check your answers")
    answers = page.get_by_test_id("answers").inner_text()
    assert "Sam Jones" in answers
    assert "Food, Money and debt" in answers
    assert "Text message" in answers
    assert "07700 900982" in answers
    page.get_by_role("link", name="Change the name").click()
    page.wait_for_url("**/ask-for-help/name/")
    page.get_by_label("First name").fill("Samantha")
    continue_(page)
    page.wait_for_url("**/ask-for-help/check/")
    assert "Samantha Jones" in page.get_by_test_id("answers").inner_text()
    page.get_by_role("button", name="Send request").click()

    page.wait_for_url("**/ask-for-help/done/")
    axe(page, "confirmation")
    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"TH-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    request = HelpRequest.objects.get()
    assert request.reference == reference
    assert request.locality == cotmanhay
    assert request.person.full_name == "Samantha Jones"
    assert request.consents.get().method == Consent.Method.ONLINE

    page.get_by_role("link", name="check where the request has got to").click()
    page.wait_for_url("**/ask-for-help/status/")
    axe(page, "status check")
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Postcode").fill("DE7 8QB")
    page.get_by_role("button", name="Check").click()
    assert "We could not find a request" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "status check with an error")
    page.get_by_label("Postcode").fill("DE7 8QA")
    page.get_by_role("button", name="Check").click()
    assert "Received" in page.get_by_test_id("stage").inner_text()
    axe(page, "status")


def test_someone_in_danger_sees_what_to_do_now_first(page, axe, cotmanhay):
    page.goto("/ask-for-help/danger/")
    page.get_by_label("Yes").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/urgent/")
    assert page.get_by_role("heading", level=1).inner_text() == "Get help now"
    numbers = page.get_by_test_id("crisis-numbers").inner_text()
    for number in ("999", "111", "option 2", "116 123", "0808 2000 247", "0800 1111"):
        assert number in numbers
    axe(page, "get help now")
    page.get_by_role("button", name="Continue to ask for help").click()
    page.wait_for_url("**/ask-for-help/who/")
    page.get_by_label("Someone I know").check()
    continue_(page)
    page.wait_for_url("**/ask-for-help/about-you/")
    axe(page, "about the person asking")
    page.goto("/ask-for-help/privacy/")
    axe(page, "privacy notice")
