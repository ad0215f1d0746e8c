"""Who may do what with local budgets, and on which rows. Rules join the one access policy in
core; scopes (`add_scope`) say which pots, applications, decisions and expenses a person may take
an action on, and every read starts from them.

People with a part in a pot:

- its **team**: the current members and volunteers of the connected team that holds a team pot;
- its **enablers**: the people named on the pot who sign off decisions above its delegated limit;
- **locality enablers**: people with the enabler role for the pot's locality (or for every
  locality), who may look after any pot there;
- **administrators**, who may look after any pot.

The scopes (model, action: which rows):

- `Pot`, `view`: pots the person has a part in (team, enablers, locality enablers, administrators);
- `Pot`, `view_public`: pots whose spending is public, for anyone, signed in or not;
- `Pot`, `work`: open pots whose team the person is in, or that they are an enabler of: deciding,
  claiming expenses, recording what happened, applying for the team from a community idea;
- `Pot`, `manage`: open pots the person is an enabler of (named or for the locality), and every
  open pot for administrators: the pot's details, contributions, rounds, payments, transfers,
  reversals;
- `Application`, `Award`, `Decision`, `Movement`, `Payment`, `Expense`, `AwardOutcome`: `view`
  as their pot's `view`;
- `Decision`, `sign_off`: decisions waiting for sign-off on pots the person is a named enabler
  of, except on an application the person made themselves;
- `Expense`, `approve`: submitted expenses on pots the person may work on or manage, except their
  own claims;
- `Award`, `view_public` and `AwardOutcome`, `view_public`: those of public pots (what happened
  only when it is marked public).
"""

from typing import Any

from django.db.models import Q, QuerySet

from thriving.budgets.models import (
    Application,
    Award,
    AwardOutcome,
    Decision,
    Entry,
    Expense,
    Movement,
    Payment,
    Pot,
    Round,
)
from thriving.core.models import Role
from thriving.core.policy import add_rule, add_scope, has_role, in_scope, is_signed_in, memberships, roles_of
from thriving.teams.queries.teams import current_team_ids

POT_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.ADMINISTRATOR)

add_rule("budgets.view_pots", is_signed_in & has_role(*POT_ROLES))
add_rule("budgets.add_pot", is_signed_in & has_role(Role.ENABLER, Role.ADMINISTRATOR))
add_rule("budgets.view_pot", is_signed_in & in_scope(Pot, "view"))
add_rule("budgets.work", is_signed_in & in_scope(Pot, "work"))
add_rule("budgets.manage", is_signed_in & in_scope(Pot, "manage"))
add_rule("budgets.sign_off", is_signed_in & has_role(Role.ENABLER) & in_scope(Decision, "sign_off"))
add_rule("budgets.approve_expense", is_signed_in & in_scope(Expense, "approve"))
add_rule("budgets.manage_publishing", is_signed_in & has_role(Role.ADMINISTRATOR))


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_administrator(user: Any) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


def _enabler_localities(user: Any) -> tuple[bool, set[int]]:
    """(enabler for every locality, the localities the person is an enabler for)."""
    everywhere, localities = False, set()
    for membership in memberships(user):
        if membership.role == Role.ENABLER:
            if membership.locality_id is None:
                everywhere = True
            else:
                localities.add(membership.locality_id)
    return everywhere, localities


def _enabler_of(user: Any, prefix: str = "") -> Q:
    """Pots the person is a named enabler of, or an enabler for the locality of."""
    everywhere, localities = _enabler_localities(user)
    if everywhere:
        return Q()
    return Q(**{f"{prefix}enablers": user}) | Q(**{f"{prefix}locality__in": localities})


def _in_team_of(user: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}team__in": current_team_ids(user)})


