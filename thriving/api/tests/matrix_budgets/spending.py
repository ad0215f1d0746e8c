"""The role matrix's entries for the budgets spending pages: a pot's awards and one award (the
pot's people), paying it (its enablers and administrators), claiming an expense and saying what
happened (its team and enablers), an expense and its receipt (the pot's people), submitting a draft
(its claimant), approving and rejecting (anyone who may see it but the claimant), paying an approved
claim (enablers and administrators), the expenses list, and the public photo of what happened.
The sample is a funded pot of the world's team, with its enabler named, and an award from it."""

from typing import Any

from thriving.api.tests.matrix_pages import Page, post, visible
from thriving.api.tests.matrix_world import World
from thriving.budgets.models import Award, AwardOutcome, Expense, Pot
from thriving.budgets.tests.factories import PNG_BYTES, funded_pot, make_award, make_expense
from thriving.core.models import Role


def pot(w: World) -> Any:
    return w.once("spending_pot", lambda: funded_pot(
        w.users[Role.ADMINISTRATOR], "2000.00", name="Matrixton spending pot", slug="matrixton-spending",
        team=w.team, locality=w.locality, enablers=[w.users[Role.ENABLER]]))


def award(w: World) -> Any:
    return w.once("spending_award", lambda: make_award(pot(w), "500.00", by=w.users[Role.ADMINISTRATOR]))


def claim(w: World, status: str) -> Any:
    extra = {"approved_by": w.users[Role.ENABLER]} if status == "approved" else {}
    return w.once(f"spending_{status}_expense", lambda: make_expense(
        award(w), w.users[Role.TEAM_MEMBER], status=status, **extra))


def outcome(w: World) -> Any:
    def make() -> Any:
        from django.core.files.base import ContentFile

        found = AwardOutcome(award=award(w), what_happened="A summer fair", photo_description="Stalls on a green",
                             is_public=True)
        found.photo.save("photo.png", ContentFile(PNG_BYTES), save=False)
        found.save()
        return found

    return w.once("spending_outcome", make)


def _sees(model: Any, action: str, key: str = "uuid") -> Any:
    def check(user: Any, w: World, kw: dict) -> bool:
        field = "slug" if key == "slug" else "uuid"
        return visible(model, user, action, **{field: kw[key]})

    return check


sees_pot, sees_award = _sees(Pot, "view", "slug"), _sees(Award, "view")
works_on_award, manages_award = _sees(Award, "work"), _sees(Award, "manage")
sees_expense, approves, submits, pays = (_sees(Expense, "view"), _sees(Expense, "approve"),
                                         _sees(Expense, "submit"), _sees(Expense, "manage"))

PAGES = {
    "budgets:awards": Page(scope=sees_pot),
    "budgets:award": Page(scope=sees_award),
    "budgets:payment-add": Page(scope=manages_award),
    "budgets:outcome": Page(scope=works_on_award),
    "budgets:expense-add": Page(scope=works_on_award),
    "budgets:expense": Page(scope=sees_expense),
    "budgets:receipt": Page(scope=sees_expense),
    "budgets:expense-submit": Page(scope=submits),
    "budgets:expense-approve": post(scope=sees_expense, rule=approves),
    "budgets:expense-reject": post(data=lambda w: {"reason": "Not for the award's purpose"},
                                   scope=sees_expense, rule=approves),
    "budgets:expense-pay": post(scope=pays),
}

SAMPLES = {
    "budgets:awards": lambda w: {"slug": pot(w).slug},
    "budgets:award": lambda w: {"uuid": award(w).uuid},
    "budgets:payment-add": lambda w: {"uuid": award(w).uuid},
    "budgets:outcome": lambda w: {"uuid": award(w).uuid},
    "budgets:outcome-photo": lambda w: {"uuid": outcome(w).award.uuid},
    "budgets:expense-add": lambda w: {"uuid": award(w).uuid},
    "budgets:expense": lambda w: {"uuid": claim(w, "submitted").uuid},
    "budgets:receipt": lambda w: {"uuid": claim(w, "submitted").uuid},
    "budgets:expense-submit": lambda w: {"uuid": claim(w, "draft").uuid},
    "budgets:expense-approve": lambda w: {"uuid": claim(w, "submitted").uuid},
    "budgets:expense-reject": lambda w: {"uuid": claim(w, "submitted").uuid},
    "budgets:expense-pay": lambda w: {"uuid": claim(w, "approved").uuid},
}
