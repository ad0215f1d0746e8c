"""The budgets demo (`thriving demo`): a small-grants pot for each demo connected team, funded by
the council and a fictional community foundation, with a winter round and applications in every
state: funded at a huddle within the team's limit and paid, a larger one signed off by the enabler
and paid in two parts with an expense claimed against it, one waiting for a decision, and one
declined. Everything goes through the app's own services, so the ledger, audit trail and public
pages are as real use would make them.

Deterministic and idempotent: a pot is found by its name, and a team whose pot exists already is
left as it is. Everything is fictional; the only people are the demo logins."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from thriving.budgets.models import Application, Pot
from thriving.budgets.queries import decisions as decision_queries
from thriving.budgets.services import applications, decisions, expenses, ledger, pots, spending
from thriving.core.management.commands.demo import DEMO_DOMAIN
from thriving.core.models import User
from thriving.teams.queries import teams as team_queries

NAMESPACE = uuid.UUID("6f1d2a4e-9b1c-4f0e-8a57-2b8c3e5d7a10")
LOCALITIES = ("cotmanhay", "shirebrook")
# A one-page PDF, the receipt of the demo's expense.
RECEIPT = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>>"
           b" endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


@dataclass(frozen=True)
class Ask:
    key: str
    title: str
    purpose: str
    items: tuple[tuple[str, str], ...]
    beneficiaries: str
    count: int
    applicant: str
    group: str
    then: str  # fund | signoff | wait | decline


ASKS = [
    Ask("soup", "Warm space soup lunches", "Soup and bread at the warm space on Tuesdays through the winter.",
        (("Soup ingredients for 12 weeks", "240.00"), ("Bread and butter", "80.00")),
        "Neighbours who come to the warm space, many living alone", 35, "Pat Greenhollow", "Warm Space Friends",
        "fund"),
    Ask("football", "Kit for the girls' football team", "Shirts, shin pads and two goals for the new under-12s.",
        (("Shirts and shin pads", "420.00"), ("Two folding goals", "260.00")),
        "Girls aged 8 to 12 and their families", 18, "Jo Marlpit", "Park Rovers Juniors", "signoff"),
    Ask("repair", "Tools for a repair café", "Hand tools and a sewing machine, so neighbours fix rather than bin.",
        (("Hand tools", "150.00"), ("Second-hand sewing machine", "100.00")),
        "Anyone with something broken", 40, "Lee Copperdale", "", "wait"),
    Ask("garden", "Raised beds for the community garden", "Timber and soil for four raised beds.",
        (("Timber", "260.00"), ("Soil and compost", "190.00")),
        "Families on the estate", 25, "Sam Orchardleigh", "Estate Growers", "decline"),
]


def _login(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}", is_active=True).first()


def _team(slug: str) -> Any:
    return team_queries.active_teams().filter(locality__slug=slug).order_by("pk").first()


def _proposal(ask: Ask) -> applications.Proposal:
    items = [applications.Item(what, Decimal(cost)) for what, cost in ask.items]
    return applications.Proposal(
        title=ask.title, purpose=ask.purpose, amount=sum((item.amount for item in items), Decimal("0")),
        items=items, beneficiaries=ask.beneficiaries, evidence="Photos, a short story and how many came",
        beneficiary_count=ask.count)


def _pot(team: Any, admin: User, enabler: User, today: datetime.date) -> Pot:
    pot = pots.create_pot(
        acting_user=admin, enablers=[enabler], name=f"{team.name} small grants", kind=Pot.Kind.TEAM, team=team,
        locality=team.locality, delegated_limit=Decimal("500.00"), signoff_reminder_days=3, is_public=True,
        about=f"Small grants the {team.name} decides at its huddles, for ideas that help people early.")
    ledger.contribute(acting_user=admin, pot=pot, funder_name="Derbyshire County Council: Thriving Communities",
                      amount=Decimal("6000.00"), received_on=datetime.date(today.year, 4, 1) if today.month >= 4
                      else datetime.date(today.year - 1, 4, 1))
    ledger.contribute(acting_user=admin, pot=pot, funder_name="Nutbrook Community Foundation",
                      amount=Decimal("1500.00"), received_on=today - datetime.timedelta(days=60),
                      restriction="Activities for children and young people")
    return pot


def _apply(pot: Pot, round_: Any, ask: Ask) -> Application:
    application, _made = applications.submit_public(
        pot=pot, round_=round_, proposal=_proposal(ask), applicant_name=ask.applicant,
        applicant_email=f"{ask.key}.{pot.locality.slug}@{DEMO_DOMAIN}", group_name=ask.group,
        submission_key=uuid.uuid5(NAMESPACE, f"{pot.locality.slug}-{ask.key}"))
    return application


def _follow_through(pot: Pot, application: Application, ask: Ask, member: User, enabler: User,
                    today: datetime.date) -> None:
    huddle = next(iter(decision_queries.team_huddles(pot)), None)
    present = decision_queries.team_members(pot)[:4]
    amount = application.amount_requested
    if ask.then == "wait":
        return
    if ask.then == "decline":
        decisions.decide(acting_user=member, application=application, method="consent", outcome="decline",
                         amount=None, reason="The allotment society is funding the beds this year.", huddle=huddle,
                         proposal="Not to fund the beds from this pot", present=present)
        return
    decision = decisions.decide(
        acting_user=member, application=application, method="consent", outcome="fund", amount=amount,
        reason="It helps people early and close to home.", huddle=huddle, present=present,
        proposal=f"Fund {ask.title.lower()} in full", objections="None raised after a round of the table.")
    if ask.then == "signoff":
        decisions.sign_off(acting_user=enabler, decision=decision, granted=True,
                           reason="Good value, and the school lends the pitch for free.")
    award = Application.objects.get(pk=application.pk).award
    if ask.then == "fund":
        spending.pay(acting_user=enabler, award=award, amount=award.amount, paid_on=today, reference="BACS 1001")
        spending.record_outcome(
            acting_user=member, award=award, people_taking_part=38,
            what_happened="Twelve Tuesday lunches, 38 different people, and a rota of six volunteer cooks.",
            story="People who came for soup stayed for the chat; two now help run the warm space.")
        return
    half = (award.amount / 2).quantize(Decimal("0.01"))
    spending.pay(acting_user=enabler, award=award, amount=half, paid_on=today, reference="BACS 1002")
    spending.pay(acting_user=enabler, award=award, amount=award.amount - half - Decimal("45.00"), paid_on=today,
                 reference="BACS 1003")
    expense = expenses.claim(acting_user=member, award=award, description="Bibs and a pump for the balls",
                             amount=Decimal("45.00"), spent_on=today, submit=True,
                             receipt=SimpleUploadedFile("receipt.pdf", RECEIPT, content_type="application/pdf"))
    expenses.approve(acting_user=enabler, expense=expense)


def load(stdout: Any, verbosity: int) -> None:
    admin, enabler, member = _login("admin"), _login("enabler"), _login("team")
    if admin is None or enabler is None:
        return
    today = timezone.localdate()
    made = 0
    for slug in LOCALITIES:
        team = _team(slug)
        if team is None or Pot.objects.filter(name=f"{team.name} small grants").exists():
            continue
        people = [p for p in decision_queries.team_members(Pot(team=team)) if p.pk != enabler.pk]
        deciding = member if member in people else (people[0] if people else None)
        if deciding is None:
            continue
        with transaction.atomic():
            pot = _pot(team, admin, enabler, today)
            round_ = pots.add_round(
                acting_user=admin, pot=pot, title=f"Winter {today.year}",
                guidelines="Ideas that keep people warm, fed and connected this winter. Up to £750 each.",
                opens_on=today - datetime.timedelta(days=30), closes_on=today + datetime.timedelta(days=60),
                maximum_per_application=Decimal("750.00"), method="consent")
            for ask in ASKS:
                _follow_through(pot, _apply(pot, round_, ask), ask, deciding, enabler, today)
        made += 1
    if verbosity and made:
        stdout.write(f"Local budgets demo: {made} team pot{'s' if made != 1 else ''} with a winter round, "
                     f"{made * len(ASKS)} applications and their decisions, payments and an expense.")