def _pots_to_view(user: Any, pots: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return pots.none()
    if is_administrator(user):
        return pots
    return pots.filter(_in_team_of(user) | _enabler_of(user)).distinct()


def _pots_to_work_on(user: Any, pots: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return pots.none()
    return pots.filter(_in_team_of(user) | _enabler_of(user), closed_at__isnull=True).distinct()


def _pots_to_manage(user: Any, pots: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return pots.none()
    pots = pots.filter(closed_at__isnull=True)
    if is_administrator(user):
        return pots
    if Role.ENABLER not in roles_of(user):
        return pots.none()
    return pots.filter(_enabler_of(user)).distinct()


def _public_pots(user: Any, pots: QuerySet) -> QuerySet:
    return pots.filter(is_public=True)


def _of_pots(scope: Any, field: str = "pot") -> Any:
    """A scope for rows of a pot: those whose pot is in the pot scope given."""

    def narrow(user: Any, rows: QuerySet) -> QuerySet:
        return rows.filter(**{f"{field}__in": scope(user, Pot.objects.all()).values("pk")})

    return narrow


def _decisions_to_sign_off(user: Any, decisions: QuerySet) -> QuerySet:
    if not _signed_in(user) or Role.ENABLER not in roles_of(user):
        return decisions.none()
    return decisions.filter(
        signoff=Decision.Signoff.AWAITING, application__pot__enablers=user, application__pot__closed_at__isnull=True,
    ).exclude(application__created_by=user)


def _expenses_to_approve(user: Any, expenses: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return expenses.none()
    pots = _pots_to_work_on(user, Pot.objects.all()).values("pk")
    managed = _pots_to_manage(user, Pot.objects.all()).values("pk")
    return expenses.filter(
        Q(award__pot__in=pots) | Q(award__pot__in=managed), status=Expense.Status.SUBMITTED,
    ).exclude(claimant=user)


def _public_outcomes(user: Any, outcomes: QuerySet) -> QuerySet:
    return outcomes.filter(is_public=True, award__pot__is_public=True)


add_scope(Pot, "view", _pots_to_view)
add_scope(Pot, "view_public", _public_pots)
add_scope(Pot, "work", _pots_to_work_on)
add_scope(Pot, "manage", _pots_to_manage)
add_scope(Round, "view", _of_pots(_pots_to_view))
add_scope(Round, "view_public", _of_pots(_public_pots))
add_scope(Application, "view", _of_pots(_pots_to_view))
add_scope(Application, "work", _of_pots(_pots_to_work_on))
add_scope(Decision, "view", _of_pots(_pots_to_view, "application__pot"))
add_scope(Decision, "sign_off", _decisions_to_sign_off)
add_scope(Award, "view", _of_pots(_pots_to_view))
add_scope(Award, "view_public", _of_pots(_public_pots))
add_scope(Award, "work", _of_pots(_pots_to_work_on))
add_scope(Award, "manage", _of_pots(_pots_to_manage))
add_scope(Movement, "view", _of_pots(_pots_to_view))
add_scope(Entry, "view", _of_pots(_pots_to_view))
add_scope(Payment, "view", _of_pots(_pots_to_view, "award__pot"))
add_scope(Expense, "view", _of_pots(_pots_to_view, "award__pot"))
add_scope(Expense, "approve", _expenses_to_approve)
add_scope(AwardOutcome, "view", _of_pots(_pots_to_view, "award__pot"))
add_scope(AwardOutcome, "view_public", _public_outcomes)


# --- Spending: paying an expense, and a claimant's own drafts ------------------------------------
# `Expense`, `manage`: expenses on pots the person may manage (paying an approved expense);
# `Expense`, `submit`: the person's own draft claims on pots they may still work on.


def _own_drafts(user: Any, expenses: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return expenses.none()
    pots = _pots_to_work_on(user, Pot.objects.all()).values("pk")
    return expenses.filter(claimant=user, status=Expense.Status.DRAFT, award__pot__in=pots)


add_scope(Expense, "manage", _of_pots(_pots_to_manage, "award__pot"))
add_scope(Expense, "submit", _own_drafts)
