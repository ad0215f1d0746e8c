"""Paying an award through its page: in parts, each a payment row and a movement in the ledger;
a payment over what remains refused with a clear error and nothing written; only the pot's
enablers (and administrators) pay."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Entry, Movement, Payment
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import spending
from thriving.budgets.services.common import BudgetRefused
from thriving.budgets.tests.factories import spending_people
from thriving.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form(amount: str, reference: str = "BACS PAY-1") -> dict:
    today = timezone.localdate()
    return {"amount": amount, "paid_on_day": today.day, "paid_on_month": today.month, "paid_on_year": today.year,
            "reference": reference}


def _url(award) -> str:
    return reverse("budgets:payment-add", kwargs={"uuid": award.uuid})


@pytest.fixture
def s(administrator):
    return spending_people(administrator, "1000.00", "500.00")


def test_the_form_offers_what_remains(client, s):
    client.force_login(s.enabler)
    response = client.get(_url(s.award))
    assert response.status_code == 200
    assert response.context["form"].initial["amount"] == "500.00"
    assert "£500.00" in response.content.decode()


def test_paid_in_two_parts_then_a_third_over_what_remains_is_refused(client, s):
    client.force_login(s.enabler)
    assert client.post(_url(s.award), _form("200.00")).status_code == 302
    assert client.post(_url(s.award), _form("£250.00", "Cheque 0042")).status_code == 302
    money = ledger_queries.award_money(s.award)
    assert (money.paid, money.remaining) == (Decimal("450.00"), Decimal("50.00"))
    assert list(Payment.objects.filter(award=s.award).values_list("amount", flat=True)) == [
        Decimal("200.00"), Decimal("250.00")]
    assert Movement.objects.filter(award=s.award, kind=Movement.Kind.PAYMENT).count() == 2
    entries, payments = Entry.objects.count(), Payment.objects.count()

    response = client.post(_url(s.award), _form("50.01"))

    assert response.status_code == 400
    assert "This award has £50.00 left to pay, so a payment of £50.01 cannot be made" in response.content.decode()
    assert (Entry.objects.count(), Payment.objects.count()) == (entries, payments)
    assert ledger_queries.award_money(s.award).remaining == Decimal("50.00")
    assert ledger_queries.pot_balance(s.pot).trial_balance == Decimal("0.00")
    page = client.get(reverse("budgets:award", kwargs={"uuid": s.award.uuid})).content.decode()
    assert "Cheque 0042" in page
    assert "£450.00" in page


@pytest.mark.parametrize(("amount", "message"), [
    ("-5", "The payment must be more than £0"),
    ("0", "The payment must be more than £0"),
    ("10.001", "whole pence"),
    ("ten pounds", "must be an amount in pounds and pence"),
])
def test_bad_amounts_are_refused_and_nothing_is_written(client, s, amount, message):
    client.force_login(s.enabler)
    entries = Entry.objects.count()
    response = client.post(_url(s.award), _form(amount))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Entry.objects.count() == entries
    assert not Payment.objects.exists()


def test_the_team_may_not_pay_and_outsiders_do_not_see_the_award(client, s):
    client.force_login(s.member)
    assert client.post(_url(s.award), _form("10.00")).status_code == 404
    client.force_login(s.outsider)
    assert client.get(reverse("budgets:award", kwargs={"uuid": s.award.uuid})).status_code == 404
    assert not Payment.objects.exists()


def test_the_service_refuses_an_overpayment_and_audits_a_payment(s):
    today = timezone.localdate()
    payment = spending.pay(acting_user=s.enabler, award=s.award, amount=Decimal("500.00"), paid_on=today)
    assert AuditEvent.objects.filter(event="budgets.payment_made", object_id=str(payment.uuid)).exists()
    with pytest.raises(BudgetRefused, match="£0.00 left to pay"):
        spending.pay(acting_user=s.enabler, award=s.award, amount=Decimal("0.01"), paid_on=today)
    assert Payment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_paying_at_once_never_pay_more_than_the_award(administrator):
    """Four people pay £200 of a £500 award at the same moment: two succeed, two are refused, and
    the refused leave no payment row behind."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time whatever the lock; the row lock needs PostgreSQL")
    s = spending_people(administrator, "1000.00", "500.00")
    outcomes, barrier = [], threading.Barrier(4)

    def pay_it():
        barrier.wait()
        try:
            with transaction.atomic():
                spending.pay(acting_user=s.enabler, award=s.award, amount=Decimal("200.00"),
                             paid_on=timezone.localdate())
            outcomes.append("paid")
        except BudgetRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid"] * 2 + ["refused"] * 2
    assert Payment.objects.count() == 2
    assert ledger_queries.award_money(s.award).remaining == Decimal("100.00")
