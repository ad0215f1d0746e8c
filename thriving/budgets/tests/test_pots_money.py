"""Money in, between and back through the pots pages: a contribution (from a named funder or an
organisation, with its restriction), a transfer to another pot the person looks after, and a
reversal with its reason. Bad input (negative, sub-penny, over the available balance, a pot the
person does not look after, a movement already reversed, a reversal) is refused with a clear error
and nothing is written: the ledger is unchanged."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Contribution, Entry, Movement
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.tests.factories import PotFactory, funded_pot, make_award
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


def errors(response) -> str:
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


def url(name, pot, **kwargs):
    return reverse(f"budgets:{name}", kwargs={"slug": pot.slug, **kwargs})


def today_parts(prefix: str, day: datetime.date | None = None) -> dict:
    day = day or timezone.localdate()
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def contribution(**values):
    return {"funder_name": "Heanor Rotary", "funder_organisation": "", "amount": "1,250.50",
            "restriction": "Only for children's activities", **today_parts("received_on"), **values}


def ledger_state():
    return Entry.objects.count(), Movement.objects.count(), Contribution.objects.count()


def test_an_enabler_adds_a_contribution(client, locality_enabler, pot_team):
    pot = PotFactory(team=pot_team)
    client.force_login(locality_enabler)
    assert client.get(url("contribution-add", pot)).status_code == 200
    response = client.post(url("contribution-add", pot), contribution())
    assert response.status_code == 302
    found = Contribution.objects.get()
    assert (found.funder_name, found.amount, found.restriction, found.created_by) == (
        "Heanor Rotary", Decimal("1250.50"), "Only for children's activities", locality_enabler)
    assert ledger_queries.pot_balance(pot).available == Decimal("1250.50")
    assert AuditEvent.objects.filter(event="budgets.contribution_added").exists()
    assert "£1,250.50 from Heanor Rotary" in client.get(response.url).content.decode()


def test_a_contribution_from_an_organisation_takes_its_name(client, administrator):
    pot = PotFactory()
    funder = OrganisationFactory(name="Erewash CVS")
    client.force_login(administrator)
    response = client.post(url("contribution-add", pot), contribution(funder_name="", funder_organisation=funder.slug))
    assert response.status_code == 302
    assert (Contribution.objects.get().funder_name, Contribution.objects.get().funder_organisation) == (
        "Erewash CVS", funder)


@pytest.mark.parametrize(("values", "message"), [
    ({"amount": "-10"}, "The amount must be more than £0"),
    ({"amount": "0"}, "The amount must be more than £0"),
    ({"amount": "10.001"}, "The amount must be in whole pence"),
    ({"amount": ""}, "Enter the amount"),
    ({"funder_name": ""}, "Enter who gave it, or choose the organisation"),
    ({"received_on_day": "31", "received_on_month": "2"}, "Received on must be a real date"),
    (today_parts("received_on", timezone.localdate() + datetime.timedelta(days=2)), "Received on must be in the past"),
])
def test_a_bad_contribution_is_refused_and_nothing_written(client, administrator, values, message):
    pot = PotFactory()
    client.force_login(administrator)
    response = client.post(url("contribution-add", pot), contribution(**values))
    assert response.status_code == 400
    assert message in errors(response)
    assert ledger_state() == (0, 0, 0)


def test_a_team_member_cannot_add_a_contribution(client, pot_member, pot_team):
    pot = PotFactory(team=pot_team)
    client.force_login(pot_member)
    assert client.post(url("contribution-add", pot), contribution()).status_code == 404
    assert ledger_state() == (0, 0, 0)


def transfer(to, **values):
    return {"to_pot": to.slug, "amount": "400.00", "memo": "The spring round needs more", **today_parts("on_date"),
            **values}


def test_money_moves_to_another_pot_the_person_looks_after(client, administrator, locality_enabler, pot_team):
    source = funded_pot(administrator, "1000.00", team=pot_team)
    target = PotFactory(team=None, kind="locality", locality=pot_team.locality, name="Locality pot")
    client.force_login(locality_enabler)
    page = client.get(url("transfer", source)).content.decode()
    assert "£1,000.00" in page
    assert "Locality pot" in page
    response = client.post(url("transfer", source), transfer(target))
    assert response.status_code == 302
    assert ledger_queries.pot_balance(source).available == Decimal("600.00")
    assert ledger_queries.pot_balance(target).available == Decimal("400.00")
    assert ledger_queries.pot_balance(source).trial_balance == ledger_queries.pot_balance(target).trial_balance == 0
    html = client.get(url("pot", target)).content.decode()
    assert "Transfer between pots from" in html
    assert "+£400.00" in html


def test_a_transfer_over_the_available_balance_is_refused_and_nothing_written(client, administrator):
    source = funded_pot(administrator, "100.00")
    make_award(source, "60.00", by=administrator)
    target = PotFactory()
    before = ledger_state()
    client.force_login(administrator)
    response = client.post(url("transfer", source), transfer(target, amount="40.01"))
    assert response.status_code == 400
    assert "has £40.00 available, so it cannot give £40.01" in errors(response)
    assert ledger_state() == before


@pytest.mark.parametrize(("values", "message"), [
    ({"amount": "-5"}, "The amount must be more than £0"),
    ({"amount": "1.234"}, "The amount must be in whole pence"),
    ({"memo": ""}, "Say why the money is moving"),
])
def test_a_bad_transfer_is_refused_and_nothing_written(client, administrator, values, message):
    source, target = funded_pot(administrator, "100.00"), PotFactory()
    before = ledger_state()
    client.force_login(administrator)
    response = client.post(url("transfer", source), transfer(target, **values))
    assert response.status_code == 400
    assert message in errors(response)
    assert ledger_state() == before


def test_money_cannot_move_to_a_pot_the_person_does_not_look_after(client, administrator, locality_enabler,
                                                                   pot_team):
    source = funded_pot(administrator, "100.00", team=pot_team)
    elsewhere = PotFactory(team=None, kind="locality", locality=LocalityFactory())
    before = ledger_state()
    client.force_login(locality_enabler)
    assert elsewhere.name not in client.get(url("transfer", source)).content.decode()
    response = client.post(url("transfer", source), transfer(elsewhere))
    assert response.status_code == 400
    assert "Choose a pot you look after from the list" in errors(response)
    response = client.post(url("transfer", source), transfer(source))
    assert "Choose a pot you look after from the list" in errors(response)  # not the pot itself
    assert ledger_state() == before


def test_a_manager_reverses_a_movement_with_a_reason(client, administrator):
    pot = funded_pot(administrator, "100.00")
    movement = Movement.objects.get(pot=pot)
    client.force_login(administrator)
    page = client.get(url("movement-reverse", pot, uuid=movement.uuid)).content.decode()
    assert "Available to award" in page
    assert "+£100.00" in page
    assert "\u2212£100.00" in page
    response = client.post(url("movement-reverse", pot, uuid=movement.uuid), {"reason": "Entered twice"})
    assert response.status_code == 302
    reversal = Movement.objects.get(reverses=movement)
    assert reversal.kind == "reversal"
    assert "Entered twice" in reversal.memo
    assert ledger_queries.pot_balance(pot).available == 0
    assert AuditEvent.objects.filter(event="budgets.reversed", object_id=str(reversal.uuid)).exists()
    html = client.get(url("pot", pot)).content.decode()
    assert "Reversed" in html
    assert ">Reverse<" not in html


def test_a_reversal_needs_a_reason(client, administrator):
    pot = funded_pot(administrator, "100.00")
    movement = Movement.objects.get(pot=pot)
    before = ledger_state()
    client.force_login(administrator)
    response = client.post(url("movement-reverse", pot, uuid=movement.uuid), {"reason": ""})
    assert response.status_code == 400
    assert "Say why the movement is being reversed" in errors(response)
    assert ledger_state() == before


def test_a_movement_already_reversed_or_a_reversal_cannot_be_reversed(client, administrator):
    pot = funded_pot(administrator, "100.00")
    movement = Movement.objects.get(pot=pot)
    reversal = ledger.reverse(acting_user=administrator, movement=movement, reason="Wrong pot",
                              on_date=timezone.localdate())
    before = ledger_state()
    client.force_login(administrator)
    for target, message in ((movement, "already been reversed"), (reversal, "a reversal cannot itself be reversed")):
        page = client.get(url("movement-reverse", pot, uuid=target.uuid)).content.decode()
        assert message in page
        response = client.post(url("movement-reverse", pot, uuid=target.uuid), {"reason": "Again"})
        assert response.status_code == 400
        assert message in errors(response)
    assert ledger_state() == before


def test_reversing_a_contribution_already_awarded_is_refused(client, administrator):
    pot = funded_pot(administrator, "100.00")
    make_award(pot, "80.00", by=administrator)
    contribution_movement = Movement.objects.get(pot=pot, kind="contribution")
    before = ledger_state()
    client.force_login(administrator)
    response = client.post(url("movement-reverse", pot, uuid=contribution_movement.uuid), {"reason": "Mistake"})
    assert response.status_code == 400
    assert "has £20.00 available, so it cannot give £100.00" in errors(response)
    assert ledger_state() == before


def test_a_transfer_is_reversed_only_by_someone_who_looks_after_both_pots(client, administrator, user_with_role,
                                                                          pot_team):
    source = funded_pot(administrator, "100.00", team=pot_team)
    target = PotFactory(team=None, kind="locality", locality=LocalityFactory())
    moved = ledger.transfer(acting_user=administrator, from_pot=source, to_pot=target, amount=Decimal("50.00"),
                            on_date=timezone.localdate())
    enabler = user_with_role(Role.ENABLER, locality=pot_team.locality)
    before = ledger_state()
    client.force_login(enabler)
    response = client.post(url("movement-reverse", source, uuid=moved.uuid), {"reason": "Wrong pot"})
    assert response.status_code == 403
    assert ledger_state() == before


def test_a_team_member_cannot_reverse(client, administrator, pot_member, pot_team):
    pot = funded_pot(administrator, "100.00", team=pot_team)
    movement = Movement.objects.get(pot=pot)
    client.force_login(pot_member)
    assert client.post(url("movement-reverse", pot, uuid=movement.uuid), {"reason": "Mine"}).status_code == 404
    assert not Movement.objects.filter(kind="reversal").exists()
