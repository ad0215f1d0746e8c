"""The public spend pages: every award of a public pot with its purpose, amount, recipient (never
an individual's name), date, decision method and what happened; totals that reconcile to the
ledger to the penny (after payments, a refund, a release and a reversal); the CSV and JSON
downloads with the same rows and totals; private pots nowhere; a page read in a fixed number of
queries however many awards the pot has."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thriving.budgets.models import AwardOutcome, Movement
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.tests.factories import funded_pot, make_award
from thriving.core.tests.factories import OrganisationFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 2)
SECRET_NAME = "Sam Privateperson"


def _spend(administrator, locality=None):
    """A public pot with three awards (an organisation, a group, an individual), paid in part,
    and what happened with one of them (public) and another (not public)."""
    locality = locality or LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    pot = funded_pot(administrator, "2000.00", locality=locality, name="Cotmanhay Small Grants", slug="cotmanhay")
    organisation = OrganisationFactory(name="Cotmanhay Community Larder", charity_number="1234567")
    to_org = make_award(pot, "400.00", by=administrator, recipient_kind="organisation",
                        recipient_organisation=organisation, recipient_name=organisation.name)
    to_group = make_award(pot, "250.00", by=administrator, title="Knit and natter")
    to_person = make_award(pot, "75.50", by=administrator, recipient_kind="individual", recipient_name=SECRET_NAME,
                           title="Tools for the community garden")
    ledger.pay_out(acting_user=administrator, award=to_org, amount=Decimal("150.00"), on_date=DAY,
                   kind=Movement.Kind.PAYMENT)
    ledger.pay_out(acting_user=administrator, award=to_person, amount=Decimal("75.50"), on_date=DAY,
                   kind=Movement.Kind.PAYMENT)
    AwardOutcome.objects.create(award=to_group, what_happened="Twelve people met every week", people_taking_part=12)
    AwardOutcome.objects.create(award=to_org, what_happened="A draft not yet shown", is_public=False)
    return pot, to_org, to_group, to_person


def _json(response) -> dict:
    return json.loads(b"".join(response.streaming_content), parse_float=Decimal)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _ledger_totals(pot) -> dict[str, Decimal]:
    balance = ledger_queries.pot_balance(pot)
    return {"awarded": balance.committed + balance.spent, "paid": balance.spent, "left_to_pay": balance.committed,
            "available": balance.available, "contributed": balance.contributed}


def _assert_reconciles(client, pot):
    """The rows of the JSON and the CSV add up to the totals shown, which are the ledger's."""
    expected = _ledger_totals(pot)
    document = _json(client.get(reverse("budgets:spend-pot-json", args=[pot.slug])))
    for column in ("awarded", "paid", "left_to_pay"):
        assert sum((Decimal(row[column]) for row in document["awards"]), Decimal("0")) == expected[column]
    totals = document["totals"]
    assert (Decimal(totals["awarded"]), Decimal(totals["paid"]), Decimal(totals["remaining"])) == (
        expected["awarded"], expected["paid"], expected["left_to_pay"])
    assert Decimal(totals["available"]) == expected["available"]
    assert Decimal(totals["contributed"]) == expected["contributed"]
    assert Decimal(totals["contributed"]) + Decimal(totals["transferred_in"]) == (
        Decimal(totals["awarded"]) + Decimal(totals["available"]))
    rows = _csv(client.get(reverse("budgets:spend-pot-csv", args=[pot.slug])))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    for column, key in (("Awarded (£)", "awarded"), ("Paid (£)", "paid"), ("Left to pay (£)", "left_to_pay")):
        index = header.index(column)
        assert sum((Decimal(row[index]) for row in body), Decimal("0")) == expected[key] == Decimal(total[index])
    page = client.get(reverse("budgets:spend-pot", args=[pot.slug]))
    shown = page.context["page_obj"].rows
    assert sum((row.awarded for row in shown), Decimal("0")) == expected["awarded"]
    assert page.context["totals"].awarded == expected["awarded"]
    assert f"£{expected['awarded']:,.2f}" in page.content.decode()
    return document


