"""Factories for the budgets models. Money only moves through the ledger service: use
`funded_pot(...)` for a pot with money in it and `make_award(...)` for an award that has
committed its money, never `Entry` rows made by hand."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from thriving.budgets.models import Application, Award, Decision, Pot, Round
from thriving.budgets.services import ledger
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.tests.factories import TeamFactory


class PotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pot
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Small grants pot {n}")
    slug = factory.Sequence(lambda n: f"small-grants-{n}")
    kind = Pot.Kind.TEAM
    team = factory.SubFactory(TeamFactory)
    locality = factory.LazyAttribute(lambda pot: pot.team.locality if pot.team else LocalityFactory())
    delegated_limit = Decimal("500.00")

    @factory.post_generation
    def enablers(self, create, extracted, **kwargs):
        if create and extracted:
            self.enablers.set(extracted)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    pot = factory.SubFactory(PotFactory)
    title = factory.Sequence(lambda n: f"Spring round {n}")
    slug = factory.Sequence(lambda n: f"spring-round-{n}")
    guidelines = "Small things that bring neighbours together."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    maximum_per_application = Decimal("1000.00")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    reference = factory.Sequence(lambda n: f"LB-{n:06d}")
    pot = factory.SubFactory(PotFactory)
    source = Application.Source.GROUP
    applicant_name = "Robin Testmoor"
    applicant_email = "robin@example.org"
    group_name = "Cotmanhay Knit and Natter"
    title = factory.Sequence(lambda n: f"Community project {n}")
    purpose = "Wool and tea for a weekly group at the community centre."
    amount_requested = Decimal("250.00")
    beneficiaries = "Older neighbours who live alone"
    locality = factory.LazyAttribute(lambda application: application.pot.locality)
    evidence = "A register of who came, and photos."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.SubFactory(ApplicationFactory)
    method = Decision.Method.CONSENT
    outcome = Decision.Outcome.FUND
    amount = factory.LazyAttribute(lambda decision: decision.application.amount_requested)
    decided_on = factory.LazyFunction(timezone.localdate)


class AwardFactory(factory.django.DjangoModelFactory):
    """An award row only; `make_award` also commits its money in the ledger."""

    class Meta:
        model = Award

    decision = factory.SubFactory(DecisionFactory)
    application = factory.LazyAttribute(lambda award: award.decision.application)
    pot = factory.LazyAttribute(lambda award: award.application.pot)
    title = factory.LazyAttribute(lambda award: award.application.title)
    purpose = factory.LazyAttribute(lambda award: award.application.purpose)
    amount = factory.LazyAttribute(lambda award: award.decision.amount)
    recipient_kind = Award.Recipient.GROUP
    recipient_name = factory.LazyAttribute(lambda award: award.application.group_name or "A community group")
    awarded_on = factory.LazyFunction(timezone.localdate)
    locality = factory.LazyAttribute(lambda award: award.pot.locality)


def funded_pot(manager, amount="1000.00", **fields) -> Pot:
    """A pot with one contribution in it, made through the ledger by `manager` (who must be able
    to manage the pot: an administrator will do)."""
    pot = PotFactory(**fields)
    ledger.contribute(acting_user=manager, pot=pot, funder_name="Derbyshire County Council",
                      amount=Decimal(amount), received_on=timezone.localdate())
    return pot


def make_award(pot: Pot, amount="250.00", by=None, **fields) -> Award:
    """An award whose money has moved from the pot's funds to the award in the ledger."""
    application = ApplicationFactory(pot=pot, amount_requested=Decimal(amount))
    award = AwardFactory(decision__application=application, **fields)
    ledger.commit_award(acting_user=by, award=award)
    return award


# --- Spending: expenses with receipts, and the files they carry ------------------------------------

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name="receipt.pdf", content=PDF_BYTES, content_type="application/pdf"):
    """A file as a browser sends it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def make_expense(award: Award, claimant, status="submitted", amount="40.00", receipt=True, **fields):
    """An expense claim against an award, with a receipt stored through the default storage (no
    money moves: paying one goes through `services.expenses.pay`)."""
    from django.core.files.base import ContentFile

    from thriving.budgets.models import Expense

    fields.setdefault("description", "Tea, milk and biscuits")
    expense = Expense(award=award, claimant=claimant, amount=Decimal(amount),
                      spent_on=timezone.localdate(), status=status, created_by=claimant,
                      submitted_at=None if status == "draft" else timezone.now(), **fields)
    if receipt:
        expense.receipt_name, expense.receipt_type = "till-receipt.png", "image/png"
        expense.receipt.save("receipt.png", ContentFile(PNG_BYTES), save=False)
    expense.save()
    return expense


def spending_people(administrator, amount="1000.00", award_amount="500.00"):
    """A funded team pot with an award, and its people: two team members (`member`, `other`), its
    enabler (named on the pot, enabler for its locality), and `outsider`, a team member elsewhere."""
    from types import SimpleNamespace

    from thriving.core.models import Role
    from thriving.core.tests.factories import MembershipFactory, UserFactory
    from thriving.teams.tests.factories import TeamMemberFactory

    pot = funded_pot(administrator, amount)
    people = {}
    for name, role in (("member", Role.TEAM_MEMBER), ("other", Role.TEAM_MEMBER), ("enabler", Role.ENABLER),
                       ("outsider", Role.TEAM_MEMBER)):
        user = UserFactory(full_name=f"Spending {name.title()}")
        MembershipFactory(user=user, role=role, locality=pot.locality)
        people[name] = user
    for name in ("member", "other"):
        TeamMemberFactory(team=pot.team, user=people[name])
    TeamMemberFactory(user=people["outsider"])
    pot.enablers.add(people["enabler"])
    award = make_award(pot, award_amount, by=administrator)
    return SimpleNamespace(pot=pot, award=award, administrator=administrator, **people)


# --- Decisions, votes and sign-off ---------------------------------------------------------------

from thriving.budgets.models import TeamVote  # noqa: E402


class TeamVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamVote

    application = factory.SubFactory(ApplicationFactory)
    round = factory.LazyAttribute(lambda vote: vote.application.round)
    voter = factory.SubFactory("thriving.core.tests.factories.UserFactory")
    points = 1
    created_at = factory.LazyFunction(timezone.now)


def deciding_team(manager, amount="1000.00", limit="500.00", **fields):
    """A funded team pot with a member, a named enabler and a huddle held an hour ago:
    `(pot, member, enabler, huddle)`."""
    from thriving.core.models import Role
    from thriving.core.tests.factories import MembershipFactory, UserFactory
    from thriving.teams.tests.factories import HuddleFactory, TeamMemberFactory

    pot = funded_pot(manager, amount, delegated_limit=Decimal(limit), **fields)
    member = UserFactory(full_name="Morgan Member")
    MembershipFactory(user=member, role=Role.TEAM_MEMBER)
    TeamMemberFactory(team=pot.team, user=member)
    enabler = UserFactory(full_name="Eden Enabler")
    MembershipFactory(user=enabler, role=Role.ENABLER, locality=pot.locality)
    pot.enablers.add(enabler)
    huddle = HuddleFactory(team=pot.team, starts_at=timezone.now() - datetime.timedelta(hours=1))
    return pot, member, enabler, huddle
