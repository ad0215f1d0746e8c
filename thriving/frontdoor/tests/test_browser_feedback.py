"""Closing the loop, in headless Chromium with axe on every page: a hub worker closes a request
and chooses to email the resident; the resident checks their request, says whether they got the
help they needed, and the hub worker sees the answer on the request page and on the demand picture."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, ResidentAnswer
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("open_ask", "taxonomy")]


@pytest.fixture
def helped(cotmanhay):
    person = PersonFactory(given_name="Carys", family_name="Testhollow", postcode="DE7 8QA", locality=cotmanhay,
                           email="carys@example.org")
    ConsentFactory(person=person)
    return HelpRequestFactory(person=person, locality=cotmanhay, postcode="DE7 8QA", contact_method="email",
                              status=HelpRequest.Status.TRIAGED, level=2,
                              description="I need help with the gas bill this winter.")


def test_the_hub_closes_a_request_and_the_resident_says_whether_they_got_the_help(
    page, axe, sign_in, helped, user_with_role
):
    hub = user_with_role(Role.HUB_WORKER)
    sign_in(page, hub)
    page.goto(f"/requests/{helped.reference}/")
    axe(page, "request page before closing")
    page.locator("summary", has_text="Close it with how it ended").click()
    page.get_by_label("Need met").check()
    page.get_by_role("group", name="At which level was the need met?").get_by_label(
        "2. Community and volunteer support").check()
    ask = page.get_by_label("Email them to ask whether they got the help they needed")
    assert "carys@example.org" in page.locator("#close").locator("..").inner_text()
    ask.check()
    page.get_by_role("button", name="Close the request").click()
    page.wait_for_url(f"**/requests/{helped.reference}/")
    assert "Need met" in page.get_by_test_id("outcome").inner_text()
    assert "Resident asked if they got the help they needed" in page.get_by_test_id("history").inner_text()
    axe(page, "request page after closing")
    emailed = [m for m in mail.outbox if m.to == ["carys@example.org"]]
    assert len(emailed) == 1
    link = re.search(r"http://\S+(/ask-for-help/answer/\S+/)", emailed[0].body).group(1)
    page.get_by_role("button", name="Sign out").click()

    # The resident checks their request with its reference and postcode.
    page.context.clear_cookies()
    page.goto("/ask-for-help/status/")
    axe(page, "status check")
    page.get_by_label("Reference").fill(helped.reference)
    page.get_by_label("Postcode").fill("DE7 8QA")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_test_id("stage").get_by_text("Closed")).to_be_visible()
    axe(page, "status of a closed request")
    page.get_by_role("button", name="Tell us").click()
    page.wait_for_url("**/ask-for-help/answer/**")
    assert page.url.split("/ask-for-help/answer/")[1].split("/")[0]  # the signed link, as in the email
    axe(page, "did you get the help you needed")
    page.get_by_role("button", name="Send your answer").click()
    assert "Select whether you got the help you needed" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "the answer with an error")
    page.get_by_label("Partly").check()
    page.get_by_label("Is there anything you would like to tell us?").fill("The bill is sorted; I still feel alone.")
    page.get_by_role("button", name="Send your answer").click()
    page.wait_for_url("**?sent=1")
    assert "We have your answer" in page.locator(".govuk-panel").inner_text()
    axe(page, "thank you")
    answer = ResidentAnswer.objects.get()
    assert (answer.request_id, answer.answer) == (helped.pk, "partly")
    # The emailed link now says thank you too: the answer is kept once.
    page.goto(link)
    assert "We have your answer" in page.locator(".govuk-panel").inner_text()
    axe(page, "the emailed link, answered")

    sign_in(page, hub)
    page.goto(f"/requests/{helped.reference}/")
    shown = page.get_by_test_id("resident-answer").inner_text()
    assert "Partly" in shown
    assert "I still feel alone" in shown
    axe(page, "request page with the resident's answer")
    page.goto("/demand/")
    answers = page.get_by_role("table", name="People's answers, by the week their request was closed")
    assert answers.locator("tfoot").inner_text().split() == ["All", "weeks", "1", "0", "1", "0"]
    assert page.get_by_role("img", name=re.compile("Did people get the help they needed")).is_visible()
    axe(page, "demand picture with answers")
