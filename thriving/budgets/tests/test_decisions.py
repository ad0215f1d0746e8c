"""The team's consent decision at a huddle, through its page: within the delegated limit the award
is made and its money committed; above it the decision waits for sign-off and no money moves; a
decision over the pot's balance or the round's maximum, or a decline without a reason, is refused
with a clear error and nothing written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thriving.budgets.models import Application, Award, Decision, Entry, Movement
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import decisions as services
from thriving.budgets.services.common import BudgetRefused
from thriving.budgets.tests.factories import ApplicationFactory, RoundFactory, deciding_team
from thriving.core.models import AuditEvent
from thriving.teams.tests.factories import HuddleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(administrator):
    return deciding_team(administrator)


def _form(huddle, people, outcome="fund", amount="250.00", reason="It brings people together."):
    return {"huddle": str(huddle.uuid), "proposal": "Fund the knit and natter group.",
            "objections": "Cost of tea: the group brings its own.", "present": [str(p.uuid) for p in people],
            "outcome": outcome, "amount": amount, "reason": reason}


def _ledger():
    return Movement.objects.count(), Entry.objects.count()


def test_a_consent_decision_within_the_limit_makes_the_award_and_commits_its_money(client, team):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot, amount_requested=Decimal("250.00"), group_name="Knit and Natter")
    client.force_login(member)
    url = reverse("budgets:decide", kwargs={"reference": application.reference})
    page = client.get(url)
    assert page.status_code == 200
    assert "takes effect at once" in page.content.decode()
    response = client.post(url, _form(huddle, [member], amount="250"))
    assert response.status_code == 302
    decision = Decision.objects.get(application=application)
    assert (decision.method, decision.signoff, decision.huddle, decision.amount) == (
        Decision.Method.CONSENT, Decision.Signoff.NOT_NEEDED, huddle, Decimal("250.00"))
    assert list(decision.present.all()) == [member]
    assert "Cost of tea" in decision.objections
    award = Award.objects.get(application=application)
    assert (award.recipient_kind, award.recipient_name, award.amount) == (
        Award.Recipient.GROUP, "Knit and Natter", Decimal("250.00"))
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    balance = pot_balance(pot)
    assert (balance.available, balance.committed, balance.trial_balance) == (
        Decimal("750.00"), Decimal("250.00"), Decimal("0.00"))
    assert AuditEvent.objects.filter(event="budgets.decided").exists()
    assert "£250.00 is awarded" in client.get(url).content.decode()


def test_a_decision_over_the_delegated_limit_waits_for_sign_off_and_moves_no_money(client, team):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot, amount_requested=Decimal("600.00"))
    client.force_login(member)
    url = reverse("budgets:decide", kwargs={"reference": application.reference})
    assert "will wait for one of the pot's enablers" in client.get(url).content.decode()
    before = _ledger()
    response = client.post(url, _form(huddle, [member], amount="600.00"))
    assert response.status_code == 302
    decision = Decision.objects.get(application=application)
    assert decision.signoff == Decision.Signoff.AWAITING
    application.refresh_from_db()
    assert application.status == Application.Status.AWAITING_SIGNOFF
    assert not Award.objects.exists()
    assert _ledger() == before
    assert pot_balance(pot).available == Decimal("1000.00")


def test_a_decision_over_the_pots_balance_is_refused_and_nothing_is_written(client, administrator):
    pot, member, enabler, huddle = deciding_team(administrator, amount="300.00")
    application = ApplicationFactory(pot=pot, amount_requested=Decimal("400.00"))
    client.force_login(member)
    before = _ledger()
    response = client.post(reverse("budgets:decide", kwargs={"reference": application.reference}),
                           _form(huddle, [member], amount="400.00"))
    assert response.status_code == 400
    assert "has £300.00 available, so it cannot award £400.00" in response.content.decode()
    assert not Decision.objects.exists()
    assert not Award.objects.exists()
    assert _ledger() == before
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_decision_over_the_rounds_maximum_is_refused(client, team):
    pot, member, enabler, huddle = team
    round_ = RoundFactory(pot=pot, maximum_per_application=Decimal("200.00"))
    application = ApplicationFactory(pot=pot, round=round_, amount_requested=Decimal("150.00"))
    client.force_login(member)
    before = _ledger()
    response = client.post(reverse("budgets:decide", kwargs={"reference": application.reference}),
                           _form(huddle, [member], amount="200.01"))
    assert response.status_code == 400
    assert "The most one application may have from" in response.content.decode()
    assert not Decision.objects.exists()
    assert _ledger() == before


@pytest.mark.parametrize(("amount", "message"), [
    ("-5", "Enter an amount more than £0"), ("12.345", "whole pence"), ("ten pounds", "pounds and pence"),
    ("", "Enter the amount to award"),
])
def test_a_bad_amount_is_a_clear_error(client, team, amount, message):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot)
    client.force_login(member)
    response = client.post(reverse("budgets:decide", kwargs={"reference": application.reference}),
                           _form(huddle, [member], amount=amount))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Decision.objects.exists()


def test_declining_needs_a_reason_and_then_declines(client, team):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot)
    client.force_login(member)
    url = reverse("budgets:decide", kwargs={"reference": application.reference})
    response = client.post(url, _form(huddle, [member], outcome="decline", amount="", reason=""))
    assert response.status_code == 400
    assert "Say why it is not being funded" in response.content.decode()
    assert not Decision.objects.exists()
    assert client.post(url, _form(huddle, [member], outcome="decline", amount="",
                                  reason="It is outside the round's guidelines.")).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert not Award.objects.exists()
    assert Movement.objects.count() == 1  # the contribution only


def test_an_application_already_decided_is_not_decided_again(team):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot)
    services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                    amount=Decimal("100.00"), reason="", huddle=huddle)
    before = _ledger()
    with pytest.raises(BudgetRefused, match="not waiting for a decision"):
        services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                        amount=Decimal("100.00"), reason="", huddle=huddle)
    assert _ledger() == before
    assert Decision.objects.count() == 1


def test_a_huddle_of_another_team_or_someone_not_in_the_team_is_refused(team, user_with_role):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot)
    with pytest.raises(BudgetRefused, match="the team's huddles"):
        services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                        amount=Decimal("100.00"), reason="", huddle=HuddleFactory())
    with pytest.raises(BudgetRefused, match="members or volunteers"):
        services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                        amount=Decimal("100.00"), reason="", huddle=huddle, present=[enabler])
    assert not Decision.objects.exists()


def test_someone_outside_the_team_cannot_open_the_decision(client, team, user_with_role):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot)
    from thriving.core.models import Role

    client.force_login(user_with_role(Role.TEAM_MEMBER))
    assert client.get(reverse("budgets:decide", kwargs={"reference": application.reference})).status_code == 404


def test_a_float_amount_is_refused_by_the_service(team):
    pot, member, enabler, huddle = team
    application = ApplicationFactory(pot=pot)
    with pytest.raises(BudgetRefused, match="exact amount"):
        services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                        amount=100.5, reason="", huddle=huddle)
    assert not Decision.objects.exists()
