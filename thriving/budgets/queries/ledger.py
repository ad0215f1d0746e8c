"""Balances read from the ledger, never stored: a pot's available funds, what each award has
committed and paid, and the trial balance of a pot or a round (the sum of all its entries, which
is zero when the books balance)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from thriving.budgets.models import Account, Award, Entry, Movement, Pot, Round

ZERO = Decimal("0.00")


@dataclass
class PotBalance:
    """A pot's accounts: each a sum of its entries. `trial_balance` is zero when the books balance."""

    accounts: dict[str, Decimal] = field(default_factory=dict)

    def of(self, account: str) -> Decimal:
        return self.accounts.get(account, ZERO)

    @property
    def available(self) -> Decimal:
        return self.of(Account.FUNDS)

    @property
    def committed(self) -> Decimal:
        return self.of(Account.COMMITTED)

    @property
    def contributed(self) -> Decimal:
        return -self.of(Account.CONTRIBUTED)

    @property
    def spent(self) -> Decimal:
        return self.of(Account.SPENT)

    @property
    def transferred_in(self) -> Decimal:
        return -self.of(Account.TRANSFERS)

    @property
    def trial_balance(self) -> Decimal:
        return sum(self.accounts.values(), ZERO)

    def rows(self) -> list[tuple[str, Decimal]]:
        """Each account with its label and sum, in the ledger's order, for the trial balance table."""
        return [(label, self.of(value)) for value, label in Account.choices]


def pot_balance(pot: Pot) -> PotBalance:
    """One query: the sum of the pot's entries in each account."""
    sums = Entry.objects.filter(pot=pot).values("account").annotate(total=Sum("amount")).order_by()
    return PotBalance({row["account"]: row["total"] for row in sums})


def pot_balances(pots: list[Pot]) -> dict[int, PotBalance]:
    """One query for many pots (the pots list)."""
    found: dict[int, PotBalance] = defaultdict(PotBalance)
    sums = Entry.objects.filter(pot__in=pots).values("pot_id", "account").annotate(total=Sum("amount")).order_by()
    for row in sums:
        found[row["pot_id"]].accounts[row["account"]] = row["total"]
    return {pot.pk: found[pot.pk] for pot in pots}


def round_trial_balance(round_: Round) -> Decimal:
    """The sum of every entry of the round's movements: zero when its books balance."""
    total = Entry.objects.filter(movement__round=round_).aggregate(total=Sum("amount"))["total"]
    return total or ZERO


@dataclass(frozen=True)
class AwardMoney:
    """What an award has had: committed is what remains to pay; paid what has gone out."""

    awarded: Decimal
    remaining: Decimal
    paid: Decimal


def award_money(award: Award) -> AwardMoney:
    return awards_money([award])[award.pk]


def awards_money(awards: list[Award] | QuerySet[Award]) -> dict[int, AwardMoney]:
    """One query for a page of awards: what each was given (net of reversals and returns), has
    left to pay and has paid."""
    ids = [award.pk for award in awards]
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        Entry.objects.filter(award_id__in=ids, account__in=(Account.COMMITTED, Account.SPENT))
        .values("award_id", "account").annotate(total=Sum("amount")).order_by()
    )
    for row in rows:
        sums[row["award_id"]][row["account"]] = row["total"]
    result = {}
    for award_id in ids:
        remaining = sums[award_id].get(Account.COMMITTED, ZERO)
        paid = sums[award_id].get(Account.SPENT, ZERO)
        result[award_id] = AwardMoney(awarded=remaining + paid, remaining=remaining, paid=paid)
    return result


def movement_keys(pot: Pot) -> QuerySet:
    """The pot's movements (its own, and transfers into it from another pot), newest first, as
    (id, on_date) rows: two index scans joined, rather than one filter with an OR, which makes
    PostgreSQL read every movement of every pot to find one pot's."""
    own = Movement.objects.filter(pot=pot).order_by().values("id", "on_date")
    incoming = Movement.objects.filter(other_pot=pot).exclude(pot=pot).order_by().values("id", "on_date")
    return own.union(incoming, all=True).order_by("-on_date", "-id")


def movements_by_id(ids: list[int]) -> list[Movement]:
    """The movements named, in that order, with what a pot's page shows of each: the pots a
    transfer names and whether it was reversed (not the whole of every row it links to)."""
    found = Movement.objects.filter(pk__in=ids).select_related("pot", "other_pot", "reversed_by").only(
        "id", "uuid", "pot_id", "kind", "on_date", "memo", "other_pot_id", "pot__name", "pot__slug",
        "other_pot__name", "other_pot__slug", "reversed_by__id", "reversed_by__reverses_id")
    by_id = {movement.pk: movement for movement in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def movements(pot: Pot) -> QuerySet[Movement]:
    """The pot's movements, newest first, with what each reverses or is reversed by."""
    return (
        Movement.objects.filter(Q(pot=pot) | Q(other_pot=pot))
        .select_related("created_by", "award", "contribution", "reverses", "reversed_by", "other_pot")
        .order_by("-on_date", "-id")
    )


def entries_of(movement_ids: list[int]) -> dict[int, list[Entry]]:
    found: dict[int, list[Entry]] = defaultdict(list)
    rows = Entry.objects.filter(movement_id__in=movement_ids).select_related("pot").only(
        "id", "movement_id", "pot_id", "account", "award_id", "amount", "pot__name", "pot__slug")
    for entry in rows.order_by("id"):
        found[entry.movement_id].append(entry)
    return found


def awarded_total(pots: Any) -> Decimal:
    """What the pots have given in awards: every award and release, with their reversals, as it
    stands in the ledger (the figure the public spend page's total must equal)."""
    total = Entry.objects.filter(pot__in=pots, account__in=(Account.COMMITTED, Account.SPENT)).aggregate(
        total=Sum("amount")
    )["total"]
    return total or ZERO
