"""An enabler's sign-off of a decision above the delegated limit, through its pages: granted, the
award is made and its money committed (if the pot still has it); refused, with a reason; never by
someone who is not a named enabler of the pot, nor on their own application. And the reminder of
decisions waiting too long, through its command."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Application, Award, Decision, Entry, Movement
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import decisions as services
from thriving.budgets.services.common import BudgetRefused
from thriving.budgets.tasks.signoffs import remind_signoffs
from thriving.budgets.tests.factories import ApplicationFactory, deciding_team, make_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(administrator):
    """A decision to award £600 on a pot with a £500 limit, waiting for its enabler."""
    pot, member, enabler, huddle = deciding_team(administrator)
    application = ApplicationFactory(pot=pot, amount_requested=Decimal("600.00"))
    decision = services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                               amount=Decimal("600.00"), reason="", huddle=huddle)
    return pot, member, enabler, decision


def _ledger():
    return Movement.objects.count(), Entry.objects.count()


def test_the_enabler_sees_what_waits_and_grants_it(client, waiting):
    pot, member, enabler, decision = waiting
    client.force_login(enabler)
    listed = client.get(reverse("budgets:signoffs"))
    assert decision.application.reference in listed.content.decode()
    url = reverse("budgets:signoff", kwargs={"uuid": decision.uuid})
    assert client.get(url).status_code == 200
    response = client.post(url, {"granted": "yes", "reason": ""})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.signoff, decision.signoff_by) == (Decision.Signoff.GRANTED, enabler)
    award = Award.objects.get(decision=decision)
    assert award.amount == Decimal("600.00")
    assert Application.objects.get(pk=decision.application_id).status == Application.Status.AWARDED
    assert pot_balance(pot).available == Decimal("400.00")
    assert "Nothing is waiting for your sign-off" in client.get(reverse("budgets:signoffs")).content.decode()


def test_refusing_needs_a_reason_and_nothing_changes_without_one(client, waiting):
    pot, member, enabler, decision = waiting
    client.force_login(enabler)
    url = reverse("budgets:signoff", kwargs={"uuid": decision.uuid})
    before = _ledger()
    response = client.post(url, {"granted": "no", "reason": " "})
    assert response.status_code == 400
    assert "Say why you are refusing it" in response.content.decode()
    decision.refresh_from_db()
    assert decision.signoff == Decision.Signoff.AWAITING
    assert _ledger() == before
    assert client.post(url, {"granted": "no", "reason": "Too much for one group this year."}).status_code == 302
    decision.refresh_from_db()
    assert decision.signoff == Decision.Signoff.REFUSED
    assert decision.signoff_reason == "Too much for one group this year."
    assert Application.objects.get(pk=decision.application_id).status == Application.Status.DECLINED
    assert not Award.objects.exists()
    assert _ledger() == before


def test_granting_when_the_money_has_gone_is_refused_and_nothing_is_written(client, waiting, administrator):
    pot, member, enabler, decision = waiting
    make_award(pot, "500.00", by=administrator)  # leaves £500, less than the £600 waiting
    before = _ledger()
    client.force_login(enabler)
    response = client.post(reverse("budgets:signoff", kwargs={"uuid": decision.uuid}), {"granted": "yes"})
    assert response.status_code == 400
    assert "has £500.00 available, so it cannot award £600.00" in response.content.decode()
    decision.refresh_from_db()
    assert decision.signoff == Decision.Signoff.AWAITING
    assert not Award.objects.filter(decision=decision).exists()
    assert _ledger() == before


def test_an_enabler_cannot_sign_off_their_own_application(client, administrator):
    pot, member, enabler, huddle = deciding_team(administrator)
    application = ApplicationFactory(pot=pot, amount_requested=Decimal("600.00"), created_by=enabler)
    decision = services.decide(acting_user=member, application=application, method="consent", outcome="fund",
                               amount=Decimal("600.00"), reason="", huddle=huddle)
    before = _ledger()
    client.force_login(enabler)
    assert client.post(reverse("budgets:signoff", kwargs={"uuid": decision.uuid}),
                       {"granted": "yes"}).status_code == 404
    with pytest.raises(BudgetRefused, match="your own application"):
        services.sign_off(acting_user=enabler, decision=decision, granted=True, reason="")
    decision.refresh_from_db()
    assert decision.signoff == Decision.Signoff.AWAITING
    assert _ledger() == before


def test_only_a_named_enabler_signs_off(client, waiting, user_with_role):
    pot, member, enabler, decision = waiting
    from thriving.core.models import Role

    url = reverse("budgets:signoff", kwargs={"uuid": decision.uuid})
    client.force_login(member)  # a team member, not an enabler
    assert client.post(url, {"granted": "yes"}).status_code == 403
    other = user_with_role(Role.ENABLER, locality=pot.locality)  # an enabler there, not named on the pot
    client.force_login(other)
    assert client.post(url, {"granted": "yes"}).status_code == 404
    with pytest.raises(BudgetRefused, match="named enablers"):
        services.sign_off(acting_user=other, decision=decision, granted=True, reason="")
    decision.refresh_from_db()
    assert decision.signoff == Decision.Signoff.AWAITING


def test_the_reminder_emails_the_named_enabler_once_a_period(waiting, django_capture_on_commit_callbacks):
    pot, member, enabler, decision = waiting
    assert remind_signoffs.call() == 0  # decided today: not yet
    Decision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("budgets_remind_signoffs", "--now", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [enabler.email]
    assert reverse("budgets:signoff", kwargs={"uuid": decision.uuid}) in mail.outbox[0].body
    decision.refresh_from_db()
    assert decision.reminded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_signoffs.call() == 0  # not twice in a period
    assert len(mail.outbox) == 1
    Decision.objects.filter(pk=decision.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_signoffs.call() == 1
    assert len(mail.outbox) == 2


def test_working_days_leave_out_weekends():
    from thriving.budgets.tasks.signoffs import working_days_between

    friday = datetime.date(2026, 11, 6)
    assert working_days_between(friday, friday + datetime.timedelta(days=3)) == 1  # to Monday
    assert working_days_between(friday, friday) == 0
