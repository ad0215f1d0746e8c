"""A team member's expenses against an award: claimed with what it was for, the amount, the day
and a receipt (an image or a PDF, checked by what the file holds, not only its name, and no larger
than `BUDGETS_RECEIPT_MAX_BYTES`), saved as a draft or submitted; approved or rejected (with a
reason) by someone other than the claimant; paid out of the award through the ledger.

The states go one way: draft → submitted → approved → paid, or submitted → rejected. A move out of
order is refused with a message and nothing written. Uploaded files go through Django's default
storage under an opaque name (`models.spending.receipt_path`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from thriving.budgets.models import Award, Expense, Movement
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.services.common import BudgetRefused, check_amount, money
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.policy import require

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """A kind of file we take: its MIME type, the extension it is stored under, the names' endings
    it may arrive with, and whether a browser shows it in the page (images) or downloads it."""

    mime: str
    extension: str
    endings: tuple[str, ...]
    inline: bool


JPEG = Kind("image/jpeg", "jpg", ("jpg", "jpeg"), True)
PNG = Kind("image/png", "png", ("png",), True)
WEBP = Kind("image/webp", "webp", ("webp",), True)
HEIC = Kind("image/heic", "heic", ("heic", "heif"), False)  # browsers cannot show it: downloaded
PDF = Kind("application/pdf", "pdf", ("pdf",), False)
IMAGES = (JPEG, PNG, WEBP, HEIC)
RECEIPTS = (*IMAGES, PDF)
BY_MIME = {kind.mime: kind for kind in RECEIPTS}
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def max_bytes() -> int:
    return int(getattr(settings, "BUDGETS_RECEIPT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> Kind | None:
    """The kind of file its first bytes (its "magic number") say it is, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIC
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check_file(upload: Any, kinds: tuple[Kind, ...] = RECEIPTS, what: str = "The receipt") -> Kind:
    """Refuse a file that is empty, too large, or not one of the kinds (by its content and by its
    name's ending, which must agree). Returns the kind it is."""
    size = getattr(upload, "size", None) or 0
    names = "a JPEG, PNG, WebP or HEIC image" + (", or a PDF" if PDF in kinds else "")
    if size <= 0:
        raise BudgetRefused(f"{what} is an empty file: choose the file again.")
    limit = max_bytes()
    if size > limit:
        raise BudgetRefused(f"{what} must be smaller than {limit // (1024 * 1024) or 1} MB.")
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    kind = sniff(head)
    name = str(getattr(upload, "name", "") or "")
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or kind not in kinds or ending not in kind.endings:
        raise BudgetRefused(f"{what} must be {names}.")
    return kind


def forget_on_commit(name: str | None) -> None:
    """Delete a file that was replaced, once the change that replaced it is committed."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _attach(expense: Expense, upload: Any, kind: Kind) -> None:
    """Store the receipt under the expense's opaque name, remembering the name it came with (a
    receipt it replaces is deleted once the change is committed)."""
    forget_on_commit(expense.receipt.name if expense.receipt else "")
    expense.receipt_name = str(getattr(upload, "name", ""))[:200]
    expense.receipt_type = kind.mime
    expense.receipt.save(f"receipt.{kind.extension}", File(upload), save=False)


def _refuse_over_remaining(award: Award, amount: Decimal, what: str) -> None:
    remaining = ledger_queries.award_money(award).remaining
    if amount > remaining:
        raise BudgetRefused(
            f"This award has {money(remaining)} left to pay, so {what} of {money(amount)} cannot be paid. "
            "Nothing was changed."
        )


@transaction.atomic
def claim(
    *, acting_user: Any, award: Award, description: str, amount: Decimal, spent_on: datetime.date,
    receipt: Any = None, submit: bool = False,
) -> Expense:
    """A team member's claim: a draft, or submitted for approval (which needs a receipt)."""
    require(acting_user, "budgets.work", award.pot)
    check_amount(amount, "The amount")
    if not description.strip():
        raise BudgetRefused("Say what the money was spent on.")
    if spent_on > timezone.localdate():
        raise BudgetRefused("The day it was spent must be today or in the past.")
    kind = check_file(receipt) if receipt else None
    if submit and kind is None:
        raise BudgetRefused("Add a receipt to submit the claim, or save it as a draft.")
    if submit:
        _refuse_over_remaining(award, amount, "an expense")
    expense = Expense(award=award, claimant=acting_user, description=description.strip(), amount=amount,
                      spent_on=spent_on, created_by=acting_user)
    if kind is not None:
        _attach(expense, receipt, kind)
    if submit:
        expense.status, expense.submitted_at = Expense.Status.SUBMITTED, timezone.now()
    expense.save()
    audit.record(acting_user, "budgets.expense_claimed", expense, action=AuditEvent.Action.CREATED,
                 changes={"amount": str(amount), "award": str(award.uuid), "status": expense.status})
    return expense


