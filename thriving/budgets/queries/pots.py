"""Reads for the pots pages, each starting from what the person may see: the pots list (with every
pot's balance in one query), a pot's page (its contributions, rounds and a page of its movements
with their entries), the pots a person may move money to, and the choices the pot forms offer."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from thriving.budgets.models import Account, Contribution, Entry, Movement, Pot, Round
from thriving.budgets.queries import ledger
from thriving.core.access import restrict
from thriving.core.models import Organisation, Role, User
from thriving.core.queries import page_of
from thriving.directory.queries import public as directory
from thriving.places.models import Locality
from thriving.teams.queries import teams

MOVEMENTS_PER_PAGE = 50
POTS_PER_PAGE = 50


def pots_for(user: Any, *, locality: Locality | None = None, kind: str = "") -> QuerySet[Pot]:
    """The pots the person may see, by name, narrowed by locality and kind."""
    found = restrict(Pot.objects.all(), user, "view").select_related("team", "locality", "platform")
    if locality is not None:
        found = found.filter(locality=locality)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("name", "pk")


@dataclass
class PotRow:
    pot: Pot
    balance: ledger.PotBalance


def with_balances(pots: list[Pot]) -> list[PotRow]:
    """Each pot with its balance: one query for all of them."""
    balances = ledger.pot_balances(pots)
    return [PotRow(pot=pot, balance=balances[pot.pk]) for pot in pots]


def managed_ids(user: Any, pots: list[Pot]) -> set[int]:
    """Which of these pots the person looks after."""
    return set(restrict(Pot.objects.filter(pk__in=[pot.pk for pot in pots]), user, "manage")
               .values_list("pk", flat=True))


def may_manage(user: Any, pot: Pot) -> bool:
    return bool(managed_ids(user, [pot]))


def may_work(user: Any, pot: Pot) -> bool:
    """Whether the person decides, claims and applies from ideas in this pot (its team, its enablers)."""
    return restrict(Pot.objects.filter(pk=pot.pk), user, "work").exists()


def contributions(pot: Pot) -> QuerySet[Contribution]:
    return pot.contributions.select_related("funder_organisation").order_by("-received_on", "-id")


def rounds(pot: Pot) -> QuerySet[Round]:
    return pot.rounds.order_by("-opens_on", "-id")


@dataclass
class MovementRow:
    """A movement as the pot's page shows it: how much moved, what it did to the pot's available
    funds, its entries in this pot, and whether it may be reversed."""

    movement: Movement
    amount: Decimal
    to_available: Decimal
    entries: list[Entry]
    reversed_by: Movement | None
    reversible: bool


def _reversed_by(movement: Movement) -> Movement | None:
    try:
        return movement.reversed_by
    except Movement.DoesNotExist:
        return None


def movement_rows(pot: Pot, movements: list[Movement]) -> list[MovementRow]:
    """One query for the entries of a page of movements."""
    entries = ledger.entries_of([movement.pk for movement in movements])
    rows = []
    for movement in movements:
        mine = [entry for entry in entries.get(movement.pk, []) if entry.pot_id == pot.pk]
        reversed_by = _reversed_by(movement)
        rows.append(MovementRow(
            movement=movement,
            amount=sum((entry.amount for entry in mine if entry.amount > 0), Decimal("0.00")),
            to_available=sum((entry.amount for entry in mine if entry.account == Account.FUNDS), Decimal("0.00")),
            entries=mine, reversed_by=reversed_by,
            reversible=movement.kind != Movement.Kind.REVERSAL and reversed_by is None,
        ))
    return rows


def movements_page(pot: Pot, number: Any) -> tuple[Any, list[MovementRow]]:
    """A page of the pot's movements, newest first, with their entries."""
    page = page_of(ledger.movement_keys(pot), number, MOVEMENTS_PER_PAGE)
    return page, movement_rows(pot, ledger.movements_by_id([row["id"] for row in page.object_list]))


def pot_movements(pot: Pot) -> QuerySet[Movement]:
    """The pot's movements (those into it from another pot too), for finding one through the scope."""
    return ledger.movements(pot)


def transfer_targets(user: Any, pot: Pot) -> QuerySet[Pot]:
    """The other open pots the person looks after, that money may move to."""
    return restrict(Pot.objects.exclude(pk=pot.pk), user, "manage").select_related("locality").order_by("name")


# --- What the forms offer ------------------------------------------------------------------------


def locality_choices() -> QuerySet[Locality]:
    return Locality.objects.order_by("name")


def team_choices() -> QuerySet[Any]:
    return teams.active_teams()


def platform_choices() -> QuerySet[Any]:
    return directory.platforms_for_pages().order_by("name")


def enabler_choices() -> QuerySet[User]:
    """The people with the enabler role, who may be named to sign off a pot's decisions."""
    return User.objects.filter(is_active=True, memberships__role=Role.ENABLER).distinct().order_by("full_name")


def organisation_choices() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")
