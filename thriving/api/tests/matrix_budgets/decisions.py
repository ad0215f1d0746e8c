"""The role matrix's entries for budget decisions: the team's consent decision about an
application, the team's vote on a round and its tally, the public vote (open to anyone) and its
published results, publishing them, and an enabler's sign-off. The sample pot is the world's
team's, with the world's enabler named on it; its decision waiting for sign-off is about an
application nobody signed in made."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from thriving.api.tests.matrix_pages import Page, post, visible
from thriving.api.tests.matrix_world import World
from thriving.budgets.models import Application, Decision, Pot, Round
from thriving.budgets.tests.factories import ApplicationFactory, DecisionFactory, RoundFactory, funded_pot
from thriving.core.models import Role


def world_pot(w: World) -> Any:
    """A funded pot of the world's team, its enabler named, with an application to decide, one
    waiting for sign-off, a dot-vote round and two public-vote rounds (one with results published)."""

    def make() -> Any:
        today = timezone.localdate()
        pot = funded_pot(w.users[Role.ADMINISTRATOR], "2000.00", name="Matrix decisions pot",
                         slug="matrix-decisions-pot", team=w.team, locality=w.locality,
                         delegated_limit=Decimal("500.00"))
        pot.enablers.add(w.users[Role.ENABLER])
        pot.matrix_application = ApplicationFactory(pot=pot, reference="LB-MXDEC1")
        waiting = ApplicationFactory(pot=pot, reference="LB-MXDEC2", amount_requested=Decimal("600.00"),
                                     status=Application.Status.AWAITING_SIGNOFF)
        pot.matrix_decision = DecisionFactory(application=waiting, amount=Decimal("600.00"),
                                              signoff=Decision.Signoff.AWAITING)
        pot.matrix_dot_round = RoundFactory(pot=pot, slug="matrix-dots", method=Round.Method.DOT_VOTE)
        ApplicationFactory(pot=pot, round=pot.matrix_dot_round, reference="LB-MXDEC3")
        voting = {"method": Round.Method.PUBLIC_VOTE, "voting_opens_on": today - datetime.timedelta(days=1),
                  "voting_closes_on": today + datetime.timedelta(days=7)}
        pot.matrix_public_round = RoundFactory(pot=pot, slug="matrix-public", results_published_at=timezone.now(),
                                               **voting)
        ApplicationFactory(pot=pot, round=pot.matrix_public_round, reference="LB-MXDEC4")
        pot.matrix_unpublished_round = RoundFactory(pot=pot, slug="matrix-unpublished", **voting)
        return pot

    return w.once("budgets_decisions", make)


def works(user: Any, w: World, kw: dict) -> bool:
    return visible(Pot, user, "work", slug=kw["slug"])


def manages(user: Any, w: World, kw: dict) -> bool:
    return visible(Pot, user, "manage", slug=kw["slug"])


def decides(user: Any, w: World, kw: dict) -> bool:
    return visible(Application, user, "work", reference=kw["reference"])


def signs_off(user: Any, w: World, kw: dict) -> bool:
    return visible(Decision, user, "sign_off", uuid=kw["uuid"])


def _round(attribute: str) -> Any:
    def kwargs(w: World) -> dict:
        pot = world_pot(w)
        return {"slug": pot.slug, "round_slug": getattr(pot, attribute).slug}

    return kwargs


PAGES: dict[str, Page] = {
    "budgets:decide": Page(scope=decides),
    "budgets:signoff": Page(scope=signs_off),
    "budgets:team-vote": Page(scope=works),
    "budgets:team-vote-results": Page(scope=works),
    "budgets:public-vote-publish": post(scope=manages),
    "budgets:public-vote-decide": post(scope=manages),
}

SAMPLES: dict[str, Any] = {
    "budgets:decide": lambda w: {"reference": world_pot(w).matrix_application.reference},
    "budgets:signoff": lambda w: {"uuid": world_pot(w).matrix_decision.uuid},
    "budgets:team-vote": _round("matrix_dot_round"),
    "budgets:team-vote-results": _round("matrix_dot_round"),
    "budgets:public-vote": _round("matrix_public_round"),
    "budgets:public-vote-results": _round("matrix_public_round"),
    "budgets:public-vote-publish": _round("matrix_unpublished_round"),
    "budgets:public-vote-decide": _round("matrix_public_round"),
}
