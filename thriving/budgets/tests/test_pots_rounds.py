"""Rounds through their pages: opening one (its dates, guidelines, the most per application, how
it decides), its page with its trial balance (zero), changing it (a stale edit is 409). Refused
with nothing written: closing before it opens, a public vote without its voting dates or with
voting closing before it opens, a sub-penny or negative maximum; a team member cannot open one."""

import datetime

import pytest
from django.urls import reverse

from thriving.budgets.models import Round
from thriving.budgets.tests.factories import PotFactory, RoundFactory, funded_pot, make_award
from thriving.core.models import AuditEvent

pytestmark = pytest.mark.django_db
OPENS = datetime.date(2027, 3, 1)


def errors(response) -> str:
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


def date(prefix: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def a_round(opens=OPENS, closes=OPENS + datetime.timedelta(days=30), voting_opens=None, voting_closes=None,
            **values):
    return {"title": "Spring 2027 small grants", "guidelines": "Things that bring neighbours together.",
            "maximum_per_application": "500", "method": "consent", "dots_per_member": "3",
            **date("opens_on", opens), **date("closes_on", closes), **date("voting_opens_on", voting_opens),
            **date("voting_closes_on", voting_closes), **values}


def test_an_enabler_opens_a_round_and_its_page_shows_it(client, locality_enabler, pot_team):
    pot = PotFactory(team=pot_team)
    client.force_login(locality_enabler)
    add = reverse("budgets:round-add", kwargs={"slug": pot.slug})
    assert client.get(add).status_code == 200
    response = client.post(add, a_round())
    assert response.status_code == 302
    found = Round.objects.get()
    assert (found.slug, found.opens_on, found.maximum_per_application, found.method) == (
        "spring-2027-small-grants", OPENS, 500, "consent")
    assert AuditEvent.objects.filter(event="budgets.round_added", object_id=str(found.uuid)).exists()
    html = client.get(response.url).content.decode()
    assert "1 March 2027 to 31 March 2027" in html
    assert "£500.00" in html
    assert "add up to <strong>£0.00</strong>: its books balance" in html


def test_a_rounds_trial_balance_is_zero_with_awards_in_it(client, administrator):
    pot = funded_pot(administrator, "1000.00")
    found = RoundFactory(pot=pot)
    make_award(pot, "300.00", by=administrator, round=found)
    client.force_login(administrator)
    html = client.get(reverse("budgets:round", kwargs={"slug": pot.slug, "round_slug": found.slug})).content.decode()
    assert "add up to <strong>£0.00</strong>" in html


@pytest.mark.parametrize(("values", "field_error"), [
    ({"closes": OPENS - datetime.timedelta(days=1)}, "The round must close on or after the day it opens"),
    ({"method": "public_vote"}, "Enter the date voting opens, for a public vote"),
    ({"method": "public_vote", "voting_opens": OPENS + datetime.timedelta(days=40),
      "voting_closes": OPENS + datetime.timedelta(days=35)}, "Voting must close on or after the day it opens"),
    ({"method": "public_vote", "voting_opens": OPENS - datetime.timedelta(days=1),
      "voting_closes": OPENS + datetime.timedelta(days=35)}, "Voting must open on or after the day the round opens"),
    ({"maximum_per_application": "12.345"}, "The most one application may ask for must be in whole pence"),
    ({"maximum_per_application": "-1"}, "The most one application may ask for must be more than £0"),
    ({"guidelines": ""}, "Enter the round&#x27;s guidelines"),
])
def test_a_bad_round_is_refused_and_nothing_written(client, administrator, values, field_error):
    pot = PotFactory()
    client.force_login(administrator)
    response = client.post(reverse("budgets:round-add", kwargs={"slug": pot.slug}), a_round(**values))
    assert response.status_code == 400
    assert field_error in errors(response)
    assert not Round.objects.exists()


def test_a_public_vote_keeps_its_voting_dates(client, administrator):
    pot = PotFactory()
    client.force_login(administrator)
    response = client.post(reverse("budgets:round-add", kwargs={"slug": pot.slug}), a_round(
        method="public_vote", voting_opens=OPENS + datetime.timedelta(days=31),
        voting_closes=OPENS + datetime.timedelta(days=45)))
    assert response.status_code == 302
    assert Round.objects.get().voting_closes_on == OPENS + datetime.timedelta(days=45)
    assert "Voting" in client.get(response.url).content.decode()


def test_changing_a_round_and_a_stale_edit_is_409(client, administrator):
    found = RoundFactory(opens_on=OPENS, closes_on=OPENS + datetime.timedelta(days=10))
    client.force_login(administrator)
    url = reverse("budgets:round-change", kwargs={"slug": found.pot.slug, "round_slug": found.slug})
    assert client.get(url).status_code == 200
    first = a_round(title="Renamed round", version=found.version)
    assert client.post(url, first).status_code == 302
    found.refresh_from_db()
    assert found.title == "Renamed round"
    assert found.slug != "renamed-round"
    response = client.post(url, {**first, "title": "Second try"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    assert "Second try" in response.content.decode()
    found.refresh_from_db()
    assert found.title == "Renamed round"


def test_a_team_member_sees_a_round_but_cannot_open_or_change_one(client, pot_member, pot_team):
    found = RoundFactory(pot=PotFactory(team=pot_team))
    client.force_login(pot_member)
    kwargs = {"slug": found.pot.slug, "round_slug": found.slug}
    assert client.get(reverse("budgets:round", kwargs=kwargs)).status_code == 200
    assert client.post(reverse("budgets:round-add", kwargs={"slug": found.pot.slug}), a_round()).status_code == 404
    assert client.get(reverse("budgets:round-change", kwargs=kwargs)).status_code == 404
    assert Round.objects.count() == 1
