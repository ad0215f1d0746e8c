"""Deciding applications, and an enabler's sign-off of a decision above the delegated limit.

    decide(acting_user=member, application=a, method=Decision.Method.CONSENT, outcome=Decision.Outcome.FUND,
           amount=Decimal("250.00"), reason="...", huddle=h, proposal="...", objections="...", present=[...])
    sign_off(acting_user=enabler, decision=d, granted=True, reason="")

A decision to fund within the pot's delegated limit takes effect at once: the award is made and its
money committed in the ledger (`services.ledger.commit_award`), the application is `awarded`.
Above the limit it waits for one of the pot's named enablers (`awaiting_signoff`), and no money
moves until they grant it; then the balance is checked again. Refused with a `BudgetRefused`
(nothing written, the ledger unchanged): an application not waiting for a decision, or already
decided; a decision to fund of no amount, more than the round's maximum or more than the pot has
available; a decision to decline without a reason; a huddle that is not the team's, or someone
present who is not in the team; sign-off by anyone but a named enabler of the pot, or on their own
application; a refusal without a reason.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.budgets.models import Application, Award, Decision
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import ledger
from thriving.budgets.services.common import BudgetRefused, check_amount, money
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.policy import can, require
from thriving.teams.queries.teams import team_people

TEAM_METHODS = (Decision.Method.CONSENT, Decision.Method.DOT_VOTE, Decision.Method.SCORE_VOTE)


def recipient_of(application: Application) -> tuple[str, Any, str]:
    """(kind, organisation, name) of who receives an award for the application."""
    if application.organisation_id is not None:
        name = application.group_name or application.organisation.name  # type: ignore[union-attr]
        return Award.Recipient.ORGANISATION, application.organisation, name
    if application.group_name.strip():
        return Award.Recipient.GROUP, None, application.group_name.strip()
    return Award.Recipient.INDIVIDUAL, None, application.applicant_name


def _make_award(acting_user: Any, decision: Decision, on_date: datetime.date) -> Award:
    """Make the decision's award and commit its money in the ledger (the ledger refuses it, with
    nothing written, when the pot no longer has the money)."""
    application = decision.application
    kind, organisation, name = recipient_of(application)
    award = Award.objects.create(
        pot=application.pot, round=application.round, application=application, decision=decision,
        title=application.title, purpose=application.purpose, amount=decision.amount,
        recipient_kind=kind, recipient_organisation=organisation, recipient_name=name, awarded_on=on_date,
        locality=application.locality, ward_code=application.ward_code, area_code=application.area_code,
        created_by=acting_user,
    )
    ledger.commit_award(acting_user=acting_user, award=award)
    application.status = Application.Status.AWARDED
    application.save(update_fields=["status", "updated_at"])
    return award


def _check_available(application: Application, amount: Decimal) -> None:
    available = pot_balance(application.pot).available
    if amount > available:
        raise BudgetRefused(
            f"{application.pot.name} has {money(available)} available, so it cannot award {money(amount)}. "
            "Nothing was changed."
        )


def _check_fund(application: Application, amount: Any) -> Decimal:
    if amount is None:
        raise BudgetRefused("Enter the amount to award.")
    value = check_amount(amount, "The amount to award")
    round_ = application.round
    if round_ is not None and value > round_.maximum_per_application:
        raise BudgetRefused(
            f"The most one application may have from {round_.title} is {money(round_.maximum_per_application)}. "
            "Nothing was changed."
        )
    _check_available(application, value)
    return value


def _check_huddle(application: Application, huddle: Any, present: list[Any]) -> None:
    team = application.pot.team
    if huddle is not None and (team is None or huddle.team_id != team.pk):
        raise BudgetRefused("Choose one of the team's huddles.")
    if present:
        people = set(team_people(team).values_list("pk", flat=True)) if team is not None else set()
        if any(person.pk not in people for person in present):
            raise BudgetRefused("Everyone present must be one of the team's members or volunteers.")


def needs_signoff(application: Application, amount: Decimal | None) -> bool:
    """A decision to fund this much waits for an enabler's sign-off."""
    return amount is not None and amount > application.pot.delegated_limit


