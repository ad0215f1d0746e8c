"""The pots list and a pot's page, through the pages: who sees which pots, each pot's balance read
in one query for the page, the filter; the pot's page with its trial balance (zero), contributions,
rounds and movements paged newest first, "Reverse" for those who look after it only. Creating and
changing a pot: the kind needs its team or platform, a negative or sub-penny delegated limit is
refused with nothing written, a stale edit is 409, and a pot is closed only with no money in it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Movement, Pot
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.tests.factories import PotFactory, RoundFactory, funded_pot, make_award
from thriving.core.models import AuditEvent, Role
from thriving.directory.tests.factories import PlatformFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db
LIST, ADD = "/budgets/", "/budgets/pots/add/"


def errors(response) -> str:
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


def pot_url(pot, name="budgets:pot"):
    return reverse(name, kwargs={"slug": pot.slug})


def new_pot(for_team, **values):
    return {"name": "Cotmanhay small grants", "about": "Small things that help early", "kind": "team",
            "team": for_team.slug, "locality": "", "platform": "", "delegated_limit": "500",
            "signoff_reminder_days": "3", "is_public": "on", **values}


def test_the_list_shows_the_pots_a_person_may_see_with_their_balances(client, administrator, pot_member, pot_team):
    mine = funded_pot(administrator, "1000.00", name="Our pot", team=pot_team)
    make_award(mine, "250.00", by=administrator)
    funded_pot(administrator, "300.00", name="Someone else's pot")
    client.force_login(pot_member)
    html = client.get(LIST).content.decode()
    assert "Our pot" in html
    assert "Someone else&#x27;s pot" not in html
    assert "£750.00" in html
    assert "£250.00" in html
    assert "£1,000.00" in html
    assert 'data-testid="add-pot"' not in html  # a team member does not create pots
    client.force_login(administrator)
    html = client.get(LIST).content.decode()
    assert "Someone else&#x27;s pot" in html
    assert 'data-testid="add-pot"' in html


def test_the_list_reads_every_balance_in_one_query(client, administrator, django_assert_max_num_queries):
    for n in range(3):
        funded_pot(administrator, "100.00", name=f"Pot {n}")
    client.force_login(administrator)
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for n in range(3, 12):
        funded_pot(administrator, "100.00", name=f"Pot {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("£100.00") >= 12 * 2


def test_the_list_filters_by_locality_and_kind(client, administrator):
    elsewhere = LocalityFactory(name="Heanor", slug="heanor")
    PotFactory(name="Team pot")
    PotFactory(name="Heanor pot", kind="locality", team=None, locality=elsewhere)
    client.force_login(administrator)
    html = client.get(LIST, {"locality": "heanor"}).content.decode()
    assert "Heanor pot" in html
    assert "Team pot" not in html
    html = client.get(LIST, {"kind": "team"}).content.decode()
    assert "Team pot" in html
    assert "Heanor pot" not in html
    response = client.get(LIST, {"kind": "nonsense"})
    assert response.status_code == 400
    assert "Choose a kind of pot from the list" in errors(response)


def test_the_pot_page_shows_its_balance_trial_balance_contributions_rounds_and_movements(client, administrator):
    pot = funded_pot(administrator, "1000.00", name="Cotmanhay pot")
    ledger.contribute(acting_user=administrator, pot=pot, funder_name="Heanor Rotary", amount=Decimal("250.50"),
                      received_on=timezone.localdate(), restriction="Only for children's activities")
    make_award(pot, "100.00", by=administrator)
    RoundFactory(pot=pot, title="Spring round")
    client.force_login(administrator)
    html = client.get(pot_url(pot)).content.decode()
    trial = html[html.find('data-testid="trial-balance"'):]
    assert "Available to award" in trial
    assert "£1,150.50" in trial
    assert "\u2212£1,250.50" in trial
    assert 'data-testid="trial-balance-total">£0.00<' in html
    assert "Heanor Rotary" in html
    assert "Only for children&#x27;s activities" in html
    assert "Spring round" in html
    movements = html[html.find('data-testid="movements"'):]
    assert movements.index("Award") < movements.index("Contribution in")  # newest first
    assert movements.count(">Reverse<") == 3


def test_the_team_sees_the_pot_but_no_reverse_or_manage_buttons(client, administrator, pot_member, pot_team):
    pot = funded_pot(administrator, "100.00", team=pot_team)
    client.force_login(pot_member)
    response = client.get(pot_url(pot))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Reverse<" not in html
    assert 'data-testid="manage"' not in html
    assert client.get(pot_url(pot, "budgets:pot-change")).status_code == 404
    assert client.get(pot_url(funded_pot(administrator, "5.00"))).status_code == 404  # not their team's


def test_the_movements_are_paged_fifty_at_a_time(client, administrator):
    pot = PotFactory()
    for _ in range(51):
        ledger.contribute(acting_user=administrator, pot=pot, funder_name="A funder", amount=Decimal("1.00"),
                          received_on=timezone.localdate())
    client.force_login(administrator)
    first = client.get(pot_url(pot)).content.decode()
    assert "govuk-pagination" in first
    assert "Showing 1 to 50 of 51" in first
    assert "Showing 51 to 51 of 51" in client.get(pot_url(pot), {"page": "2"}).content.decode()


def test_an_enabler_creates_a_team_pot(client, locality_enabler, pot_team):
    client.force_login(locality_enabler)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, new_pot(pot_team, enablers=[str(locality_enabler.uuid)]))
    assert response.status_code == 302
    pot = Pot.objects.get(name="Cotmanhay small grants")
    assert response.url == pot_url(pot)
    assert (pot.slug, pot.team, pot.locality, pot.delegated_limit) == (
        "cotmanhay-small-grants", pot_team, pot_team.locality, Decimal("500.00"))
    assert list(pot.enablers.all()) == [locality_enabler]
    assert AuditEvent.objects.filter(event="budgets.pot_added", object_id=str(pot.uuid)).exists()
    assert client.post(ADD, new_pot(pot_team)).status_code == 302
    assert Pot.objects.filter(slug="cotmanhay-small-grants-2").exists()


def test_a_platform_pot_needs_its_platform_and_a_team_pot_its_team(client, administrator, pot_team):
    client.force_login(administrator)
    response = client.post(ADD, new_pot(pot_team, kind="platform"))
    assert response.status_code == 400
    assert "Choose the platform whose pot it is" in errors(response)
    response = client.post(ADD, new_pot(pot_team, team=""))
    assert "Choose the connected team whose pot it is" in errors(response)
    assert not Pot.objects.exists()
    platform = PlatformFactory(name="Food network")
    response = client.post(ADD, new_pot(pot_team, kind="platform", team="", platform=platform.slug,
                                        locality=pot_team.locality.slug))
    assert response.status_code == 302
    assert Pot.objects.get().platform == platform


@pytest.mark.parametrize(("limit", "message"), [
    ("-5", "The delegated limit must be £0 or more"),
    ("10.005", "The delegated limit must be in whole pence"),
    ("ten pounds", "Enter the delegated limit in pounds and pence"),
])
def test_a_bad_delegated_limit_is_refused_and_nothing_written(client, administrator, pot_team, limit, message):
    client.force_login(administrator)
    response = client.post(ADD, new_pot(pot_team, delegated_limit=limit))
    assert response.status_code == 400
    assert message in errors(response)
    assert not Pot.objects.exists()


def test_an_enabler_cannot_create_a_pot_they_would_not_look_after(client, user_with_role, pot_team):
    enabler = user_with_role(Role.ENABLER, locality=LocalityFactory())
    client.force_login(enabler)
    response = client.post(ADD, new_pot(pot_team))
    assert response.status_code == 400
    assert "You would not be able to look after this pot" in errors(response)
    assert not Pot.objects.exists()
    assert client.post(ADD, new_pot(pot_team, enablers=[str(enabler.uuid)])).status_code == 302


def test_a_team_member_cannot_create_a_pot(client, pot_member, pot_team):
    client.force_login(pot_member)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, new_pot(pot_team)).status_code == 403
    assert not Pot.objects.exists()


def test_changing_a_pot_and_a_stale_edit_is_409_keeping_what_was_typed(client, administrator, pot_team):
    pot = PotFactory(team=pot_team, name="Old name")
    client.force_login(administrator)
    url = pot_url(pot, "budgets:pot-change")
    assert 'value="Old name"' in client.get(url).content.decode()
    first = new_pot(pot_team, name="First name", delegated_limit="750.00", version=pot.version)
    assert client.post(url, first).status_code == 302
    pot.refresh_from_db()
    assert (pot.name, pot.delegated_limit, pot.slug) == ("First name", Decimal("750.00"), pot.slug)
    response = client.post(url, {**first, "name": "Second name"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this" in html
    assert 'value="Second name"' in html
    assert f'name="version" value="{pot.version}"' in html
    pot.refresh_from_db()
    assert pot.name == "First name"
    assert AuditEvent.objects.filter(event="budgets.pot_changed").count() == 1


def test_a_pot_closes_only_with_no_money_in_it(client, administrator, pot_team):
    pot = funded_pot(administrator, "100.00", team=pot_team)
    client.force_login(administrator)
    url = pot_url(pot, "budgets:pot-change")
    response = client.post(url, new_pot(pot_team, close="on", version=pot.version))
    assert response.status_code == 400
    assert "has £100.00 available: move it to another pot" in errors(response)
    pot.refresh_from_db()
    assert pot.closed_at is None
    ledger.reverse(acting_user=administrator, movement=Movement.objects.get(pot=pot), reason="Test",
                   on_date=timezone.localdate())
    assert ledger_queries.pot_balance(pot).available == 0
    assert client.post(url, new_pot(pot_team, close="on", version=pot.version)).status_code == 302
    pot.refresh_from_db()
    assert pot.closed_at is not None
    assert "was closed on" in client.get(pot_url(pot)).content.decode()
    assert client.get(url).status_code == 404  # nobody looks after a closed pot


def test_the_pot_page_asks_as_many_queries_for_many_movements_as_for_few(client, administrator,
                                                                          django_assert_max_num_queries):
    pot, other = funded_pot(administrator, "1000.00"), funded_pot(administrator, "1000.00")
    client.force_login(administrator)
    client.get(pot_url(pot))
    with django_assert_max_num_queries(40) as few:
        client.get(pot_url(pot))
    for _ in range(5):
        ledger.transfer(acting_user=administrator, from_pot=other, to_pot=pot, amount=Decimal("10.00"),
                        on_date=timezone.localdate())
        make_award(pot, "10.00", by=administrator)
    ledger.reverse(acting_user=administrator, movement=Movement.objects.filter(pot=pot).first(), reason="Test",
                   on_date=timezone.localdate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(pot_url(pot))
    assert response.content.decode().count(f"from {other.name}") == 5
