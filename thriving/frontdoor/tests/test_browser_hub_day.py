"""A hub worker's day and an organisation's, in headless Chromium with axe on every page:

1. the queue: the home page counts the waiting work, the queue puts urgent requests at the very
   top and new ones next, references stay on one line, and every action confirms itself;
2. the request page: needs chosen under their top-level need, no label saying "(optional)" twice;
3. suggested services on the Hierarchy of Help, with a need met only at another level shown as
   also relevant there;
4. an organisation answering a referral from its home page's count."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.frontdoor.tests.factories import COTMANHAY, ReferralFactory
from thriving.frontdoor.tests.test_work import a_request, offer

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_cache")]

DOUBLED_OPTIONAL = """() => [...document.querySelectorAll("label, legend")]
    .map(e => e.textContent.replace(/\\s+/g, " ").trim())
    .filter(t => (t.toLowerCase().match(/\\(optional\\)/g) || []).length > 1)"""


def confirmed(page, words: str) -> None:  # noqa: ANN001
    """The page (once loaded after the action's redirect) shows one GOV.UK success banner, an
    alert, with these words as its heading."""
    found = page.locator(".govuk-notification-banner--success")
    expect(found.locator(".govuk-notification-banner__heading")).to_have_text(words)
    assert found.count() == 1
    assert found.get_attribute("role") == "alert"
    assert found.locator(".govuk-notification-banner__title").inner_text() == "Success"


def queue_references(page) -> list[str]:  # noqa: ANN001
    return page.get_by_test_id("queue").locator("tbody th a").all_inner_texts()


def test_the_queue_a_hub_worker_starts_the_day_with(page, axe, sign_in, user_with_role, cotmanhay, taxonomy):
    now = timezone.now()
    old_triaged = a_request(cotmanhay, status="triaged", level=2, created_at=now - datetime.timedelta(days=12))
    new_request = a_request(cotmanhay, created_at=now - datetime.timedelta(days=3),
                            description="Our fridge broke and the children need feeding.")
    urgent = a_request(cotmanhay, urgency="urgent", status="triaged", level=3, created_at=now)
    bank = offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]])
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    page.set_viewport_size({"width": 800, "height": 900})

    sign_in(page, hub)
    axe(page, "staff home with the hub's waiting work")
    assert page.get_by_test_id("urgent-requests").inner_text().startswith("1 urgent request")
    assert page.get_by_test_id("untriaged-requests").inner_text() == "1 new request to triage"
    page.get_by_role("link", name="1 new request to triage").click()
    page.wait_for_url("**/requests/?status=new")
    assert queue_references(page) == [new_request.reference]
    axe(page, "the queue of new requests")

    page.get_by_role("link", name="Clear the filters").click()
    page.wait_for_url("**/requests/")
    assert queue_references(page) == [urgent.reference, new_request.reference, old_triaged.reference]
    link = page.get_by_role("link", name=new_request.reference)
    assert link.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    assert link.bounding_box()["height"] < 40  # one line
    axe(page, "the whole queue")
    page.set_viewport_size({"width": 360, "height": 800})  # a phone: the table scrolls in its own box
    assert link.bounding_box()["height"] < 40
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe(page, "the queue on a phone")
    page.set_viewport_size({"width": 800, "height": 900})

    link.click()
    page.wait_for_url(f"**/requests/{new_request.reference}/")
    axe(page, "a new request")
    page.get_by_role("group", name="Level on the Hierarchy of Help").get_by_label(
        "2. Community and volunteer support").check()
    page.get_by_role("group", name="Urgency").get_by_label("Soon: within a few days").check()
    page.get_by_role("group", name="Food", exact=True).get_by_label("Food banks and parcels").check()
    page.get_by_role("button", name="Save the triage").click()
    page.wait_for_url("**#suggestions")
    confirmed(page, f"{new_request.reference} was triaged at level 2")
    axe(page, "triaged, with its success banner")

    page.locator("summary", has_text="Refer to Cotmanhay Food Bank").click()
    page.get_by_role("button", name="Refer to Cotmanhay Food Bank").click()
    page.wait_for_url("**#referrals")
    confirmed(page, f"{new_request.reference} was referred to {bank.name}")
    axe(page, "referred, with its success banner")

    page.get_by_label("Why should the team discuss it?").fill("Third time this winter")
    page.get_by_role("button", name="Bring to the huddle").click()
    confirmed(page, f"{new_request.reference} will be brought to the huddle")
    axe(page, "flagged for the huddle")

    page.locator("summary", has_text="Close it with how it ended").click()
    page.get_by_role("group", name="How did it end?").get_by_label("Need met").check()
    page.get_by_role("group", name="At which level was the need met?").get_by_label(
        "2. Community and volunteer support").check()
    page.get_by_role("button", name="Close the request").click()
    confirmed(page, f"{new_request.reference} was closed")
    axe(page, "closed, with its success banner")
    assert HelpRequest.objects.get(pk=new_request.pk).status == HelpRequest.Status.CLOSED

    page.goto("/home/")
    assert page.get_by_test_id("untriaged-requests").inner_text() == "0 new requests to triage"


def test_the_request_page_groups_needs_and_says_optional_once(page, axe, sign_in, user_with_role, cotmanhay,
                                                              taxonomy):
    request = a_request(cotmanhay)
    request.needs.set([taxonomy["debt-advice"]])
    sign_in(page, user_with_role(Role.HUB_WORKER))
    page.goto(f"/requests/{request.reference}/")
    needs = page.get_by_role("group", name="Needs (optional)")
    groups = needs.get_by_test_id("checkbox-group")
    assert groups.count() == 13  # one for each top-level need, not a flat list of every need
    money = page.get_by_role("group", name="Money and debt", exact=True)
    assert money.get_by_label("Debt advice").is_checked()
    assert money.get_by_role("checkbox").count() == 5
    assert page.evaluate(DOUBLED_OPTIONAL) == []
    assert page.get_by_label("Note (optional)", exact=True).count() == 1
    axe(page, "the request page's grouped needs")

    money.get_by_label("Benefits advice").check()
    page.get_by_role("group", name="Housing", exact=True).get_by_label("Housing in general").check()
    page.get_by_role("group", name="Level on the Hierarchy of Help").get_by_label(
        "1. Information and self-help").check()
    page.get_by_role("group", name="Urgency").get_by_label("Routine").check()
    page.get_by_role("button", name="Save the triage").click()
    page.wait_for_url("**#suggestions")
    assert page.get_by_test_id("needs").inner_text() == "Benefits advice, Debt advice, Housing"
    page.locator("summary", has_text="Change the triage").click()
    assert page.get_by_role("group", name="Housing", exact=True).get_by_label("Housing in general").is_checked()
    axe(page, "the grouped needs after triage")

    page.goto("/intake/")
    assert page.get_by_role("group", name="Food", exact=True).get_by_label("Food in general").count() == 1
    assert page.evaluate(DOUBLED_OPTIONAL) == []
    axe(page, "intake's grouped needs")


def test_suggestions_follow_the_hierarchy_of_help(page, axe, sign_in, user_with_role, cotmanhay, taxonomy):
    food, debt = taxonomy["food-banks"], taxonomy["debt-advice"]
    lat, lng = COTMANHAY
    offer("Food parcels far away", level=2, needs=[food], lat=lat + 0.045, lng=lng)
    offer("Food bank round the corner", level=2, needs=[food], lat=lat + 0.005, lng=lng)
    offer("Cooking on a budget leaflet", level=1, needs=[food])
    offer("Specialist debt service", level=4, needs=[debt])
    request = a_request(cotmanhay)
    request.needs.set([food, debt])
    sign_in(page, user_with_role(Role.HUB_WORKER))
    page.goto(f"/requests/{request.reference}/")
    page.get_by_role("group", name="Level on the Hierarchy of Help").get_by_label(
        "2. Community and volunteer support").check()
    page.get_by_role("group", name="Urgency").get_by_label("Routine").check()
    page.get_by_role("button", name="Save the triage").click()
    page.wait_for_url("**#suggestions")

    shown = page.get_by_test_id("suggestions").locator("h3 a").all_inner_texts()
    assert shown == ["Food bank round the corner", "Food parcels far away", "Cooking on a budget leaflet"]
    assert page.get_by_role("heading", name="Also relevant, at another level").is_visible()
    other = page.get_by_test_id("other-level-suggestions")
    assert other.locator("h4 a").all_inner_texts() == ["Specialist debt service"]
    assert "Nothing at level 2 or closer to home meets Debt advice" in other.inner_text()
    axe(page, "suggestions on the Hierarchy of Help")

    other.locator("summary", has_text="Refer to Specialist debt service").click()
    other.get_by_label("What should they know?").fill("Bailiffs due next week")
    page.get_by_role("button", name="Refer to Specialist debt service").click()
    page.wait_for_url("**#referrals")
    confirmed(page, f"{request.reference} was referred to Specialist debt service")
    assert "Specialist debt service" in page.get_by_test_id("referrals").inner_text()
    axe(page, "referred at another level")


def test_an_organisation_answers_the_referrals_its_home_page_counts(page, axe, sign_in, service, cotmanhay):
    now = timezone.now()
    overdue = ReferralFactory(service=service, due_by=now - datetime.timedelta(hours=3),
                              created_at=now - datetime.timedelta(days=3))
    ReferralFactory(service=service)
    sign_in(page, service.staff)
    axe(page, "staff home with referrals waiting")
    waiting = page.get_by_test_id("referrals-awaiting")
    assert waiting.inner_text() == "2 referrals awaiting an answer 1 overdue"
    waiting.get_by_role("link").click()
    page.wait_for_url("**/referrals/")
    axe(page, "referral queue")
    page.get_by_role("link", name=overdue.request.reference).click()
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url(f"**/referrals/{overdue.uuid}/")
    confirmed(page, f"You accepted the referral of {overdue.request.reference}")
    axe(page, "an accepted referral, with its success banner")
    assert Referral.objects.get(pk=overdue.pk).status == Referral.Status.ACCEPTED
    page.goto("/home/")
    assert page.get_by_test_id("referrals-awaiting").inner_text() == "1 referral awaiting an answer"
