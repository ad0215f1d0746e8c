"""The budgets demo, loaded by the real `thriving demo` command: a pot for each demo team, funded,
with applications in every state, its books balanced, its public page showing what was awarded,
and nothing made twice."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from thriving.budgets.models import Application, Award, Entry, Expense, Movement, Payment, Pot
from thriving.budgets.queries import ledger

pytestmark = pytest.mark.django_db

MODELS = (Pot, Application, Award, Payment, Expense, Movement, Entry)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def test_the_demo_funds_a_pot_for_each_team_and_follows_applications_through_once(client):
    out = StringIO()
    call_command("demo", quiet_logins=True, stdout=out)
    assert "Local budgets demo:" in out.getvalue()
    found = list(Pot.objects.order_by("name"))
    assert [pot.locality.slug for pot in found] == ["cotmanhay", "shirebrook"]
    for pot in found:
        balance = ledger.pot_balance(pot)
        assert balance.trial_balance == Decimal("0.00")
        assert balance.contributed == Decimal("7500.00")
        assert sorted(pot.applications.values_list("status", flat=True)) == [
            "awarded", "awarded", "declined", "submitted"]
        # The larger award waited for the enabler, then was paid in two parts with an expense approved.
        signed = Award.objects.get(pot=pot, decision__signoff="granted")
        assert signed.payments.count() == 2
        assert signed.expenses.get().status == Expense.Status.APPROVED
        assert ledger.award_money(signed).remaining == Decimal("45.00")
        page = client.get(reverse("budgets:spend-pot", kwargs={"slug": pot.slug})).content.decode()
        assert "Warm space soup lunches" in page
        assert "Kit for the girls" in page
        assert "Pat Greenhollow" not in page  # applicants' names are never public

    first = counts()
    again = StringIO()
    call_command("demo", skip_postcodes=True, quiet_logins=True, stdout=again)
    assert counts() == first
    assert "Local budgets demo" not in again.getvalue()
