"""The teams' scopes (`thriving/teams/policy.py`), through the pages that fetch each model: someone
inside the scope gets the page, someone outside gets 404, as if the record did not exist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import Role
from thriving.teams.models import Huddle, TeamMember
from thriving.teams.queries import asks as asks_queries
from thriving.teams.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AskFactory,
    HuddleFactory,
    HuddleSeriesFactory,
    TeamFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(user_with_role):
    """A team member of no team of these."""
    return user_with_role(Role.TEAM_MEMBER)


@pytest.fixture
def enabler(team, user_with_role):
    """An enabler linked to the team."""
    user = user_with_role(Role.ENABLER)
    TeamMemberFactory(team=team, user=user, kind=TeamMember.Kind.ENABLER)
    return user


def status(client, user, url, method="get", **data):
    client.force_login(user)
    return getattr(client, method)(url, data).status_code


def test_a_team_page_is_its_peoples_and_the_administrators(client, team, member, outsider, administrator):
    url = reverse("teams:team", args=[team.slug])
    assert status(client, member, url) == 200
    assert status(client, administrator, url) == 200
    assert status(client, outsider, url) == 404
    team.archived_at = timezone.now()
    team.save()
    assert status(client, member, url) == 404


def test_working_in_a_team_is_for_its_people_not_for_every_administrator(client, team, member, administrator):
    url = reverse("teams:schedule", args=[team.slug])
    assert status(client, member, url) == 200
    assert status(client, administrator, url) == 404


def test_asking_is_for_members_and_volunteers_not_linked_enablers(client, team, member, enabler):
    url = reverse("teams:ask-new", args=[team.slug])
    assert status(client, member, url) == 200
    assert status(client, enabler, url) == 404


def test_a_teams_asks_are_seen_by_its_people_archived_or_not(client, team, member, outsider, administrator):
    url = reverse("teams:team-asks", args=[team.slug])
    team.archived_at = timezone.now()
    team.save()
    assert status(client, member, url) == 200
    assert status(client, outsider, url) == 404
    assert status(client, administrator, url) == 404


def test_only_a_member_of_the_team_is_removed_through_its_page(client, team, member, colleague):
    elsewhere = TeamMemberFactory(team=TeamFactory(locality=team.locality))
    there = TeamMember.objects.get(team=team, user=colleague)
    assert status(client, member, reverse("teams:member-remove", args=[team.slug, elsewhere.uuid]), "post") == 404
    assert status(client, member, reverse("teams:member-remove", args=[team.slug, there.uuid]), "post") == 302


def test_a_huddle_series_is_changed_by_the_teams_people(client, team, member, outsider):
    series = HuddleSeriesFactory(team=team)
    other = HuddleSeriesFactory(team=TeamFactory(locality=team.locality))
    assert status(client, member, reverse("teams:series-change", args=[team.slug, series.uuid])) == 200
    assert status(client, member, reverse("teams:series-change", args=[team.slug, other.uuid])) == 404
    assert status(client, outsider, reverse("teams:series-change", args=[team.slug, series.uuid])) == 404


def test_a_huddle_is_its_teams_and_no_one_elses(client, team, member, enabler, outsider, administrator):
    huddle = HuddleFactory(team=team)
    url = reverse("teams:huddle", args=[team.slug, huddle.uuid])
    assert status(client, member, url) == 200
    assert status(client, enabler, url) == 200
    assert status(client, outsider, url) == 404
    assert status(client, administrator, url) == 404
    other = HuddleFactory(team=TeamFactory(locality=team.locality))
    assert status(client, member, reverse("teams:huddle", args=[team.slug, other.uuid])) == 404


def test_finished_minutes_are_the_note_takers_until_shared(client, team, member, colleague):
    ended = timezone.now() - datetime.timedelta(hours=1)
    huddle = HuddleFactory(team=team, status=Huddle.Status.FINISHED, note_taker=member, finished_at=ended,
                           starts_at=ended - datetime.timedelta(hours=1), ends_at=ended)
    AgendaItemFactory(huddle=huddle, title="Warm space rota", discussion="Three volunteers")
    url = reverse("teams:huddle", args=[team.slug, huddle.uuid])

    def shown(user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return "Three volunteers" in response.content.decode()

    assert shown(member)
    assert not shown(colleague)
    Huddle.objects.filter(pk=huddle.pk).update(minutes_shared_at=timezone.now())
    assert shown(colleague)


def test_an_agenda_item_is_reached_only_through_its_own_huddle(client, team, member, outsider):
    huddle = HuddleFactory(team=team)
    mine = AgendaItemFactory(huddle=huddle)
    elsewhere = AgendaItemFactory(huddle=HuddleFactory(team=team))
    move = "teams:item-move"
    assert status(client, member, reverse(move, args=[team.slug, huddle.uuid, elsewhere.uuid]), "post") == 404
    assert status(client, outsider, reverse(move, args=[team.slug, huddle.uuid, mine.uuid]), "post") == 404
    assert status(client, member, reverse(move, args=[team.slug, huddle.uuid, mine.uuid]), "post") == 302


def test_an_action_is_closed_by_its_owner_or_its_teams_people(client, team, member, outsider):
    action = ActionFactory(team=team, owner=member)
    url = reverse("teams:action-close", args=[action.uuid])
    form = {f"a{action.uuid.hex}-version": action.version, f"a{action.uuid.hex}-status": "done",
            f"a{action.uuid.hex}-outcome": "Done"}
    assert status(client, outsider, url, "post", **form) == 404
    assert status(client, member, url, "post", **form) == 302


def test_an_ask_is_seen_by_its_team_and_the_enabler_it_was_put_to(client, team, member, enabler, outsider):
    ask = AskFactory(team=team, enabler=enabler)
    url = reverse("teams:ask", args=[ask.uuid])
    assert status(client, member, url) == 200
    assert status(client, enabler, url) == 200
    assert status(client, outsider, url) == 404


def test_the_report_counts_asks_only_for_those_who_may_read_it(team, enabler, member):
    AskFactory(team=team, enabler=enabler)
    today = timezone.localdate()
    filters = asks_queries.ReportFilters(start=today - datetime.timedelta(days=7), end=today)
    assert asks_queries.report(enabler, filters).total == 1
    assert asks_queries.report(member, filters).total == 0
