"""Pots of money for a connected team, a locality or a platform; where each pound came from; the
rounds that open a pot for applications; and how the council publishes its grants."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thriving.core.models import Record

PENNY = Decimal("0.01")
MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class Pot(Record):
    """Money a connected team (or the people of a locality, or a platform such as a food network)
    decides how to spend: small grants that help people early, in their own place. Its balance is
    never stored: it is read from the ledger."""

    class Kind(models.TextChoices):
        TEAM = "team", "A connected team's pot"
        LOCALITY = "locality", "A locality's pot"
        PLATFORM = "platform", "A platform's pot"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEAM)
    about = models.TextField(blank=True, help_text="What the money is for, in a sentence or two")
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="pots")
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, related_name="pots")
    platform = models.ForeignKey(
        "directory.Platform", on_delete=models.PROTECT, null=True, blank=True, related_name="pots"
    )
    delegated_limit = models.DecimalField(
        **MONEY, validators=[MinValueValidator(Decimal("0"))],
        help_text="The most the team may award in one decision without an enabler's sign-off",
    )
    enablers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="budget_pots_to_sign_off",
        help_text="Who signs off decisions above the delegated limit",
    )
    funding_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Who gives the grants, for 360Giving; empty for the council that publishes them",
    )
    signoff_reminder_days = models.PositiveSmallIntegerField(
        default=3, help_text="Working days before an enabler is reminded of a decision waiting for them",
    )
    is_public = models.BooleanField(default=True, help_text="Its spending is shown on the public spend page")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="team") | Q(team__isnull=False), name="budgets_pot_team_has_team"
            ),
            models.CheckConstraint(
                condition=~Q(kind="platform") | Q(platform__isnull=False), name="budgets_pot_platform_has_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contribution(Record):
    """Money put into a pot: who gave it, how much, when, and anything it may only be spent on.
    Recorded once in the ledger; a mistake is corrected by a reversal."""

    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="contributions")
    funder_name = models.CharField(max_length=200)
    funder_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    received_on = models.DateField()
    restriction = models.TextField(blank=True, help_text="What it may only be spent on, if anything")

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_contribution_positive")]

    def __str__(self) -> str:
        return f"£{self.amount} from {self.funder_name}"


class Round(Record):
    """A time when a pot is open for applications, with its guidelines, the most one application
    may ask for, and how the applications are decided."""

    class Method(models.TextChoices):
        CONSENT = "consent", "The team's consent decision at a huddle"
        DOT_VOTE = "dot_vote", "A dot vote of team members"
        SCORE_VOTE = "score_vote", "A score vote of team members"
        PUBLIC_VOTE = "public_vote", "A public vote of residents"

    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160)
    guidelines = models.TextField(help_text="What the round funds, and what it does not")
    opens_on = models.DateField()
    closes_on = models.DateField()
    maximum_per_application = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.CONSENT)
    voting_opens_on = models.DateField(null=True, blank=True, help_text="For a public vote")
    voting_closes_on = models.DateField(null=True, blank=True)
    dots_per_member = models.PositiveSmallIntegerField(default=3, help_text="For a dot vote")
    results_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["pot", "slug"], name="budgets_round_slug"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="budgets_round_dates"),
        ]

    def __str__(self) -> str:
        return self.title


class Publishing(models.Model):
    """How the council publishes its grants to 360Giving: its identifier prefix (registered with
    360Giving, such as `360G-derbyshirecc`), its own org-id and name as the funder, and the
    licence. One row; administrators change it."""

    identifier_prefix = models.CharField(max_length=60, default="360G-thriving-example")
    funder_identifier = models.CharField(
        max_length=60, default="GB-LAE-DBY", help_text="The council's org-id, such as GB-LAE-DBY"
    )
    funder_name = models.CharField(max_length=200, default="Derbyshire County Council")
    publisher_name = models.CharField(max_length=200, default="Derbyshire County Council")
    licence = models.URLField(default="https://creativecommons.org/licenses/by/4.0/")
    grant_programme = models.CharField(max_length=200, default="Thriving Communities local budgets")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "publishing"

    def __str__(self) -> str:
        return f"Publishing as {self.identifier_prefix}"

    @classmethod
    def current(cls) -> "Publishing":
        row = cls.objects.order_by("pk").first()
        return row or cls.objects.create()
