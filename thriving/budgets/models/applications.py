"""Applications for money from a pot: from a resident (the public form), a community group, or
made from a community idea; what it is for, a budget of items, who benefits and where, and how
they will show what happened."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thriving.budgets.models.pots import MONEY, PENNY, Pot, Round
from thriving.core.models import Record


class Application(Record):
    """Someone asking a pot for money for something that helps their place. The applicant's
    contact details are personal data: reading them is recorded in the audit trail."""

    class Source(models.TextChoices):
        RESIDENT = "resident", "A resident"
        GROUP = "group", "A community group"
        IDEA = "idea", "A community idea"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for a decision"
        AWAITING_SIGNOFF = "awaiting_signoff", "Waiting for an enabler's sign-off"
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Not funded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=12, unique=True, help_text="As LB-7K3P9Q, given to the applicant")
    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="applications")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, null=True, blank=True, related_name="applications")
    source = models.CharField(max_length=10, choices=Source.choices)
    idea = models.ForeignKey(
        "community.Idea", on_delete=models.PROTECT, null=True, blank=True, related_name="budget_applications"
    )
    idea_stage = models.CharField(max_length=12, blank=True, help_text="The idea's stage when the application was made")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Who supports the applicant (the idea's facilitator)",
    )
    applicant_name = models.CharField(max_length=150)
    applicant_email = models.EmailField(blank=True)
    applicant_phone = models.CharField(max_length=30, blank=True)
    group_name = models.CharField(max_length=200, blank=True, help_text="The community group applying, if any")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The organisation that would receive the money, if it is one we know",
    )
    title = models.CharField(max_length=150, help_text="What it is, in a few words")
    purpose = models.TextField(help_text="What the money is for, and why it helps")
    amount_requested = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    beneficiaries = models.TextField(help_text="Who benefits")
    beneficiary_count = models.PositiveIntegerField(null=True, blank=True, help_text="About how many people")
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, related_name="+")
    ward_code = models.CharField(max_length=9, blank=True, help_text="ONS code of the ward it benefits")
    area_code = models.CharField(max_length=9, blank=True, help_text="LSOA code of the area it benefits")
    evidence = models.TextField(help_text="How they will show what happened")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, help_text="One application per form sent")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pot", "status"], name="budgets_application_pot")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="budgets_application_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class BudgetItem(models.Model):
    """One line of an application's budget: what will be bought, and what it costs."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_item_positive")]

    def __str__(self) -> str:
        return f"{self.description}: £{self.amount}"
