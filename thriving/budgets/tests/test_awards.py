"""A pot's awards and one award's page: the money read from the ledger (one query for every
award's sums, however many awards), the payments, expenses and what happened, to the pot's
people only."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.services import spending
from thriving.budgets.tests.factories import make_award, make_expense, spending_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(administrator):
    return spending_people(administrator, "2000.00", "500.00")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_awards_list_shows_each_awards_money_in_a_fixed_number_of_queries(client, s):
    spending.pay(acting_user=s.enabler, award=s.award, amount=Decimal("120.00"), paid_on=timezone.localdate())
    url = reverse("budgets:awards", kwargs={"slug": s.pot.slug})
    client.force_login(s.member)
    response = client.get(url)
    rows = response.context["rows"]
    assert [(row.money.awarded, row.money.paid, row.money.remaining) for row in rows] == [
        (Decimal("500.00"), Decimal("120.00"), Decimal("380.00"))]
    assert response.context["totals"]["paid"] == Decimal("120.00")
    one = _count(client, url)
    for amount in ("50.00", "60.00", "70.00"):
        make_award(s.pot, amount, by=s.administrator)
    assert _count(client, url) == one
    assert "£380.00" in client.get(url).content.decode()


def test_the_award_page_shows_its_money_payments_expenses_and_what_happened(client, s):
    spending.pay(acting_user=s.enabler, award=s.award, amount=Decimal("200.00"), paid_on=timezone.localdate(),
                 reference="BACS PAY-77")
    make_expense(s.award, s.member, description="Bunting")
    spending.record_outcome(acting_user=s.member, award=s.award, what_happened="A street party for 80 people",
                            people_taking_part=80)
    client.force_login(s.other)
    response = client.get(reverse("budgets:award", kwargs={"uuid": s.award.uuid}))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["money"].remaining == Decimal("300.00")
    for shown in ("BACS PAY-77", "Bunting", "A street party for 80 people", "£300.00"):
        assert shown in page
    assert reverse("budgets:expense-add", kwargs={"uuid": s.award.uuid}) in page
    assert reverse("budgets:payment-add", kwargs={"uuid": s.award.uuid}) not in page  # the team does not pay


def test_the_enabler_is_offered_the_payment(client, s):
    client.force_login(s.enabler)
    page = client.get(reverse("budgets:award", kwargs={"uuid": s.award.uuid})).content.decode()
    assert reverse("budgets:payment-add", kwargs={"uuid": s.award.uuid}) in page


def test_people_outside_the_pot_see_neither_page(client, s):
    client.force_login(s.outsider)
    assert client.get(reverse("budgets:awards", kwargs={"slug": s.pot.slug})).status_code == 404
    assert client.get(reverse("budgets:award", kwargs={"uuid": s.award.uuid})).status_code == 404
