"""The public application form in headless Chromium with axe: a resident applies, with a mistake
first (items that do not add up), and gets a reference."""

import pytest
from django.core.cache import cache

from thriving.budgets.models import Application
from thriving.budgets.tests.factories import PotFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def quick_forms(settings):
    cache.clear()
    settings.FRONTDOOR_MIN_SECONDS = 0
    settings.FRONTDOOR_ASK_RATE = "1000/h"
    yield
    cache.clear()


def test_a_resident_applies_to_a_pot(page, axe, quick_forms):
    pot = PotFactory(name="Cotmanhay small grants", slug="cotmanhay-grants")
    page.goto(f"/budgets/apply/{pot.slug}/")
    axe(page, "the public application form")
    page.get_by_label("Your full name").fill("Ada Example")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("What is it, in a few words?").fill("Repair café")
    page.get_by_label("What is the money for, and how does it help?").fill("Tools to fix things together.")
    page.get_by_label("How much are you asking for, in pounds?").fill("£300")
    page.get_by_label("Item 1: what it is").fill("Tools")
    page.get_by_label("Item 1: how much it costs, in pounds").fill("250")
    page.get_by_label("Who will benefit?").fill("Neighbours")
    page.get_by_label("How will you show what happened?").fill("Photos")
    page.get_by_role("button", name="Send your application").click()
    assert "The items add up to £250.00" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "the public application form with an error")
    page.get_by_label("Item 2: what it is").fill("Tea")
    page.get_by_label("Item 2: how much it costs, in pounds").fill("50")
    page.get_by_role("button", name="Send your application").click()
    page.wait_for_url("**/sent/")
    axe(page, "application sent")
    assert page.get_by_test_id("reference").inner_text() == Application.objects.get().reference
