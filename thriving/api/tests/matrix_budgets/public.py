"""The role matrix's entries for the budgets concept "public": the public spend pages and their
downloads answer everyone (a public pot of the world's team, with one award), the 360Giving export
too; the publishing settings are for administrators (the default: the policy decides)."""

from typing import Any

from thriving.api.tests.matrix_world import World
from thriving.core.models import Role


def public_pot(w: World) -> Any:
    def make() -> Any:
        from thriving.budgets.tests.factories import funded_pot, make_award

        pot = funded_pot(w.users[Role.ADMINISTRATOR], team=w.team, locality=w.locality,
                         name="Matrixton public pot", slug="matrixton-public-pot")
        make_award(pot, "120.00")
        return pot

    return w.once("budgets_public_pot", make)


def _pot(w: World) -> dict:
    return {"slug": public_pot(w).slug}


def _locality(w: World) -> dict:
    public_pot(w)
    return {"locality": w.locality.slug}


PAGES: dict = {}

SAMPLES = {
    "budgets:spend-pot": _pot,
    "budgets:spend-pot-csv": _pot,
    "budgets:spend-pot-json": _pot,
    "budgets:spend-locality": _locality,
    "budgets:spend-locality-csv": _locality,
    "budgets:spend-locality-json": _locality,
}