def test_the_pot_page_shows_every_award_and_what_happened_never_an_individuals_name(client, administrator):
    pot, to_org, to_group, to_person = _spend(administrator)
    response = client.get(reverse("budgets:spend-pot", args=[pot.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cotmanhay Community Larder" in text
    assert "Knit and natter" in text
    assert "An individual" in text
    assert SECRET_NAME not in text
    assert "Twelve people met every week" in text
    assert "(12 took part)" in text
    assert "A draft not yet shown" not in text
    assert "Consent decision at a huddle" in text
    assert "£725.50" in text  # awarded: 400 + 250 + 75.50
    assert "£225.50" in text  # paid: 150 + 75.50
    assert "£1,274.50" in text  # available


def test_the_rows_add_up_to_the_ledger_after_a_refund_a_release_and_a_reversal(client, administrator):
    pot, to_org, to_group, to_person = _spend(administrator)
    _assert_reconciles(client, pot)
    ledger.refund(acting_user=administrator, award=to_person, amount=Decimal("25.25"), on_date=DAY)
    ledger.release(acting_user=administrator, award=to_org, amount=Decimal("100.01"), on_date=DAY)
    award_movement = Movement.objects.get(award=to_group, kind=Movement.Kind.AWARD)
    ledger.reverse(acting_user=administrator, movement=award_movement, reason="Awarded twice", on_date=DAY)
    document = _assert_reconciles(client, pot)
    by_id = {row["id"]: row for row in document["awards"]}
    assert by_id[str(to_group.uuid)]["awarded"] == "0.00"
    assert by_id[str(to_org.uuid)] | {"what_happened": []} == by_id[str(to_org.uuid)]  # draft outcome withheld
    assert (by_id[str(to_org.uuid)]["awarded"], by_id[str(to_org.uuid)]["left_to_pay"]) == ("299.99", "149.99")
    assert (by_id[str(to_person.uuid)]["awarded"], by_id[str(to_person.uuid)]["paid"]) == ("50.25", "50.25")
    assert ledger_queries.pot_balance(pot).trial_balance == Decimal("0.00")


def test_the_downloads_never_name_an_individual_and_make_cells_safe(client, administrator):
    pot, *_ = _spend(administrator)
    make_award(pot, "10.00", by=administrator, title="=HYPERLINK(\"http://evil.example\")", recipient_name="-2+3")
    csv_text = b"".join(client.get(reverse("budgets:spend-pot-csv", args=[pot.slug])).streaming_content).decode()
    json_text = b"".join(client.get(reverse("budgets:spend-pot-json", args=[pot.slug])).streaming_content).decode()
    assert SECRET_NAME not in csv_text
    assert SECRET_NAME not in json_text
    assert "An individual" in csv_text
    assert "An individual" in json_text
    assert "'=HYPERLINK" in csv_text
    assert "'-2+3" in csv_text
    assert ",=HYPERLINK" not in csv_text


def test_a_private_pot_is_nowhere_public(client, administrator):
    pot, *_ = _spend(administrator)
    hidden = funded_pot(administrator, "500.00", locality=pot.locality, name="Hidden pot", slug="hidden",
                        is_public=False)
    make_award(hidden, "99.00", by=administrator, title="Not for the public")
    for name in ("budgets:spend-pot", "budgets:spend-pot-csv", "budgets:spend-pot-json"):
        assert client.get(reverse(name, args=["hidden"])).status_code == 404
    index = client.get(reverse("budgets:spend")).content.decode()
    assert "Cotmanhay Small Grants" in index
    assert "Hidden pot" not in index
    place = client.get(reverse("budgets:spend-locality", args=[pot.locality.slug]))
    assert "Not for the public" not in place.content.decode()
    assert place.context["totals"].awarded == Decimal("725.50")
    document = _json(client.get(reverse("budgets:spend-locality-json", args=[pot.locality.slug])))
    assert [p["slug"] for p in document["pots"]] == [pot.slug]
    assert all(row["title"] != "Not for the public" for row in document["awards"])


def test_the_locality_page_adds_up_its_public_pots(client, administrator):
    pot, *_ = _spend(administrator)
    second = funded_pot(administrator, "300.00", locality=pot.locality, name="Cotmanhay Youth", slug="youth")
    make_award(second, "120.00", by=administrator, title="Football kit")
    elsewhere = funded_pot(administrator, "300.00", name="Elsewhere", slug="elsewhere")
    make_award(elsewhere, "60.00", by=administrator, title="Somewhere else")
    response = client.get(reverse("budgets:spend-locality", args=[pot.locality.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Football kit" in text
    assert "Knit and natter" in text
    assert "Somewhere else" not in text
    totals = response.context["totals"]
    assert totals.awarded == Decimal("845.50")
    assert totals.contributed == Decimal("2300.00")
    rows = _csv(client.get(reverse("budgets:spend-locality-csv", args=[pot.locality.slug])))
    index = rows[0].index("Awarded (£)")
    assert sum(Decimal(row[index]) for row in rows[1:-1]) == Decimal(rows[-1][index]) == Decimal("845.50")
    assert client.get(reverse("budgets:spend-locality", args=["nowhere"])).status_code == 404


def test_the_index_lists_the_public_pots_and_their_places(client, administrator):
    pot, *_ = _spend(administrator)
    response = client.get(reverse("budgets:spend"))
    assert response.status_code == 200
    summaries = response.context["page_obj"].summaries
    assert [(s.pot.slug, s.totals.awarded, s.totals.available) for s in summaries] == [
        (pot.slug, Decimal("725.50"), Decimal("1274.50"))]
    assert [place.slug for place in response.context["localities"]] == [pot.locality.slug]
    assert response.context["localities"][0].public_pots == 1


def test_a_big_pot_is_paged_and_read_in_the_same_number_of_queries(client, administrator):
    pot = funded_pot(administrator, "100000.00", slug="big")
    make_award(pot, "1.00", by=administrator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("budgets:spend-pot", args=["big"]))
    for _ in range(60):
        award = make_award(pot, "1.00", by=administrator)
        AwardOutcome.objects.create(award=award, what_happened="Done")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("budgets:spend-pot", args=["big"]))
    assert len(many) == len(few)
    assert len(response.context["page_obj"].rows) == 50
    second = client.get(reverse("budgets:spend-pot", args=["big"]), {"page": 2})
    assert len(second.context["page_obj"].rows) == 11
    document = _json(client.get(reverse("budgets:spend-pot-json", args=["big"])))
    assert len(document["awards"]) == 61


def test_the_downloads_read_the_awards_a_chunk_at_a_time_in_order(client, administrator, monkeypatch):
    from thriving.budgets.queries import public as public_queries

    pot, *_ = _spend(administrator)
    for day in range(5):
        make_award(pot, "1.00", by=administrator, awarded_on=DAY - datetime.timedelta(days=day))
    whole = [row["id"] for row in _json(client.get(reverse("budgets:spend-pot-json", args=[pot.slug])))["awards"]]
    monkeypatch.setattr(public_queries, "CHUNK", 2)
    chunked = _json(client.get(reverse("budgets:spend-pot-json", args=[pot.slug])))
    assert [row["id"] for row in chunked["awards"]] == whole
    assert len(whole) == 8
    _assert_reconciles(client, pot)
    grants = json.loads(b"".join(client.get(reverse("budgets:360giving"), {"year": DAY.year}).streaming_content))
    assert len(grants["grants"]) == 8
