"""The append-only, double-entry ledger. Every movement of money is one `Movement` with a balanced
set of `Entry` rows, written once: the database refuses to change or delete either
(`thriving/budgets/ledger_guard.py`). A mistake is corrected only by a reversal that names what it
reverses. Balances are sums of entries, never stored.

The accounts, from a pot's point of view (an entry's `amount` is positive for money into the
account, negative for money out; the entries of a movement for each pot add up to zero):

- `funds`: the pot's money not yet awarded (never below zero);
- `committed`: awarded and not yet paid, one per award (never below zero);
- `contributed`: the funders' side of the money put in;
- `spent`: money paid out to recipients and for expenses;
- `transfers`: the pot's side of money moved between pots.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thriving.budgets.models.decisions import Award
from thriving.budgets.models.pots import MONEY, Contribution, Pot, Round


class Account(models.TextChoices):
    FUNDS = "funds", "Available to award"
    COMMITTED = "committed", "Awarded, not yet paid"
    CONTRIBUTED = "contributed", "Contributed by funders"
    SPENT = "spent", "Paid out"
    TRANSFERS = "transfers", "Moved between pots"


class Movement(models.Model):
    """One movement of money (a contribution, an award, a payment, an expense, a refund, a
    release of what an award did not use, a transfer between pots, or a reversal), written once."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", "Contribution in"
        AWARD = "award", "Award"
        PAYMENT = "payment", "Payment"
        EXPENSE = "expense", "Expense"
        REFUND = "refund", "Refund"
        RELEASE = "release", "Unused award returned to the pot"
        TRANSFER = "transfer", "Transfer between pots"
        REVERSAL = "reversal", "Reversal"

    uuid = models.UUIDField(unique=True, editable=False)
    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="movements")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, null=True, blank=True, related_name="movements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on_date = models.DateField(help_text="The day the money moved")
    at = models.DateTimeField(default=timezone.now, help_text="When it was written")
    memo = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    award = models.ForeignKey(Award, on_delete=models.PROTECT, null=True, blank=True, related_name="movements")
    payment = models.ForeignKey(
        "budgets.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    expense = models.ForeignKey(
        "budgets.Expense", on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    other_pot = models.ForeignKey(Pot, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by",
        help_text="The movement this one reverses: a movement is reversed at most once",
    )

    class Meta:
        ordering = ["-on_date", "-id"]
        indexes = [
            models.Index(fields=["pot", "on_date"], name="budgets_movement_pot_date"),
            models.Index(fields=["kind", "on_date"], name="budgets_movement_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reversal") | Q(reverses__isnull=False), name="budgets_reversal_names_what"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on_date}"


class Entry(models.Model):
    """One side of a movement: an amount into (positive) or out of (negative) one account of one
    pot, and of one award for its `committed` and `spent` accounts. Written once."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="entries")
    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="+")
    account = models.CharField(max_length=12, choices=Account.choices)
    award = models.ForeignKey(Award, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    amount = models.DecimalField(**MONEY)

    class Meta:
        indexes = [
            models.Index(fields=["pot", "account"], name="budgets_entry_pot_account", include=["amount"]),
            models.Index(fields=["award", "account"], name="budgets_entry_award_account", include=["amount"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="budgets_entry_not_zero"),
            models.CheckConstraint(
                condition=~Q(account__in=["committed"]) | Q(award__isnull=False), name="budgets_entry_committed_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"
