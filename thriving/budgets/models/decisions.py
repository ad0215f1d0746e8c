"""How applications are decided: the team's consent decision at a huddle, a dot or score vote of
team members, or a public vote of residents for a round; the enabler's sign-off above the
delegated limit; and the award a decision to fund makes."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thriving.budgets.models.applications import Application
from thriving.budgets.models.pots import MONEY, PENNY, Pot, Round
from thriving.core.models import Record


class Decision(Record):
    """What was decided about one application, how, and by whom. A decision to fund within the
    pot's delegated limit makes the award at once; above it, it waits for an enabler's sign-off."""

    class Method(models.TextChoices):
        CONSENT = "consent", "Consent decision at a huddle"
        DOT_VOTE = "dot_vote", "Dot vote of team members"
        SCORE_VOTE = "score_vote", "Score vote of team members"
        PUBLIC_VOTE = "public_vote", "Public vote of residents"

    class Outcome(models.TextChoices):
        FUND = "fund", "Fund it"
        DECLINE = "decline", "Do not fund it"

    class Signoff(models.TextChoices):
        NOT_NEEDED = "not_needed", "Within the delegated limit"
        AWAITING = "awaiting", "Waiting for an enabler"
        GRANTED = "granted", "Signed off"
        REFUSED = "refused", "Refused by an enabler"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    method = models.CharField(max_length=12, choices=Method.choices)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    amount = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(PENNY)], help_text="The amount to award"
    )
    huddle = models.ForeignKey("teams.Huddle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposal = models.TextField(blank=True, help_text="What was proposed")
    objections = models.TextField(blank=True, help_text="Objections raised, and how each was resolved")
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    vote_summary = models.JSONField(default=dict, blank=True, help_text="The vote's result when a vote decided it")
    reason = models.TextField(blank=True, help_text="Why, in a sentence: shown to the applicant")
    decided_on = models.DateField()
    signoff = models.CharField(max_length=10, choices=Signoff.choices, default=Signoff.NOT_NEEDED)
    signoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signoff_at = models.DateTimeField(null=True, blank=True)
    signoff_reason = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["signoff", "created_at"], name="budgets_decision_signoff")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="fund") | Q(amount__isnull=False), name="budgets_decision_fund_has_amount"
            ),
            # One decision waiting for sign-off or in effect per application at a time.
            models.UniqueConstraint(
                fields=["application"], condition=Q(signoff__in=["not_needed", "awaiting", "granted"]),
                name="budgets_decision_one_standing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_outcome_display()}"


class TeamVote(models.Model):
    """A team member's dots (dot vote) or score (score vote) for one application in a round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="team_votes")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="team_votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "application", "voter"], name="budgets_teamvote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.points} for {self.application_id}"


class PublicVote(models.Model):
    """A resident's one vote in a round's public vote, checked to be from someone who lives in
    the place (their postcode falls in the pot's locality)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="public_votes")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="public_votes")
    voter_key = models.CharField(max_length=200, help_text="The normalised email: one vote per person per round")
    postcode = models.CharField(max_length=8)
    area_code = models.CharField(max_length=9, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "voter_key"], name="budgets_publicvote_once")]

    def __str__(self) -> str:
        return f"A vote in {self.round_id}"


class Award(Record):
    """Money a decision gave: its purpose, amount, who receives it (an organisation, a group, or
    an individual, never named in public) and where it benefits. What remains to be paid is read
    from the ledger, never stored."""

    class Recipient(models.TextChoices):
        ORGANISATION = "organisation", "An organisation"
        GROUP = "group", "A community group"
        INDIVIDUAL = "individual", "An individual"

    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="awards")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, null=True, blank=True, related_name="awards")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="award")
    title = models.CharField(max_length=150)
    purpose = models.TextField()
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)], help_text="As decided")
    recipient_kind = models.CharField(max_length=12, choices=Recipient.choices)
    recipient_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(max_length=200, help_text="Shown in public unless an individual")
    awarded_on = models.DateField()
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, related_name="+")
    ward_code = models.CharField(max_length=9, blank=True)
    area_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        indexes = [
            models.Index(fields=["pot", "awarded_on"], name="budgets_award_pot_date"),
            models.Index(fields=["awarded_on"], name="budgets_award_date"),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budgets_award_positive")]

    def __str__(self) -> str:
        return f"£{self.amount}: {self.title}"

    @property
    def public_recipient(self) -> str:
        return "An individual" if self.recipient_kind == self.Recipient.INDIVIDUAL else self.recipient_name
