"""The role matrix's entries for the budgets applications pages: the public application form
(for a pot, and for one of its rounds) and its confirmation (which, with nothing sent, goes back
to the form), applying from a community idea (who works on the pot), a pot's applications and one
application (who sees the pot), and withdrawing one (who works on the pot). The sample is a public
pot of the world's connected team, with a round open today and one application waiting."""

from decimal import Decimal
from typing import Any

from thriving.api.tests.matrix_pages import Page, post, visible
from thriving.api.tests.matrix_world import World
from thriving.budgets.models import Application, Pot
from thriving.budgets.tests.factories import ApplicationFactory, PotFactory, RoundFactory


def pot(w: World) -> Any:
    return w.once("applications_pot", lambda: PotFactory(
        name="Matrixton applications pot", slug="matrixton-applications", team=w.team, locality=w.locality))


def round_(w: World) -> Any:
    return w.once("applications_round", lambda: RoundFactory(pot=pot(w), slug="matrix-round",
                                                              maximum_per_application=Decimal("800.00")))


def application(w: World) -> Any:
    return w.once("applications_application", lambda: ApplicationFactory(pot=pot(w), reference="LB-MATRX2"))


def _pot_in(action: str) -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        return visible(Pot, user, action, slug=kw["slug"])

    return check


def _application_in(action: str) -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        return visible(Application, user, action, reference=kw["reference"])

    return check


PAGES = {
    "budgets:applied": Page(ok=302),  # nothing sent in this session: back to the form
    "budgets:apply-from-idea": Page(scope=_pot_in("work")),
    "budgets:applications": Page(scope=_pot_in("view")),
    "budgets:application": Page(scope=_application_in("view")),
    "budgets:application-withdraw": post(data=lambda w: {"reason": "The group found the money elsewhere",
                                                         "version": application(w).version},
                                         scope=_application_in("work")),
}

SAMPLES = {
    "budgets:apply": lambda w: {"slug": pot(w).slug},
    "budgets:applied": lambda w: {"slug": pot(w).slug},
    "budgets:apply-round": lambda w: {"slug": pot(w).slug, "round_slug": round_(w).slug},
    "budgets:apply-from-idea": lambda w: {"slug": pot(w).slug},
    "budgets:applications": lambda w: {"slug": pot(w).slug},
    "budgets:application": lambda w: {"reference": application(w).reference},
    "budgets:application-withdraw": lambda w: {"reference": application(w).reference},
}
