"""The role matrix's entries for the pots pages: the pots list (team members, enablers and
administrators), creating a pot (enablers and administrators), a pot's and a round's page (those
with a part in the pot), and looking after a pot: its details, contributions, rounds, transfers and
reversals (its enablers, the locality's enablers and administrators). The sample is a team pot of
the world's connected team with £1,000 in it, a round, and the contribution's movement."""

from typing import Any

from thriving.api.tests.matrix_pages import Page
from thriving.api.tests.matrix_world import World
from thriving.budgets.models import Movement, Pot
from thriving.budgets.tests.factories import RoundFactory, funded_pot
from thriving.core import access
from thriving.core.models import Role


def pot(w: World) -> Any:
    return w.once("budgets_pot", lambda: funded_pot(w.users[Role.ADMINISTRATOR], "1000.00", name="Matrix pot",
                                                     slug="matrix-pot", team=w.team, locality=w.locality))


def round_(w: World) -> Any:
    return w.once("budgets_round", lambda: RoundFactory(pot=pot(w), title="Matrix round", slug="matrix-round"))


def movement(w: World) -> Any:
    return w.once("budgets_movement", lambda: Movement.objects.get(pot=pot(w), kind=Movement.Kind.CONTRIBUTION))


def _pot_in(action: str) -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        return access.restrict(Pot.objects.all(), user, action).filter(slug=kw["slug"]).exists()

    return check


sees, manages = _pot_in("view"), _pot_in("manage")

PAGES = {
    "budgets:pot": Page(scope=sees),
    "budgets:round": Page(scope=sees),
    "budgets:pot-change": Page(scope=manages),
    "budgets:contribution-add": Page(scope=manages),
    "budgets:round-add": Page(scope=manages),
    "budgets:round-change": Page(scope=manages),
    "budgets:transfer": Page(scope=manages),
    "budgets:movement-reverse": Page(scope=manages),
}

SAMPLES = {
    "budgets:pot": lambda w: {"slug": pot(w).slug},
    "budgets:pot-change": lambda w: {"slug": pot(w).slug},
    "budgets:contribution-add": lambda w: {"slug": pot(w).slug},
    "budgets:round-add": lambda w: {"slug": pot(w).slug},
    "budgets:round": lambda w: {"slug": pot(w).slug, "round_slug": round_(w).slug},
    "budgets:round-change": lambda w: {"slug": pot(w).slug, "round_slug": round_(w).slug},
    "budgets:transfer": lambda w: {"slug": pot(w).slug},
    "budgets:movement-reverse": lambda w: {"slug": pot(w).slug, "uuid": movement(w).uuid},
}
