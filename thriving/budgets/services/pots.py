"""Looking after pots and their rounds: creating a pot (an enabler or an administrator), changing
its details or closing it, opening a round and changing it, and correcting a movement of money by
a reversal (checked against every pot the movement touches). Money itself moves only through
`services.ledger` (contributions, transfers, reversals are written there).

Refused (`BudgetRefused`), nothing written: a team pot without its team, a platform pot without
its platform, a pot the person would not themselves look after, a negative or sub-penny delegated
limit, closing a pot with money still in it or awarded and unpaid, a round that closes before it
opens, a public vote without its voting dates. A stale edit raises `Conflict`."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from thriving.budgets.models import Movement, Pot, Round
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.services.common import LARGEST, BudgetRefused, check_amount, money
from thriving.core import audit
from thriving.core.access import restrict
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import AuditEvent
from thriving.core.policy import require

POT_FIELDS = ("name", "about", "kind", "team", "locality", "platform", "delegated_limit", "funding_organisation",
              "signoff_reminder_days", "is_public")
ROUND_FIELDS = ("title", "guidelines", "opens_on", "closes_on", "maximum_per_application", "method",
                "voting_opens_on", "voting_closes_on", "dots_per_member")


def _unique_slug(base: str, taken: Any, limit: int = 150) -> str:
    base = slugify(base)[:limit] or "pot"
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_limit(limit: Any) -> Decimal:
    if isinstance(limit, float) or not isinstance(limit, Decimal | int):
        raise BudgetRefused("The delegated limit must be an exact amount in pounds and pence.")
    value = Decimal(limit)
    if not value.is_finite() or value < 0:
        raise BudgetRefused("The delegated limit must be £0 or more.")
    if value != value.quantize(Decimal("0.01")):
        raise BudgetRefused("The delegated limit must be in whole pence, such as £500.00.")
    if value > LARGEST:
        raise BudgetRefused("The delegated limit is too large.")
    return value


def _check_pot(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values["name"] = (values.get("name") or "").strip()
    values["about"] = (values.get("about") or "").strip()
    if not values["name"]:
        raise BudgetRefused("Enter the pot's name.")
    kind = values.get("kind")
    if kind not in Pot.Kind.values:
        raise BudgetRefused("Choose whose pot it is: a connected team's, a locality's or a platform's.")
    if kind == Pot.Kind.TEAM and values.get("team") is None:
        raise BudgetRefused("Choose the connected team whose pot it is.")
    if kind == Pot.Kind.PLATFORM and values.get("platform") is None:
        raise BudgetRefused("Choose the platform whose pot it is.")
    if kind != Pot.Kind.PLATFORM:
        values["platform"] = None
    if values.get("locality") is None and values.get("team") is not None:
        values["locality"] = values["team"].locality
    if values.get("locality") is None:
        raise BudgetRefused("Choose the locality the pot is for.")
    values["delegated_limit"] = _check_limit(values.get("delegated_limit"))
    days = values.get("signoff_reminder_days")
    if not isinstance(days, int) or not 1 <= days <= 60:
        raise BudgetRefused("The sign-off reminder must be between 1 and 60 working days.")
    return values


def _refuse_unless_manages(acting_user: Any, pot: Pot) -> None:
    if not restrict(Pot.objects.filter(pk=pot.pk), acting_user, "manage").exists():
        raise BudgetRefused(
            "You would not be able to look after this pot: name yourself as one of its enablers, or choose "
            "a locality you are an enabler for.")


@transaction.atomic
def create_pot(*, acting_user: Any, enablers: Any = (), **values: Any) -> Pot:
    """A new pot, open, with no money in it yet (contributions put money in)."""
    require(acting_user, "budgets.add_pot")
    unknown = set(values) - set(POT_FIELDS)
    if unknown:
        raise BudgetRefused(f"Those are not parts of a pot: {', '.join(sorted(unknown))}.")
    values = _check_pot(values)
    slug = _unique_slug(values["name"], lambda s: s == "add" or Pot.objects.filter(slug=s).exists())
    pot = Pot.objects.create(slug=slug, created_by=acting_user, **values)
    pot.enablers.set(list(enablers))
    _refuse_unless_manages(acting_user, pot)
    audit.record(acting_user, "budgets.pot_added", pot, action=AuditEvent.Action.CREATED,
                 changes={"kind": pot.kind, "delegated_limit": str(pot.delegated_limit),
                          "enablers": sorted(str(user.uuid) for user in pot.enablers.all())})
    return pot


def _refuse_closing_with_money(pot: Pot) -> None:
    balance = ledger_queries.pot_balance(pot)
    if balance.committed:
        raise BudgetRefused(f"{pot.name} has {money(balance.committed)} awarded and not yet paid: pay or return "
                            "what is left of its awards before closing it. Nothing was changed.")
    if balance.available:
        raise BudgetRefused(f"{pot.name} has {money(balance.available)} available: move it to another pot before "
                            "closing it. Nothing was changed.")


@transaction.atomic
def change_pot(*, acting_user: Any, pot: Pot, version: int | None, enablers: Any = None, close: bool = False,
               **values: Any) -> Pot:
    """Change a pot's details (and its enablers); `close` closes it for good: it takes no more
    applications, awards or payments, and its record and ledger stay."""
    require(acting_user, "budgets.manage", pot)
    unknown = set(values) - set(POT_FIELDS)
    if unknown:
        raise BudgetRefused(f"Those are not parts of a pot: {', '.join(sorted(unknown))}.")
    values = _check_pot({**{name: getattr(pot, name) for name in POT_FIELDS}, **values})
    changed = {name: value for name, value in values.items() if getattr(pot, name) != value}
    before = {name: getattr(pot, name) for name in changed}
    for name, value in changed.items():
        setattr(pot, name, value)
    fields = list(changed)
    if close:
        ledger._lock([pot])
        _refuse_closing_with_money(pot)
        pot.closed_at = timezone.now()
        fields.append("closed_at")
    save_if_unchanged(pot, version=version, fields=fields)
    enabler_change = {}
    if enablers is not None:
        old = sorted(str(user.uuid) for user in pot.enablers.all())
        pot.enablers.set(list(enablers))
        new = sorted(str(user.uuid) for user in pot.enablers.all())
        if old != new:
            enabler_change = {"enablers": [old, new]}
    audit.record(acting_user, "budgets.pot_closed" if close else "budgets.pot_changed", pot,
                 action=AuditEvent.Action.CHANGED,
                 changes={**{name: [str(before[name]), str(value)] for name, value in changed.items()},
                          **enabler_change})
    return pot


def _check_round(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values["title"] = (values.get("title") or "").strip()
    values["guidelines"] = (values.get("guidelines") or "").strip()
    if not values["title"]:
        raise BudgetRefused("Enter the round's title.")
    if not values["guidelines"]:
        raise BudgetRefused("Say what the round funds, and what it does not.")
    opens, closes = values.get("opens_on"), values.get("closes_on")
    if not isinstance(opens, datetime.date) or not isinstance(closes, datetime.date):
        raise BudgetRefused("Enter the dates the round opens and closes.")
    if closes < opens:
        raise BudgetRefused("The round cannot close before it opens.")
    values["maximum_per_application"] = check_amount(values.get("maximum_per_application"),
                                                     "The most one application may ask for")
    if values.get("method") not in Round.Method.values:
        raise BudgetRefused("Choose how the applications are decided.")
    if values["method"] == Round.Method.PUBLIC_VOTE:
        voting_opens, voting_closes = values.get("voting_opens_on"), values.get("voting_closes_on")
        if voting_opens is None or voting_closes is None:
            raise BudgetRefused("A public vote needs the dates voting opens and closes.")
        if voting_opens < opens:
            raise BudgetRefused("Voting cannot open before the round opens.")
        if voting_closes < voting_opens:
            raise BudgetRefused("Voting cannot close before it opens.")
    else:
        values["voting_opens_on"] = values["voting_closes_on"] = None
    dots = values.get("dots_per_member", 3)
    if not isinstance(dots, int) or not 1 <= dots <= 20:
        raise BudgetRefused("Each member has between 1 and 20 dots.")
    values["dots_per_member"] = dots
    return values


@transaction.atomic
def add_round(*, acting_user: Any, pot: Pot, **values: Any) -> Round:
    """Open a pot for applications between two dates."""
    require(acting_user, "budgets.manage", pot)
    if set(values) - set(ROUND_FIELDS):
        raise BudgetRefused("Those are not parts of a round.")
    values = _check_round({"dots_per_member": 3, "voting_opens_on": None, "voting_closes_on": None, **values})
    slug = _unique_slug(values["title"], lambda s: s == "add" or Round.objects.filter(pot=pot, slug=s).exists())
    round_ = Round.objects.create(pot=pot, slug=slug, created_by=acting_user, **values)
    audit.record(acting_user, "budgets.round_added", round_, action=AuditEvent.Action.CREATED,
                 changes={"pot": pot.slug, "opens_on": str(round_.opens_on), "closes_on": str(round_.closes_on),
                          "method": round_.method})
    return round_


@transaction.atomic
def change_round(*, acting_user: Any, round_: Round, version: int | None, **values: Any) -> Round:
    require(acting_user, "budgets.manage", round_.pot)
    if set(values) - set(ROUND_FIELDS):
        raise BudgetRefused("Those are not parts of a round.")
    values = _check_round({**{name: getattr(round_, name) for name in ROUND_FIELDS}, **values})
    changed = {name: value for name, value in values.items() if getattr(round_, name) != value}
    before = {name: getattr(round_, name) for name in changed}
    for name, value in changed.items():
        setattr(round_, name, value)
    save_if_unchanged(round_, version=version, fields=list(changed))
    audit.record(acting_user, "budgets.round_changed", round_, action=AuditEvent.Action.CHANGED,
                 changes={name: [str(before[name]), str(value)] for name, value in changed.items()})
    return round_


def reversal_refused(movement: Movement) -> str:
    """Why the movement cannot be reversed, or "" when it can."""
    if movement.kind == Movement.Kind.REVERSAL:
        return "This is a reversal: a reversal cannot itself be reversed. Record the movement again instead."
    if Movement.objects.filter(reverses=movement).exists():
        return "This movement has already been reversed."
    return ""


@transaction.atomic
def reverse_movement(*, acting_user: Any, movement: Movement, reason: str,
                     on_date: datetime.date | None = None) -> Movement:
    """Reverse a movement: the person must look after every pot it touches (both of a transfer)."""
    require(acting_user, "budgets.manage", movement.pot)
    if movement.other_pot is not None:
        require(acting_user, "budgets.manage", movement.other_pot)
    refused = reversal_refused(movement)
    if refused:
        raise BudgetRefused(refused)
    return ledger.reverse(acting_user=acting_user, movement=movement, reason=reason,
                          on_date=on_date or timezone.localdate())