@transaction.atomic
def decide(
    *, acting_user: Any, application: Application, method: str, outcome: str, amount: Decimal | None,
    reason: str, huddle: Any = None, proposal: str = "", objections: str = "", present: Iterable[Any] = (),
    vote_summary: dict | None = None, on_date: datetime.date | None = None,
) -> Decision:
    """Record the decision about one application (see the module's docstring)."""
    pot = application.pot
    if method not in Decision.Method.values:
        raise BudgetRefused("Say how the decision was made.")
    # The team decides by consent or its own vote; a manager records what the public's vote decided.
    require(acting_user, "budgets.manage" if method == Decision.Method.PUBLIC_VOTE else "budgets.work", pot)
    if outcome not in Decision.Outcome.values:
        raise BudgetRefused("Say whether to fund it or not.")
    # Lock the application's row, so that two decisions about it at once are one after the other.
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status != Application.Status.SUBMITTED:
        raise BudgetRefused(f"{current.reference} is not waiting for a decision: it is "
                            f"{current.get_status_display().lower()}. Nothing was changed.")
    if Decision.objects.filter(application=application).exclude(signoff=Decision.Signoff.REFUSED).exists():
        raise BudgetRefused(f"{current.reference} has already been decided. Nothing was changed.")
    present = list(present)
    _check_huddle(application, huddle, present)
    reason = reason.strip()
    if outcome == Decision.Outcome.FUND:
        value: Decimal | None = _check_fund(application, amount)
    else:
        value = None
        if not reason:
            raise BudgetRefused("Say why it is not being funded: the applicant is told.")
    waits = needs_signoff(application, value)
    today = on_date or timezone.localdate()
    decision = Decision.objects.create(
        application=application, method=method, outcome=outcome, amount=value, huddle=huddle,
        proposal=proposal.strip(), objections=objections.strip(), vote_summary=vote_summary or {}, reason=reason,
        decided_on=today, signoff=Decision.Signoff.AWAITING if waits else Decision.Signoff.NOT_NEEDED,
        created_by=acting_user,
    )
    if present:
        decision.present.set(present)
    if outcome == Decision.Outcome.DECLINE:
        application.status = Application.Status.DECLINED
        application.save(update_fields=["status", "updated_at"])
    elif waits:
        application.status = Application.Status.AWAITING_SIGNOFF
        application.save(update_fields=["status", "updated_at"])
    else:
        _make_award(acting_user, decision, today)
    audit.record(acting_user, "budgets.decided", decision, action=AuditEvent.Action.CREATED, changes={
        "application": application.reference, "method": method, "outcome": outcome,
        "amount": str(value) if value is not None else "", "signoff": decision.signoff,
    })
    return decision


@transaction.atomic
def sign_off(*, acting_user: Any, decision: Decision, granted: bool, reason: str) -> Decision:
    """A named enabler grants (the award is made and its money committed, if the pot still has it)
    or refuses (with a reason; the application is not funded) a decision waiting for them."""
    locked = Decision.objects.select_for_update().select_related("application__pot").get(pk=decision.pk)
    if locked.signoff != Decision.Signoff.AWAITING:
        raise BudgetRefused("This decision is not waiting for sign-off. Nothing was changed.")
    if locked.application.created_by_id is not None and locked.application.created_by_id == acting_user.pk:
        raise BudgetRefused("You cannot sign off a decision about your own application: "
                            "another enabler of the pot must. Nothing was changed.")
    if not can(acting_user, "budgets.sign_off", locked):
        raise BudgetRefused("Only one of the pot's named enablers may sign this off. Nothing was changed.")
    reason = reason.strip()
    if not granted and not reason:
        raise BudgetRefused("Say why you are refusing it: the team is told.")
    now = timezone.now()
    locked.signoff = Decision.Signoff.GRANTED if granted else Decision.Signoff.REFUSED
    locked.signoff_by, locked.signoff_at, locked.signoff_reason = acting_user, now, reason
    locked.version += 1
    locked.save(update_fields=["signoff", "signoff_by", "signoff_at", "signoff_reason", "version", "updated_at"])
    application = locked.application
    if granted:
        _check_available(application, locked.amount)  # type: ignore[arg-type]
        _make_award(acting_user, locked, timezone.localdate(now))
    else:
        application.status = Application.Status.DECLINED
        application.save(update_fields=["status", "updated_at"])
    audit.record(acting_user, "budgets.signed_off", locked, action=AuditEvent.Action.CHANGED, changes={
        "application": application.reference, "signoff": locked.signoff, "reason": reason,
    })
    return locked
