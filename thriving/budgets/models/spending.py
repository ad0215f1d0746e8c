"""Spending an award: payments to the recipient (in full or in parts), a team member's expenses
against an award with a receipt, and what happened with the money."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thriving.budgets.models.decisions import Award
from thriving.budgets.models.pots import MONEY, PENNY
from thriving.core.models import Record


def receipt_path(instance: "Expense", filename: str) -> str:
    """Receipts are stored under an opaque name, never the name the file came with."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"budgets/receipts/{instance.uuid}.{extension}"


def outcome_photo_path(instance: "AwardOutcome", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"budgets/outcomes/{instance.uuid}.{extension}"


class Payment(Record):
    """Money paid to an award's recipient: the whole award, or one part of it."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    paid_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, help_text="The finance system's payment reference")

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_payment_positive")]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on}"


class Expense(Record):
    """A team member's claim for money they spent on an award's purpose, with its receipt,
    approved by someone other than the claimant: draft, submitted, approved, paid; or rejected
    with a reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"
        REJECTED = "rejected", "Rejected"

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="expenses")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    spent_on = models.DateField()
    receipt = models.FileField(upload_to=receipt_path, blank=True, max_length=200)
    receipt_name = models.CharField(max_length=200, blank=True, help_text="The file's name as it was uploaded")
    receipt_type = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_reason = models.TextField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_expense_positive"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("claimant")),
                name="budgets_expense_not_self_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount}: {self.description}"


class AwardOutcome(Record):
    """What happened with an award, told by the recipient or the team: what was done, how many
    took part, and a photo or a story, shown on the public page."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="outcomes")
    what_happened = models.TextField()
    people_taking_part = models.PositiveIntegerField(null=True, blank=True)
    story = models.TextField(blank=True)
    photo = models.FileField(upload_to=outcome_photo_path, blank=True, max_length=200)
    photo_description = models.CharField(
        max_length=200, blank=True, help_text="What the photo shows, for people who cannot see it"
    )
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"What happened: {self.award}"