def _locked(expense: Expense) -> Expense:
    return Expense.objects.select_for_update().select_related("award__pot").get(pk=expense.pk)


def _refuse_unless(expense: Expense, status: str, doing: str) -> None:
    if expense.status != status:
        raise BudgetRefused(
            f"This claim is {expense.get_status_display().lower()}, so it cannot be {doing}. Nothing was changed."
        )


@transaction.atomic
def submit(*, acting_user: Any, expense: Expense, receipt: Any = None) -> Expense:
    """The claimant sends a draft for approval, adding (or replacing) its receipt."""
    expense = _locked(expense)
    require(acting_user, "budgets.work", expense.award.pot)
    if expense.claimant_id != acting_user.pk:
        raise BudgetRefused("Only the person who claimed it may submit this claim.")
    _refuse_unless(expense, Expense.Status.DRAFT, "submitted")
    kind = check_file(receipt) if receipt else None
    if kind is None and not expense.receipt:
        raise BudgetRefused("Add a receipt to submit the claim.")
    _refuse_over_remaining(expense.award, expense.amount, "an expense")
    if kind is not None:
        _attach(expense, receipt, kind)
    expense.status, expense.submitted_at = Expense.Status.SUBMITTED, timezone.now()
    expense.version += 1
    expense.save()
    audit.record(acting_user, "budgets.expense_submitted", expense, action=AuditEvent.Action.CHANGED,
                 changes={"status": expense.status})
    return expense


@transaction.atomic
def approve(*, acting_user: Any, expense: Expense) -> Expense:
    """Someone other than the claimant agrees the claim: it may then be paid."""
    expense = _locked(expense)
    if expense.claimant_id == acting_user.pk:
        raise BudgetRefused("You claimed this expense, so someone else must approve it.")
    _refuse_unless(expense, Expense.Status.SUBMITTED, "approved")
    require(acting_user, "budgets.approve_expense", expense)
    expense.status, expense.approved_by, expense.approved_at = Expense.Status.APPROVED, acting_user, timezone.now()
    expense.version += 1
    expense.save()
    audit.record(acting_user, "budgets.expense_approved", expense, action=AuditEvent.Action.CHANGED,
                 changes={"status": expense.status})
    return expense


@transaction.atomic
def reject(*, acting_user: Any, expense: Expense, reason: str) -> Expense:
    """Someone other than the claimant turns the claim down, saying why."""
    expense = _locked(expense)
    if expense.claimant_id == acting_user.pk:
        raise BudgetRefused("You claimed this expense, so someone else must decide on it.")
    _refuse_unless(expense, Expense.Status.SUBMITTED, "rejected")
    require(acting_user, "budgets.approve_expense", expense)
    if not reason.strip():
        raise BudgetRefused("Say why the claim is rejected: the claimant is shown the reason.")
    expense.status, expense.rejected_reason = Expense.Status.REJECTED, reason.strip()
    expense.version += 1
    expense.save()
    audit.record(acting_user, "budgets.expense_rejected", expense, action=AuditEvent.Action.CHANGED,
                 changes={"status": expense.status, "reason": expense.rejected_reason})
    return expense


@transaction.atomic
def pay(*, acting_user: Any, expense: Expense, on_date: datetime.date | None = None) -> Movement:
    """An approved claim is paid to the claimant out of the award, through the ledger."""
    expense = _locked(expense)
    require(acting_user, "budgets.manage", expense.award.pot)
    _refuse_unless(expense, Expense.Status.APPROVED, "paid")
    _refuse_over_remaining(expense.award, expense.amount, "this expense")
    movement = ledger.pay_out(
        acting_user=acting_user, award=expense.award, amount=expense.amount, on_date=on_date or timezone.localdate(),
        kind=Movement.Kind.EXPENSE, memo=f"Expense: {expense.description}", expense=expense,
    )
    expense.status, expense.paid_at = Expense.Status.PAID, timezone.now()
    expense.version += 1
    expense.save()
    audit.record(acting_user, "budgets.expense_paid", expense, action=AuditEvent.Action.CHANGED,
                 changes={"status": expense.status, "amount": str(expense.amount), "movement": str(movement.uuid)})
    return movement


def receipt_seen(*, acting_user: Any, expense: Expense) -> None:
    """Who opened a receipt is kept in the audit trail."""
    audit.record(acting_user, "budgets.receipt_viewed", expense, action=AuditEvent.Action.VIEWED,
                 purpose="Checking an expense claim's receipt")
