"""Every movement of money, written once to the append-only ledger as a balanced set of entries.

`post` is the one writer: it locks the pots a movement touches (so that many people awarding or
paying at once are taken one after another), refuses a movement that does not balance for each
pot, and refuses one that would take a pot's available funds or an award's unpaid amount below
zero. The named actions below call it; nothing else writes entries.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from thriving.budgets.models import Account, Award, Contribution, Entry, Movement, Pot
from thriving.budgets.services.common import BudgetRefused, check_amount, money
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.policy import require

ZERO = Decimal("0.00")
NEVER_BELOW_ZERO = (Account.FUNDS, Account.COMMITTED)


@dataclass(frozen=True)
class Line:
    """One entry to write: into (positive) or out of (negative) one account of one pot (and award)."""

    pot: Pot
    account: str
    amount: Decimal
    award: Award | None = None


def _lock(pots: list[Pot]) -> None:
    """Take the pots' rows for update, in one order, so concurrent movements wait their turn."""
    ids = sorted({pot.pk for pot in pots})
    list(Pot.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _current(pot_id: int, account: str, award_id: int | None) -> Decimal:
    rows = Entry.objects.filter(pot_id=pot_id, account=account)
    if award_id is not None:
        rows = rows.filter(award_id=award_id)
    return rows.aggregate(total=Sum("amount"))["total"] or ZERO


def _refuse_below_zero(lines: list[Line]) -> None:
    change: dict[tuple[int, str, int | None], Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line.account in NEVER_BELOW_ZERO:
            award_id = line.award.pk if line.account == Account.COMMITTED and line.award else None
            change[(line.pot.pk, line.account, award_id)] += line.amount
    for (pot_id, account, award_id), delta in change.items():
        if delta >= 0:
            continue
        now = _current(pot_id, account, award_id)
        if now + delta < 0:
            if account == Account.FUNDS:
                pot = Pot.objects.get(pk=pot_id)
                raise BudgetRefused(
                    f"{pot.name} has {money(now)} available, so it cannot give {money(-delta)}. "
                    "Nothing was changed."
                )
            raise BudgetRefused(
                f"This award has {money(now)} left to pay, so {money(-delta)} cannot come out of it. "
                "Nothing was changed."
            )


@transaction.atomic
def post(
    *, acting_user: Any, pot: Pot, kind: str, on_date: datetime.date, lines: list[Line], memo: str = "",
    **links: Any,
) -> Movement:
    """Write one movement and its entries, or nothing. `links` name what it is for (`round`,
    `contribution`, `award`, `payment`, `expense`, `other_pot`, `reverses`)."""
    if not lines:
        raise BudgetRefused("A movement of money needs at least one entry.")
    by_pot: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        check_amount(abs(line.amount), "An entry")
        by_pot[line.pot.pk] += line.amount
    if any(total != 0 for total in by_pot.values()):
        raise BudgetRefused("The entries of a movement must balance for each pot. Nothing was changed.")
    _lock([line.pot for line in lines])
    _refuse_below_zero(lines)
    movement = Movement.objects.create(
        uuid=uuid.uuid4(), pot=pot, kind=kind, on_date=on_date, memo=memo[:300], created_by=acting_user, **links,
    )
    Entry.objects.bulk_create(
        Entry(movement=movement, pot=line.pot, account=line.account, award=line.award, amount=line.amount)
        for line in lines
    )
    return movement


@transaction.atomic
def contribute(
    *, acting_user: Any, pot: Pot, funder_name: str, amount: Decimal, received_on: datetime.date,
    restriction: str = "", funder_organisation: Any = None,
) -> Contribution:
    """Put money into a pot from a funder."""
    require(acting_user, "budgets.manage", pot)
    check_amount(amount, "A contribution")
    contribution = Contribution.objects.create(
        pot=pot, funder_name=funder_name.strip(), funder_organisation=funder_organisation, amount=amount,
        received_on=received_on, restriction=restriction.strip(), created_by=acting_user,
    )
    post(
        acting_user=acting_user, pot=pot, kind=Movement.Kind.CONTRIBUTION, on_date=received_on,
        memo=f"From {contribution.funder_name}", contribution=contribution,
        lines=[Line(pot, Account.FUNDS, amount), Line(pot, Account.CONTRIBUTED, -amount)],
    )
    audit.record(acting_user, "budgets.contribution_added", contribution, action=AuditEvent.Action.CREATED,
                 changes={"amount": str(amount), "pot": pot.slug})
    return contribution


def commit_award(*, acting_user: Any, award: Award) -> Movement:
    """The award's money moves from the pot's available funds to the award (called by the
    decisions service when a decision to fund takes effect; it checks the policy)."""
    return post(
        acting_user=acting_user, pot=award.pot, kind=Movement.Kind.AWARD, on_date=award.awarded_on,
        memo=award.title, award=award, round=award.round,
        lines=[
            Line(award.pot, Account.FUNDS, -award.amount),
            Line(award.pot, Account.COMMITTED, award.amount, award),
        ],
    )


def pay_out(*, acting_user: Any, award: Award, amount: Decimal, on_date: datetime.date, kind: str,
            memo: str = "", **links: Any) -> Movement:
    """Money leaves an award: a payment to the recipient or a paid expense (called by the
    spending services, which check the policy)."""
    check_amount(amount, "A payment")
    return post(
        acting_user=acting_user, pot=award.pot, kind=kind, on_date=on_date, memo=memo, award=award,
        round=award.round,
        lines=[
            Line(award.pot, Account.COMMITTED, -amount, award),
            Line(award.pot, Account.SPENT, amount, award),
        ],
        **links,
    )


@transaction.atomic
def refund(*, acting_user: Any, award: Award, amount: Decimal, on_date: datetime.date, memo: str = "") -> Movement:
    """Money the recipient gave back: it returns to the pot's available funds."""
    require(acting_user, "budgets.manage", award.pot)
    check_amount(amount, "A refund")
    _lock([award.pot])
    paid = _current(award.pot.pk, Account.SPENT, award.pk)
    if amount > paid:
        raise BudgetRefused(f"Only {money(paid)} has been paid from this award, so {money(amount)} cannot be refunded.")
    movement = post(
        acting_user=acting_user, pot=award.pot, kind=Movement.Kind.REFUND, on_date=on_date, memo=memo, award=award,
        round=award.round,
        lines=[Line(award.pot, Account.SPENT, -amount, award), Line(award.pot, Account.FUNDS, amount)],
    )
    audit.record(acting_user, "budgets.refund", movement, action=AuditEvent.Action.CREATED,
                 changes={"amount": str(amount), "award": str(award.uuid)})
    return movement


@transaction.atomic
def release(*, acting_user: Any, award: Award, amount: Decimal, on_date: datetime.date, memo: str = "") -> Movement:
    """What an award will not use goes back to the pot's available funds."""
    require(acting_user, "budgets.manage", award.pot)
    check_amount(amount, "An amount to return")
    movement = post(
        acting_user=acting_user, pot=award.pot, kind=Movement.Kind.RELEASE, on_date=on_date, memo=memo, award=award,
        round=award.round,
        lines=[Line(award.pot, Account.COMMITTED, -amount, award), Line(award.pot, Account.FUNDS, amount)],
    )
    audit.record(acting_user, "budgets.released", movement, action=AuditEvent.Action.CREATED,
                 changes={"amount": str(amount), "award": str(award.uuid)})
    return movement


@transaction.atomic
def transfer(*, acting_user: Any, from_pot: Pot, to_pot: Pot, amount: Decimal, on_date: datetime.date,
             memo: str = "") -> Movement:
    """Move available money from one pot to another; the person must manage both."""
    require(acting_user, "budgets.manage", from_pot)
    require(acting_user, "budgets.manage", to_pot)
    if from_pot.pk == to_pot.pk:
        raise BudgetRefused("Choose a different pot to move the money to.")
    check_amount(amount, "A transfer")
    movement = post(
        acting_user=acting_user, pot=from_pot, kind=Movement.Kind.TRANSFER, on_date=on_date, memo=memo,
        other_pot=to_pot,
        lines=[
            Line(from_pot, Account.FUNDS, -amount), Line(from_pot, Account.TRANSFERS, amount),
            Line(to_pot, Account.TRANSFERS, -amount), Line(to_pot, Account.FUNDS, amount),
        ],
    )
    audit.record(acting_user, "budgets.transferred", movement, action=AuditEvent.Action.CREATED,
                 changes={"amount": str(amount), "from": from_pot.slug, "to": to_pot.slug})
    return movement


@transaction.atomic
def reverse(*, acting_user: Any, movement: Movement, reason: str, on_date: datetime.date) -> Movement:
    """Correct a mistake: a new movement whose entries undo the one named, which stays as it was.
    A movement is reversed at most once, and a reversal is not itself reversed."""
    require(acting_user, "budgets.manage", movement.pot)
    if not reason.strip():
        raise BudgetRefused("Say why the movement is being reversed.")
    if movement.kind == Movement.Kind.REVERSAL:
        raise BudgetRefused("A reversal cannot itself be reversed: record the movement again instead.")
    if Movement.objects.filter(reverses=movement).exists():
        raise BudgetRefused("This movement has already been reversed.")
    lines = [
        Line(entry.pot, entry.account, -entry.amount, entry.award)
        for entry in movement.entries.select_related("pot", "award")
    ]
    reversal = post(
        acting_user=acting_user, pot=movement.pot, kind=Movement.Kind.REVERSAL, on_date=on_date,
        memo=f"Reverses {movement.get_kind_display().lower()} of {movement.on_date:%-d %B %Y}: {reason.strip()}",
        reverses=movement, round=movement.round, award=movement.award, other_pot=movement.other_pot, lines=lines,
    )
    audit.record(acting_user, "budgets.reversed", reversal, action=AuditEvent.Action.CREATED,
                 changes={"reverses": str(movement.uuid), "reason": reason.strip()})
    return reversal
