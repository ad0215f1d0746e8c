"""Applications for money from a pot, as named actions: a resident's (or a group's) application
from the public form, a team's application made from a community idea, and withdrawing one.

Each checks the money (pence-exact, positive, within the round's maximum, the budget's items
adding up to the amount asked for), writes in one transaction, and records the event in the audit
trail. The applicant's contact details are personal data: the audit event names whose they are.
"""

import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from thriving.budgets.models import Application, BudgetItem, Pot, Round
from thriving.budgets.queries import applications as queries
from thriving.budgets.services.common import BudgetRefused, check_amount, money
from thriving.core import audit
from thriving.core.conflicts import save_if_unchanged
from thriving.core.policy import require

Action = audit.Action
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
MAX_ITEMS = 8


def new_reference() -> str:
    """An application's reference, such as LB-7K3P9Q: short enough to read out, hard to guess."""
    return "LB-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def _unused_reference() -> str:
    for _ in range(20):
        reference = new_reference()
        if not Application.objects.filter(reference=reference).exists():
            return reference
    raise BudgetRefused("We could not give the application a reference. Send it again.")


@dataclass(frozen=True)
class Item:
    """One line of the budget: what will be bought, and what it costs."""

    description: str
    amount: Decimal


@dataclass(frozen=True)
class Proposal:
    """What an application asks for, whoever makes it."""

    title: str
    purpose: str
    amount: Decimal
    items: list[Item]
    beneficiaries: str
    evidence: str
    beneficiary_count: int | None = None
    ward_code: str = ""
    area_code: str = ""


def _clean_text(value: str, what: str, *, required: bool = True, lines: bool = False) -> str:
    """Text with the whitespace around it taken off (and, on one line, runs of spaces made one)."""
    cleaned = (value or "").strip() if lines else " ".join((value or "").split())
    if required and not cleaned:
        raise BudgetRefused(f"Enter {what}.")
    return cleaned


def check_proposal(pot: Pot, round_: Round | None, proposal: Proposal) -> Proposal:
    """Refuse what cannot be applied for: amounts that are not whole pence above £0, more than the
    round's maximum, items that do not add up to the amount, a place outside the pot's locality."""
    amount = check_amount(proposal.amount, "The amount you are asking for")
    if round_ is not None and amount > round_.maximum_per_application:
        raise BudgetRefused(f"The amount you are asking for must be {money(round_.maximum_per_application)} "
                            f"or less: the most one application may ask {round_.title} for.")
    if not proposal.items:
        raise BudgetRefused("Enter at least one item in the budget: what it is and how much it costs.")
    if len(proposal.items) > MAX_ITEMS:
        raise BudgetRefused(f"Enter {MAX_ITEMS} items or fewer.")
    items = []
    for number, item in enumerate(proposal.items, start=1):
        description = _clean_text(item.description, f"what item {number} is")
        items.append(Item(description, check_amount(item.amount, f"The cost of item {number}")))
    total = sum((item.amount for item in items), Decimal("0.00"))
    if total != amount:
        raise BudgetRefused(f"The items add up to {money(total)}, not the {money(amount)} you are asking for. "
                            "Change the items or the amount so that they match.")
    if proposal.beneficiary_count is not None and proposal.beneficiary_count < 0:
        raise BudgetRefused("Enter how many people will benefit as a whole number, such as 20.")
    if queries.place_named(pot.locality, proposal.ward_code, proposal.area_code) is None:
        raise BudgetRefused(f"Choose a place in {pot.locality.name}.")
    return Proposal(
        title=_clean_text(proposal.title, "what it is, in a few words"),
        purpose=_clean_text(proposal.purpose, "what the money is for", lines=True), amount=amount, items=items,
        beneficiaries=_clean_text(proposal.beneficiaries, "who will benefit", lines=True),
        evidence=_clean_text(proposal.evidence, "how you will show what happened", lines=True),
        beneficiary_count=proposal.beneficiary_count, ward_code=proposal.ward_code, area_code=proposal.area_code,
    )


def _create(pot: Pot, round_: Round | None, proposal: Proposal, **fields: Any) -> Application:
    application = Application.objects.create(
        reference=_unused_reference(), pot=pot, round=round_, locality=pot.locality,
        title=proposal.title, purpose=proposal.purpose, amount_requested=proposal.amount,
        beneficiaries=proposal.beneficiaries, beneficiary_count=proposal.beneficiary_count,
        ward_code=proposal.ward_code, area_code=proposal.area_code, evidence=proposal.evidence, **fields,
    )
    BudgetItem.objects.bulk_create([
        BudgetItem(application=application, position=position, description=item.description, amount=item.amount)
        for position, item in enumerate(proposal.items)
    ])
    return application


