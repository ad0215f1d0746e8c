"""A team member claims an expense with a receipt in headless Chromium, with axe on each page
(and the pages' own content security policy enforced); someone else in the team approves it and
the pot's enabler pays it from the award."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from thriving.budgets.models import Expense
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.tests.factories import PDF_BYTES, spending_people

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_expense_is_claimed_with_a_receipt_approved_by_someone_else_and_paid(
    sign_in, page, axe, transactional_db, administrator, tmp_path,
):
    s = spending_people(administrator, "1000.00", "300.00")
    receipt = tmp_path / "hall-hire.pdf"
    receipt.write_bytes(PDF_BYTES)

    sign_in(page, s.member)
    page.goto(f"/budgets/awards/{s.award.uuid}/")
    axe(page, "an award")
    page.get_by_role("link", name="Claim an expense").click()
    page.get_by_label("What was the money spent on?").fill("Hall hire for the first session")
    page.get_by_label("How much was spent?").fill("45.00")
    today = s.award.awarded_on
    for part, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
        page.get_by_label(part, exact=True).fill(str(value))
    page.get_by_role("button", name="Save the claim").click()
    assert "Add a receipt to submit the claim" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "claim an expense, with errors")
    page.get_by_label("Receipt").set_input_files(str(receipt))
    page.get_by_role("button", name="Save the claim").click()
    page.wait_for_url("**/budgets/expenses/*/")
    axe(page, "the claim, submitted")
    expense = Expense.objects.get()
    assert expense.status == "submitted"

    sign_in(page, s.other)
    page.goto("/budgets/expenses/")
    axe(page, "claims waiting")
    page.get_by_role("link", name="Hall hire for the first session").click()
    page.get_by_role("button", name="Approve the claim").click()
    page.wait_for_url(f"**/budgets/expenses/{expense.uuid}/")

    sign_in(page, s.enabler)
    page.goto(f"/budgets/expenses/{expense.uuid}/")
    page.get_by_role("button", name="Pay £45.00 from the award").click()
    page.wait_for_url(f"**/budgets/expenses/{expense.uuid}/")
    assert "Paid" in page.get_by_test_id("status").inner_text()
    assert ledger_queries.award_money(s.award).remaining == Decimal("255.00")
