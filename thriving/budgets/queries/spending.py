"""What the spending pages read: a pot's awards with their money (one query for the awards, one
for their sums in the ledger), an award's payments, expenses and what happened, and the
expenses waiting for a person to approve and their own claims."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from thriving.budgets.models import Award, AwardOutcome, Expense, Payment, Pot
from thriving.budgets.queries import ledger as ledger_queries
from thriving.core.access import restrict


@dataclass(frozen=True)
class AwardRow:
    award: Award
    money: ledger_queries.AwardMoney


def awards_of(pot: Pot) -> list[AwardRow]:
    """The pot's awards, newest first, each with what it was given, has paid and has left."""
    awards = list(Award.objects.filter(pot=pot).select_related("recipient_organisation").order_by("-awarded_on", "-id"))
    sums = ledger_queries.awards_money(awards)
    return [AwardRow(award, sums[award.pk]) for award in awards]


def payments_of(award: Award) -> QuerySet[Payment]:
    return award.payments.select_related("created_by").order_by("paid_on", "id")


def expenses_of(award: Award) -> QuerySet[Expense]:
    return award.expenses.select_related("claimant", "approved_by").order_by("-created_at", "-id")


def outcome_of(award: Award) -> AwardOutcome | None:
    """The award's one account of what happened (the latest, should there be more)."""
    return award.outcomes.order_by("-created_at", "-id").first()


def to_approve(user: Any) -> QuerySet[Expense]:
    """The submitted claims the person may approve (never their own), oldest first."""
    return (restrict(Expense.objects.all(), user, "approve")
            .select_related("award__pot", "claimant").order_by("submitted_at", "id"))


def claims_of(user: Any) -> QuerySet[Expense]:
    """The person's own claims, newest first."""
    return (restrict(Expense.objects.all(), user, "view").filter(claimant=user)
            .select_related("award__pot", "approved_by").order_by("-created_at", "-id"))


def may(user: Any, model: type[Model], action: str, obj: Any) -> bool:
    """Whether the object is in the person's scope for the action (for what a page offers)."""
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


def public_photo(user: Any, award_uuid: Any) -> AwardOutcome | None:
    """The photo of what happened for an award: for anyone when the pot is public and the outcome
    is marked public; for the pot's people (who may view it) whatever its marking."""
    found = (restrict(AwardOutcome.objects.all(), user, "view_public")
             .filter(award__uuid=award_uuid).exclude(photo="").order_by("-created_at", "-id").first())
    if found is None:
        found = (restrict(AwardOutcome.objects.all(), user, "view")
                 .filter(award__uuid=award_uuid).exclude(photo="").order_by("-created_at", "-id").first())
    return found