def _check_round(pot: Pot, round_: Round | None) -> None:
    if round_ is None:
        return
    if round_.pot_id != pot.pk:
        raise BudgetRefused("That round is not one of this pot's.")
    if not queries.is_open(round_):
        raise BudgetRefused(f"{round_.title} is not open for applications.")


def submit_public(*, pot: Pot, round_: Round | None, proposal: Proposal, applicant_name: str,
                  applicant_email: str = "", applicant_phone: str = "", group_name: str = "",
                  submission_key: uuid.UUID, idea: Any = None) -> tuple[Application, bool]:
    """A resident, or a community group, applies from the public form (no account), for a
    community idea of the pot's locality if they name one (its stage and facilitator carry over).
    Idempotent on `submission_key`: the same form sent twice gives the first application and False."""
    existing = Application.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing, False
    if not pot.is_public or pot.closed_at is not None:
        raise BudgetRefused("This pot is not open for applications.")
    _check_round(pot, round_)
    proposal = check_proposal(pot, round_, proposal)
    name = _clean_text(applicant_name, "your name")
    email, phone = "".join((applicant_email or "").split()).lower(), (applicant_phone or "").strip()
    if not email and not phone:
        raise BudgetRefused("Enter an email address or a phone number, so that we can tell you the decision.")
    group = _clean_text(group_name, "", required=False)
    try:
        with transaction.atomic():
            source = Application.Source.GROUP if group else Application.Source.RESIDENT
            from_idea: dict[str, Any] = {}
            if idea is not None:
                if idea.locality_id is not None and idea.locality_id != pot.locality_id:
                    raise BudgetRefused(f"That idea is not in {pot.locality.name}.")
                source = Application.Source.IDEA
                from_idea = {"idea": idea, "idea_stage": idea.stage, "facilitator_id": idea.facilitator_id}
            application = _create(
                pot, round_, proposal, source=source, applicant_name=name, applicant_email=email,
                applicant_phone=phone, group_name=group, submission_key=submission_key, **from_idea,
            )
            audit.record(None, "budgets.application_submitted", application, action=Action.CREATED,
                         subject=name, actor_label="public form",
                         changes={"amount_requested": [None, str(proposal.amount)]})
    except IntegrityError:
        existing = Application.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return application, True


@transaction.atomic
def apply_from_idea(*, acting_user: Any, pot: Pot, idea: Any, proposal: Proposal, round_: Round | None = None,
                    applicant_name: str = "", applicant_email: str = "", applicant_phone: str = "",
                    group_name: str = "") -> Application:
    """A team member applies to the pot from a community idea: its stage and facilitator carry
    over, and the applicant is whoever proposed the idea (or the person applying, for staff's)."""
    require(acting_user, "budgets.work", pot)
    _check_round(pot, round_)
    if idea.locality_id is not None and idea.locality_id != pot.locality_id:
        raise BudgetRefused(f"That idea is in {idea.locality}, not {pot.locality.name}.")
    if Application.objects.filter(idea=idea, pot=pot).exclude(status=Application.Status.WITHDRAWN).exists():
        raise BudgetRefused("There is already an application to this pot from that idea.")
    proposal = check_proposal(pot, round_, proposal)
    name = _clean_text(applicant_name, "", required=False) or idea.proposer_name or acting_user.full_name
    application = _create(
        pot, round_, proposal, source=Application.Source.IDEA, idea=idea, idea_stage=idea.stage,
        facilitator=idea.facilitator, applicant_name=name[:150],
        applicant_email="".join((applicant_email or idea.proposer_email or "").split()).lower(),
        applicant_phone=(applicant_phone or idea.proposer_phone or "").strip(),
        group_name=_clean_text(group_name, "", required=False), created_by=acting_user,
    )
    audit.record(acting_user, "budgets.application_from_idea", application, action=Action.CREATED,
                 subject=application.applicant_name,
                 changes={"idea": [None, str(idea.uuid)], "amount_requested": [None, str(proposal.amount)]})
    return application


@transaction.atomic
def withdraw(*, acting_user: Any, application: Application, reason: str, version: int | None = None) -> Application:
    """Withdraw an application waiting for a decision, saying why."""
    require(acting_user, "budgets.work", application.pot)
    if application.status != Application.Status.SUBMITTED:
        raise BudgetRefused(f"Only an application waiting for a decision can be withdrawn; this one is "
                            f"{application.get_status_display().lower()}.")
    reason = (reason or "").strip()
    if not reason:
        raise BudgetRefused("Enter why the application is withdrawn.")
    was = application.status
    application.status = Application.Status.WITHDRAWN
    save_if_unchanged(application, version=version if version is not None else application.version,
                      fields=["status"])
    audit.record(acting_user, "budgets.application_withdrawn", application, action=Action.CHANGED,
                 subject=application.applicant_name,
                 changes={"status": [was, application.status], "reason": reason[:500]})
    return application
