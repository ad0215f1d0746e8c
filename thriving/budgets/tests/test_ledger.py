"""The ledger: every movement balanced and written once; the database refuses changes and
deletions of entries and movements; a pot never goes below zero, even when many award at once;
balances and the trial balance are read from the entries."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from thriving.budgets.models import Account, Entry, Movement
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.services.common import BudgetRefused
from thriving.budgets.tests.factories import ApplicationFactory, AwardFactory, PotFactory, funded_pot, make_award
from thriving.core.models import Role
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 2)
REFUSED = DatabaseError  # the triggers raise; each driver names the error its own way


def test_a_contribution_and_an_award_balance_and_are_read_from_the_entries(administrator):
    pot = funded_pot(administrator, "1000.00")
    award = make_award(pot, "250.00", by=administrator)
    balance = ledger_queries.pot_balance(pot)
    assert (balance.contributed, balance.available, balance.committed) == (
        Decimal("1000.00"), Decimal("750.00"), Decimal("250.00"))
    assert balance.trial_balance == Decimal("0.00")
    assert ledger_queries.award_money(award).remaining == Decimal("250.00")
    assert Movement.objects.count() == 2
    assert Entry.objects.count() == 4


def test_the_database_refuses_to_change_or_delete_an_entry_or_a_movement(administrator):
    funded_pot(administrator, "100.00")
    entry = Entry.objects.first()
    movement = Movement.objects.first()
    for attempt in (
        lambda: Entry.objects.filter(pk=entry.pk).update(amount=Decimal("99.99")),
        lambda: Entry.objects.filter(pk=entry.pk).delete(),
        lambda: Movement.objects.filter(pk=movement.pk).update(memo="changed"),
        lambda: Movement.objects.filter(pk=movement.pk)._raw_delete(connection.alias),
    ):
        with pytest.raises(REFUSED, match="append-only"), transaction.atomic():
            attempt()
    entry.refresh_from_db()
    assert entry.amount in (Decimal("100.00"), Decimal("-100.00"))


def test_the_database_refuses_raw_sql_too(administrator):
    funded_pot(administrator, "100.00")
    with pytest.raises(REFUSED, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE budgets_entry SET amount = 1")
    with pytest.raises(REFUSED, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM budgets_entry")
    assert Entry.objects.count() == 2


def test_an_award_over_the_balance_is_refused_and_nothing_is_written(administrator):
    pot = funded_pot(administrator, "100.00")
    before = Entry.objects.count()
    with pytest.raises(BudgetRefused, match="has £100.00 available"):
        make_award(pot, "100.01", by=administrator)
    assert Entry.objects.count() == before
    assert ledger_queries.pot_balance(pot).available == Decimal("100.00")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5.00"), Decimal("10.005"), 12.5, "12.50"])
def test_negative_sub_penny_and_float_amounts_are_refused(administrator, amount):
    pot = PotFactory()
    with pytest.raises(BudgetRefused):
        ledger.contribute(acting_user=administrator, pot=pot, funder_name="A funder", amount=amount,
                          received_on=TODAY)
    assert not Entry.objects.exists()


def test_an_unbalanced_movement_is_refused(administrator):
    pot = PotFactory()
    with pytest.raises(BudgetRefused, match="balance"):
        ledger.post(acting_user=administrator, pot=pot, kind=Movement.Kind.CONTRIBUTION, on_date=TODAY,
                    lines=[ledger.Line(pot, Account.FUNDS, Decimal("10.00"))])
    assert not Movement.objects.exists()


def test_a_reversal_names_what_it_reverses_and_cannot_take_a_pot_below_zero(administrator):
    pot = funded_pot(administrator, "300.00")
    contribution_movement = Movement.objects.get()
    make_award(pot, "200.00", by=administrator)
    with pytest.raises(BudgetRefused, match="available"):
        ledger.reverse(acting_user=administrator, movement=contribution_movement, reason="Wrong pot", on_date=TODAY)
    award_movement = Movement.objects.get(kind=Movement.Kind.AWARD)
    reversal = ledger.reverse(acting_user=administrator, movement=award_movement, reason="Typed twice",
                              on_date=TODAY)
    assert reversal.reverses == award_movement
    assert ledger_queries.pot_balance(pot).available == Decimal("300.00")
    assert ledger_queries.pot_balance(pot).trial_balance == 0
    with pytest.raises(BudgetRefused, match="already been reversed"):
        ledger.reverse(acting_user=administrator, movement=award_movement, reason="Again", on_date=TODAY)
    with pytest.raises(BudgetRefused, match="cannot itself be reversed"):
        ledger.reverse(acting_user=administrator, movement=reversal, reason="Undo", on_date=TODAY)


def test_payments_refunds_releases_and_transfers_keep_every_pot_balanced(administrator):
    pot = funded_pot(administrator, "1000.00")
    other = funded_pot(administrator, "50.00")
    award = make_award(pot, "400.00", by=administrator)
    ledger.pay_out(acting_user=administrator, award=award, amount=Decimal("150.00"), on_date=TODAY,
                   kind=Movement.Kind.PAYMENT)
    with pytest.raises(BudgetRefused, match="£250.00 left to pay"):
        ledger.pay_out(acting_user=administrator, award=award, amount=Decimal("250.01"), on_date=TODAY,
                       kind=Movement.Kind.PAYMENT)
    ledger.refund(acting_user=administrator, award=award, amount=Decimal("20.00"), on_date=TODAY)
    ledger.release(acting_user=administrator, award=award, amount=Decimal("50.00"), on_date=TODAY)
    ledger.transfer(acting_user=administrator, from_pot=pot, to_pot=other, amount=Decimal("100.00"), on_date=TODAY)
    money = ledger_queries.award_money(award)
    assert (money.awarded, money.remaining, money.paid) == (Decimal("330.00"), Decimal("200.00"), Decimal("130.00"))
    balance = ledger_queries.pot_balance(pot)
    assert balance.available == Decimal("1000.00") - 400 + 20 + 50 - 100
    assert balance.trial_balance == 0
    assert ledger_queries.pot_balance(other).trial_balance == 0
    assert ledger_queries.pot_balance(other).available == Decimal("150.00")
    assert ledger_queries.awarded_total([pot]) == money.awarded


def test_only_those_who_manage_the_pot_may_add_money(user_with_role):
    pot = PotFactory()
    outsider = user_with_role(Role.ENABLER, locality=LocalityFactory())
    with pytest.raises(PermissionDenied):
        ledger.contribute(acting_user=outsider, pot=pot, funder_name="A funder", amount=Decimal("5.00"),
                          received_on=TODAY)
    pot.enablers.add(outsider)
    ledger.contribute(acting_user=outsider, pot=pot, funder_name="A funder", amount=Decimal("5.00"), received_on=TODAY)
    assert ledger_queries.pot_balance(pot).available == Decimal("5.00")


@pytest.mark.django_db(transaction=True)
def test_many_awarding_at_once_never_take_a_pot_below_zero(administrator):
    """Eight people award £150 each at the same moment from a pot of £1,000: six succeed, two are
    refused, and the pot ends at £100, never below zero."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time whatever the lock; the row lock needs PostgreSQL")
    pot = funded_pot(administrator, "1000.00")
    awards = [AwardFactory(decision__application=ApplicationFactory(pot=pot, amount_requested=Decimal("150.00")))
              for _ in range(8)]
    outcomes, barrier = [], threading.Barrier(len(awards))

    def award_it(award):
        barrier.wait()
        try:
            with transaction.atomic():
                ledger.commit_award(acting_user=administrator, award=award)
            outcomes.append("awarded")
        except BudgetRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=award_it, args=(award,)) for award in awards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["awarded"] * 6 + ["refused"] * 2
    balance = ledger_queries.pot_balance(pot)
    assert balance.available == Decimal("100.00")
    assert balance.trial_balance == 0
