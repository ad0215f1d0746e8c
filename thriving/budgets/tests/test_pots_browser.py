"""An enabler creates a pot, puts a contribution in it and sees its balance and trial balance, in
headless Chromium with axe on every page (the error summary too)."""

import pytest
from django.core.cache import cache

from thriving.budgets.models import Pot

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_enabler_creates_a_pot_and_puts_money_in_it(sign_in, page, axe, locality_enabler, pot_team):
    sign_in(page, locality_enabler)
    page.goto("/budgets/")
    axe(page, "pots, none yet")
    page.get_by_role("link", name="Create a pot").click()
    axe(page, "create a pot")
    page.get_by_label("Name of the pot").fill("Cotmanhay small grants")
    page.get_by_label("A connected team's pot").check()
    page.get_by_label("Connected team that decides").select_option(label="Cotmanhay Team")
    page.get_by_label("Delegated limit, in pounds").fill("500")
    page.get_by_label(locality_enabler.full_name).check()
    page.get_by_role("button", name="Save the pot").click()
    page.wait_for_url("**/budgets/pots/cotmanhay-small-grants/")
    axe(page, "a new pot")

    page.get_by_role("link", name="Add a contribution").click()
    page.get_by_label("Who gave it").fill("Erewash Borough Council")
    page.get_by_label("Amount, in pounds").fill("10.005")
    page.get_by_role("button", name="Add the contribution").click()
    assert "must be in whole pence" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "a contribution, refused")
    page.get_by_label("Amount, in pounds").fill("1,000")
    page.get_by_role("button", name="Add the contribution").click()
    page.wait_for_url("**/budgets/pots/cotmanhay-small-grants/")
    assert page.get_by_test_id("available").inner_text() == "£1,000.00"
    assert page.get_by_test_id("trial-balance-total").inner_text() == "£0.00"
    axe(page, "a pot with money in it")
    assert Pot.objects.get().team == pot_team
