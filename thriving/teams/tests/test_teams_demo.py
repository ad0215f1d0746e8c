"""The connected teams' demo data: a team for each demo locality, made once."""

from io import StringIO

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.demo import teams as demo
from thriving.teams.models import Action, Huddle, Team, TeamMember


@pytest.fixture
def demo_people(user_with_role):
    cotmanhay = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    shirebrook = LocalityFactory(name="Shirebrook", slug="shirebrook")
    return {
        "team": user_with_role(Role.TEAM_MEMBER, locality=cotmanhay),
        "coach": user_with_role(Role.COACH, locality=shirebrook),
        "hub": user_with_role(Role.HUB_WORKER),
        "enabler": user_with_role(Role.ENABLER),
    }


def test_the_demo_makes_a_team_for_each_locality_once(client, demo_people):
    out = StringIO()
    demo.load(out, 1)
    assert "Cotmanhay Connected Team" in out.getvalue()
    teams = {team.locality.slug: team for team in Team.objects.all()}
    assert set(teams) == {"cotmanhay", "shirebrook"}
    cotmanhay = teams["cotmanhay"]
    kinds = dict(cotmanhay.members.values_list("user_id", "kind"))
    assert kinds[demo_people["team"].pk] == TeamMember.Kind.MEMBER
    assert kinds[demo_people["enabler"].pk] == TeamMember.Kind.ENABLER
    assert demo_people["coach"].pk not in kinds  # the coach works in Shirebrook
    assert teams["shirebrook"].members.filter(user=demo_people["coach"]).exists()
    past = cotmanhay.huddles.get(status=Huddle.Status.FINISHED)
    assert past.minutes_shared_at is not None
    assert past.items.filter(covered=True).count() >= 2
    assert Action.objects.filter(huddle=past).count() == 3
    assert not Action.objects.filter(huddle=past, agenda_item__isnull=True).exists()  # each under its item
    assert past.series_slot == past.starts_at  # so top-up never makes that date again
    assert cotmanhay.huddles.filter(status=Huddle.Status.PLANNED).count() >= 7
    counts = (Team.objects.count(), Huddle.objects.count(), Action.objects.count())
    again = StringIO()
    demo.load(again, 1)
    assert (Team.objects.count(), Huddle.objects.count(), Action.objects.count()) == counts
    assert again.getvalue() == ""
    client.force_login(demo_people["team"])
    assert client.get(reverse("teams:team", args=[cotmanhay.slug])).status_code == 200
    assert client.get(reverse("teams:huddle", args=[cotmanhay.slug, past.uuid])).status_code == 200
    assert client.get(reverse("teams:my-actions")).status_code == 200


def test_the_demo_makes_nothing_without_the_demo_localities(user_with_role):
    LocalityFactory(name="Ilkeston", slug="ilkeston")
    user_with_role(Role.TEAM_MEMBER)
    demo.load(StringIO(), 1)
    assert not Team.objects.exists()
