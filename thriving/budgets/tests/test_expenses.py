"""Expenses through their pages: a team member claims with a receipt (checked by what the file
holds and its size), saves a draft or submits; someone other than the claimant approves or
rejects (with a reason); an enabler pays an approved claim through the ledger. Out-of-order moves,
bad files and overspending are refused with a clear error and nothing written."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Entry, Expense, Movement
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import expenses as services
from thriving.budgets.services.common import BudgetRefused
from thriving.budgets.tests.factories import PDF_BYTES, PNG_BYTES, make_expense, spending_people, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(administrator):
    return spending_people(administrator, "1000.00", "100.00")


def _claim(receipt=None, send="submit", amount="12.50") -> dict:
    today = timezone.localdate()
    data = {"description": "Wool for the knitting group", "amount": amount, "spent_on_day": today.day,
            "spent_on_month": today.month, "spent_on_year": today.year, "send": send}
    if receipt is not None:
        data["receipt"] = receipt
    return data


def _add(award) -> str:
    return reverse("budgets:expense-add", kwargs={"uuid": award.uuid})


def _do(name: str, expense) -> str:
    return reverse(f"budgets:{name}", kwargs={"uuid": expense.uuid})


def test_a_claim_with_a_receipt_is_submitted_and_stored_under_an_opaque_name(client, s):
    client.force_login(s.member)
    response = client.post(_add(s.award), _claim(upload("Tesco 12 Nov.pdf")))
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert (expense.status, expense.claimant, expense.amount) == ("submitted", s.member, Decimal("12.50"))
    assert expense.receipt.name == f"budgets/receipts/{expense.uuid}.pdf"
    assert (expense.receipt_name, expense.receipt_type) == ("Tesco 12 Nov.pdf", "application/pdf")
    assert default_storage.open(expense.receipt.name).read() == PDF_BYTES
    assert not Movement.objects.filter(kind=Movement.Kind.EXPENSE).exists()


def test_a_claim_without_a_receipt_cannot_be_submitted_but_may_be_a_draft(client, s):
    client.force_login(s.member)
    response = client.post(_add(s.award), _claim())
    assert response.status_code == 400
    assert "Add a receipt to submit the claim" in response.content.decode()
    assert not Expense.objects.exists()

    assert client.post(_add(s.award), _claim(send="draft")).status_code == 302
    draft = Expense.objects.get()
    assert draft.status == "draft"
    assert not draft.receipt

    response = client.post(_do("expense-submit", draft), {})
    assert response.status_code == 400
    assert "Add a receipt to submit the claim" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    with pytest.raises(BudgetRefused, match="Add a receipt"):
        services.submit(acting_user=s.member, expense=draft)

    image = upload("photo.png", PNG_BYTES, "image/png")
    assert client.post(_do("expense-submit", draft), {"receipt": image}).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.receipt_type) == ("submitted", "image/png")


def test_only_the_claimant_submits_their_draft(client, s):
    draft = make_expense(s.award, s.member, status="draft")
    client.force_login(s.other)
    assert client.post(_do("expense-submit", draft), {}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize(("name", "content"), [
    ("receipt.pdf", b"Just some text pretending to be a PDF\n"),
    ("receipt.png", b"GIF89a\x01\x00\x01\x00"),
    ("receipt.txt", PDF_BYTES),
    ("receipt.exe", b"MZ\x90\x00"),
])
def test_a_file_that_is_not_an_image_or_a_pdf_is_refused(client, s, name, content):
    client.force_login(s.member)
    response = client.post(_add(s.award), _claim(upload(name, content, "application/pdf")))
    assert response.status_code == 400
    assert "The receipt must be a JPEG, PNG, WebP or HEIC image, or a PDF" in response.content.decode()
    assert not Expense.objects.exists()


def test_a_receipt_too_large_is_refused(client, s, settings):
    settings.BUDGETS_RECEIPT_MAX_BYTES = 1024 * 1024
    client.force_login(s.member)
    big = upload("scan.pdf", PDF_BYTES + b"0" * (1024 * 1024), "application/pdf")
    response = client.post(_add(s.award), _claim(big))
    assert response.status_code == 400
    assert "The receipt must be smaller than 1 MB" in response.content.decode()
    assert not Expense.objects.exists()


def test_the_claimant_cannot_approve_their_own_claim(client, s):
    expense = make_expense(s.award, s.member)
    client.force_login(s.member)
    response = client.post(_do("expense-approve", expense))
    assert response.status_code == 403
    assert "someone else must approve it" in response.content.decode()
    expense.refresh_from_db()
    assert (expense.status, expense.approved_by) == ("submitted", None)
    with pytest.raises(BudgetRefused, match="someone else"):
        services.approve(acting_user=s.member, expense=expense)

    client.force_login(s.other)
    assert client.post(_do("expense-approve", expense)).status_code == 302
    expense.refresh_from_db()
    assert (expense.status, expense.approved_by) == ("approved", s.other)


def test_a_rejection_needs_a_reason(client, s):
    expense = make_expense(s.award, s.member)
    client.force_login(s.enabler)
    response = client.post(_do("expense-reject", expense), {"reason": "  "})
    assert response.status_code == 400
    assert "Enter why the claim is rejected" in response.content.decode()
    expense.refresh_from_db()
    assert expense.status == "submitted"

    assert client.post(_do("expense-reject", expense), {"reason": "Not for the award's purpose"}).status_code == 302
    expense.refresh_from_db()
    assert (expense.status, expense.rejected_reason) == ("rejected", "Not for the award's purpose")
    client.force_login(s.member)
    assert "Not for the award&#x27;s purpose" in client.get(_do("expense", expense)).content.decode()


def test_an_approved_claim_is_paid_through_the_ledger_once(client, s):
    expense = make_expense(s.award, s.member, status="approved", approved_by=s.other)
    client.force_login(s.enabler)
    assert client.post(_do("expense-pay", expense)).status_code == 302
    expense.refresh_from_db()
    assert expense.status == "paid"
    assert expense.paid_at
    movement = Movement.objects.get(kind=Movement.Kind.EXPENSE)
    assert movement.expense == expense
    money = ledger_queries.award_money(s.award)
    assert (money.paid, money.remaining) == (Decimal("40.00"), Decimal("60.00"))

    entries = Entry.objects.count()
    response = client.post(_do("expense-pay", expense))
    assert response.status_code == 400
    assert "This claim is paid, so it cannot be paid" in response.content.decode()
    assert Entry.objects.count() == entries


@pytest.mark.parametrize(("status", "action", "message"), [
    ("draft", "expense-approve", "This claim is draft, so it cannot be approved"),
    ("submitted", "expense-pay", "This claim is submitted, so it cannot be paid"),
    ("paid", "expense-approve", "This claim is paid, so it cannot be approved"),
    ("rejected", "expense-pay", "This claim is rejected, so it cannot be paid"),
])
def test_out_of_order_moves_are_refused(client, s, status, action, message):
    expense = make_expense(s.award, s.member, status=status)
    client.force_login(s.enabler)
    entries = Entry.objects.count()
    response = client.post(_do(action, expense), {"reason": "x"})
    assert response.status_code == 400
    assert message in response.content.decode()
    expense.refresh_from_db()
    assert expense.status == status
    assert Entry.objects.count() == entries


def test_paying_a_claim_over_what_remains_on_the_award_is_refused(client, s):
    expense = make_expense(s.award, s.member, status="approved", amount="100.01", approved_by=s.other)
    client.force_login(s.enabler)
    entries = Entry.objects.count()
    response = client.post(_do("expense-pay", expense))
    assert response.status_code == 400
    assert "This award has £100.00 left to pay" in response.content.decode()
    expense.refresh_from_db()
    assert expense.status == "approved"
    assert Entry.objects.count() == entries


def test_the_team_may_not_pay_a_claim(client, s):
    expense = make_expense(s.award, s.member, status="approved", approved_by=s.other)
    client.force_login(s.other)
    assert client.post(_do("expense-pay", expense)).status_code == 404
    expense.refresh_from_db()
    assert expense.status == "approved"


def test_the_list_shows_claims_waiting_for_the_person_and_their_own(client, s):
    mine = make_expense(s.award, s.member, description="Mine")
    theirs = make_expense(s.award, s.other, description="Theirs")
    client.force_login(s.member)
    response = client.get(reverse("budgets:expenses"))
    assert response.status_code == 200
    assert list(response.context["to_approve"]) == [theirs]
    assert list(response.context["own"]) == [mine]


def test_a_replaced_receipt_is_deleted_from_storage_once_committed(client, s, django_capture_on_commit_callbacks):
    draft = make_expense(s.award, s.member, status="draft")
    old = draft.receipt.name
    client.force_login(s.member)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_do("expense-submit", draft), {"receipt": upload("new.pdf")}).status_code == 302
    draft.refresh_from_db()
    assert draft.receipt_type == "application/pdf"
    assert default_storage.exists(draft.receipt.name)
    assert not default_storage.exists(old)
