"""Paying an award's recipient, in full or in parts, and recording what happened with the money.

A payment is a `Payment` row and its movement in the ledger (`ledger.pay_out`), written together
or not at all; a payment over what remains on the award is refused with a message and nothing
written (the ledger checks again under its lock, so two people paying at once cannot overpay).
What happened is one `AwardOutcome` per award, changed in place when told again."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.budgets.models import Award, AwardOutcome, Movement, Payment
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.services.common import BudgetRefused, check_amount, money
from thriving.budgets.services.expenses import IMAGES, check_file, forget_on_commit
from thriving.core import audit
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import AuditEvent
from thriving.core.policy import require


@transaction.atomic
def pay(*, acting_user: Any, award: Award, amount: Decimal, paid_on: datetime.date, reference: str = "") -> Payment:
    """Pay the recipient all or part of what remains on the award."""
    require(acting_user, "budgets.manage", award.pot)
    check_amount(amount, "The payment")
    if paid_on > timezone.localdate():
        raise BudgetRefused("The day it was paid must be today or in the past.")
    remaining = ledger_queries.award_money(award).remaining
    if amount > remaining:
        raise BudgetRefused(
            f"This award has {money(remaining)} left to pay, so a payment of {money(amount)} cannot be made. "
            "Nothing was changed."
        )
    payment = Payment.objects.create(award=award, amount=amount, paid_on=paid_on, reference=reference.strip()[:100],
                                     created_by=acting_user)
    movement = ledger.pay_out(
        acting_user=acting_user, award=award, amount=amount, on_date=paid_on, kind=Movement.Kind.PAYMENT,
        memo=f"Payment to {award.public_recipient}" + (f" ({payment.reference})" if payment.reference else ""),
        payment=payment,
    )
    audit.record(acting_user, "budgets.payment_made", payment, action=AuditEvent.Action.CREATED,
                 changes={"amount": str(amount), "award": str(award.uuid), "movement": str(movement.uuid)})
    return payment


@transaction.atomic
def record_outcome(
    *, acting_user: Any, award: Award, what_happened: str, people_taking_part: int | None = None, story: str = "",
    photo: Any = None, photo_description: str = "", is_public: bool = True, version: int | None = None,
) -> AwardOutcome:
    """What was done with the award, how many took part, a story and a photo (described for
    people who cannot see it), public or not. Told again, it changes the award's one outcome."""
    require(acting_user, "budgets.work", award.pot)
    if not what_happened.strip():
        raise BudgetRefused("Say what was done with the money.")
    if people_taking_part is not None and people_taking_part < 0:
        raise BudgetRefused("The number of people taking part cannot be below zero.")
    kind = check_file(photo, IMAGES, "The photo") if photo else None
    outcome = award.outcomes.order_by("-created_at", "-id").first()
    has_photo = kind is not None or bool(outcome and outcome.photo)
    if has_photo and not photo_description.strip():
        raise BudgetRefused("Say what the photo shows, for people who cannot see it.")
    created = outcome is None
    if outcome is None:
        outcome = AwardOutcome(award=award, created_by=acting_user)
    outcome.what_happened = what_happened.strip()
    outcome.people_taking_part = people_taking_part
    outcome.story = story.strip()
    outcome.photo_description = photo_description.strip()[:200] if has_photo else ""
    outcome.is_public = is_public
    if kind is not None:
        forget_on_commit(outcome.photo.name if outcome.photo else "")
        outcome.photo.save(f"photo.{kind.extension}", photo, save=False)
    fields = ["what_happened", "people_taking_part", "story", "photo", "photo_description", "is_public"]
    if created:
        outcome.save()
    else:
        save_if_unchanged(outcome, version=version, fields=fields)
    audit.record(acting_user, "budgets.outcome_recorded", outcome,
                 action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
                 changes={"award": str(award.uuid), "public": is_public, "photo": bool(outcome.photo)})
    return outcome
