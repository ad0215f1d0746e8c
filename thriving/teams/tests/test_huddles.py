"""Huddles through their pages: the schedule and its clashes, moving and cancelling, the agenda
built from what needs the team, and members' own items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory, ReferralFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams import hooks
from thriving.teams.models import Action, AgendaItem, Ask, Huddle, HuddleSeries, TeamMember
from thriving.teams.services import agenda, schedule
from thriving.teams.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AskFactory,
    HuddleFactory,
    HuddleSeriesFactory,
    TeamMemberFactory,
)


def at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def series_post(first_on: datetime.date, **extra: object) -> dict:
    return {"series-first_on": first_on.isoformat(), "series-starts_at": "10:00", "series-minutes": "60",
            "series-every": "1", "series-place_text": "Cotmanhay Community Centre", **extra}


def test_a_weekly_series_makes_the_huddles_of_the_next_eight_weeks(client, team, member):
    client.force_login(member)
    first = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("teams:series-new", args=[team.slug]), series_post(first))
    assert response.status_code == 302
    huddles = list(team.huddles.order_by("starts_at"))
    assert len(huddles) == 8
    assert timezone.localtime(huddles[0].starts_at).date() == first
    assert all((b.starts_at - a.starts_at).days == 7 for a, b in zip(huddles, huddles[1:], strict=False))
    assert AuditEvent.objects.filter(event="huddle_series.created").exists()
    assert schedule.top_up(team) == 0  # nothing made twice


def test_a_fortnightly_series_with_an_end_date_stops_there(client, team, member):
    client.force_login(member)
    first = timezone.localdate() + datetime.timedelta(days=1)
    until = (first + datetime.timedelta(days=30)).isoformat()
    client.post(reverse("teams:series-new", args=[team.slug]),
                series_post(first, **{"series-every": "2", "series-until": until}))
    assert team.huddles.count() == 3


def test_a_series_that_clashes_with_another_huddle_is_refused_naming_the_clash(client, team, member):
    first = timezone.localdate() + datetime.timedelta(days=1)
    clash = HuddleFactory(team=team, starts_at=at(15, 10) + datetime.timedelta(minutes=30))
    client.force_login(member)
    response = client.post(reverse("teams:series-new", args=[team.slug]), series_post(first))
    body = response.content.decode()
    assert response.status_code == 400
    assert "This clashes with the team&#x27;s huddle on" in body
    assert f"{timezone.localtime(clash.starts_at):%A %-d %B %Y at %H:%M}" in body
    assert 'value="Cotmanhay Community Centre"' in body  # what was typed is kept
    assert not HuddleSeries.objects.exists()
    assert team.huddles.count() == 1


def test_another_team_huddle_at_the_same_time_is_no_clash(client, team, member):
    HuddleFactory(starts_at=at(1))  # another team's
    client.force_login(member)
    response = client.post(reverse("teams:series-new", args=[team.slug]),
                           series_post(timezone.localdate() + datetime.timedelta(days=1)))
    assert response.status_code == 302


def test_a_series_with_bad_dates_reports_every_mistake(client, team, member):
    client.force_login(member)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(reverse("teams:series-new", args=[team.slug]), series_post(
        yesterday, **{"series-until": (yesterday - datetime.timedelta(days=3)).isoformat(), "series-starts_at": ""}))
    body = response.content.decode()
    assert response.status_code == 400
    assert "The first huddle must be today or later." in body
    assert "The last date must be on or after the first huddle." in body
    assert "Enter the start time." in body
    assert not team.huddles.exists()


def test_a_one_off_huddle_that_overlaps_is_refused_and_one_that_does_not_is_made(client, team, member):
    HuddleFactory(team=team, starts_at=at(3))
    client.force_login(member)
    url = reverse("teams:huddle-new", args=[team.slug])
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"once-on": day, "once-starts_at": "10:30", "once-minutes": "30"})
    assert response.status_code == 400
    assert "This clashes with" in response.content.decode()
    response = client.post(url, {"once-on": day, "once-starts_at": "11:00", "once-minutes": "30"})
    assert response.status_code == 302
    assert team.huddles.count() == 2


def test_a_huddle_is_moved_unless_that_clashes_and_can_be_cancelled(client, team, member):
    huddle = HuddleFactory(team=team, starts_at=at(2))
    HuddleFactory(team=team, starts_at=at(4))
    client.force_login(member)
    url = reverse("teams:huddle-change", args=[team.slug, huddle.uuid])
    assert client.get(url).status_code == 200
    day4 = (timezone.localdate() + datetime.timedelta(days=4)).isoformat()
    response = client.post(url, {"version": huddle.version, "on": day4, "starts_at": "10:15", "minutes": "60"})
    assert response.status_code == 400
    assert "This clashes with" in response.content.decode()
    response = client.post(url, {"version": huddle.version, "on": day4, "starts_at": "14:00", "minutes": "60",
                                 "place_text": "Online"})
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert timezone.localtime(huddle.starts_at).hour == 14
    assert huddle.place_text == "Online"
    stale = client.post(url, {"version": 1, "on": day4, "starts_at": "15:00", "minutes": "60"})
    assert stale.status_code == 409
    response = client.post(reverse("teams:huddle-cancel", args=[team.slug, huddle.uuid]), {"version": huddle.version})
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.CANCELLED
    assert AuditEvent.objects.filter(event="huddle.cancelled").exists()


def test_top_up_keeps_a_moved_or_cancelled_huddle_as_it_was_left(team, member):
    series = schedule.save_series(acting_user=member, team=team, first_on=timezone.localdate() + datetime.timedelta(
        days=1), starts_at=datetime.time(9, 0), minutes=60, every=1, place_text="Hall")
    first = series.huddles.order_by("starts_at").first()
    schedule.cancel_huddle(acting_user=member, huddle=first, version=first.version)
    assert schedule.top_up(team) == 0
    assert series.huddles.count() == 8
    later = schedule.top_up(team, now=timezone.now() + datetime.timedelta(weeks=1))
    assert later == 1


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER, Role.HUB_WORKER, Role.ADMINISTRATOR],
                         ids=["team_member", "hub_worker", "administrator"])
def test_only_members_of_the_team_open_its_huddles(client, team, user_with_role, role):
    huddle = HuddleFactory(team=team)
    client.force_login(user_with_role(role))
    assert client.get(reverse("teams:huddle", args=[team.slug, huddle.uuid])).status_code == 404
    assert client.get(reverse("teams:schedule", args=[team.slug])).status_code == 404


@pytest.fixture
def needs_the_team(team, member):
    """One of each thing the agenda is built from, and the same kinds elsewhere that must not show."""
    now = timezone.now()
    person = PersonFactory(given_name="Philippa", family_name="Quarrendon")
    flagged = HelpRequestFactory(locality=team.locality, person=person, bring_to_huddle=True,
                                 status=HelpRequest.Status.TRIAGED)
    HelpRequestFactory(locality=LocalityFactory(), bring_to_huddle=True)
    HelpRequestFactory(locality=team.locality, bring_to_huddle=True, status=HelpRequest.Status.CLOSED,
                       closed_at=now, outcome=HelpRequest.Outcome.MET)
    stuck = ReferralFactory(request__locality=team.locality, request__person=person,
                            due_by=now - datetime.timedelta(days=1))
    ReferralFactory(request__locality=team.locality, due_by=now + datetime.timedelta(days=1))
    ReferralFactory(request__locality=team.locality, due_by=now - datetime.timedelta(days=1),
                    status=Referral.Status.ACCEPTED)
    ask = AskFactory(team=team, title="Use the school hall")
    AskFactory(team=team, title="Granted already", status=Ask.Status.GRANTED)
    due = ActionFactory(team=team, owner=member, title="Ring the larder", due_on=timezone.localdate())
    ActionFactory(team=team, owner=member, title="Far off", due_on=timezone.localdate() + datetime.timedelta(days=30))
    return {"flagged": flagged, "stuck": stuck, "ask": ask, "due": due}


def test_the_agenda_is_built_from_what_needs_the_team_once_each(team, needs_the_team, monkeypatch):
    huddle = HuddleFactory(team=team)
    idea = AgendaItemFactory()  # any model instance stands for a community idea here

    def ideas(team, now):  # noqa: ANN001, ANN202
        return [hooks.AgendaCandidate(kind="idea", title="New idea: a community fridge", subject=idea, key="i1")]

    monkeypatch.setattr(hooks, "_agenda_sources", [ideas])
    added = agenda.build_agenda(huddle)
    assert sorted(i.kind for i in added) == ["action", "ask", "idea", "referral", "request"]
    titles = " ".join(i.title for i in added)
    assert needs_the_team["flagged"].reference not in titles  # titles never carry a reference:
    assert needs_the_team["stuck"].request.reference not in titles  # the items link to the requests
    assert {i.request for i in added if i.request_id} == {needs_the_team["flagged"], needs_the_team["stuck"].request}
    assert "Use the school hall" in titles
    assert "Ring the larder" in titles
    assert "Far off" not in titles
    assert "Granted already" not in titles
    assert "Quarrendon" not in titles
    assert "Philippa" not in titles
    assert agenda.build_agenda(huddle) == []
    assert huddle.items.count() == 5


def test_opening_the_agenda_before_the_huddle_builds_it_and_hides_references_from_those_who_may_not_see_them(
        client, team, member, needs_the_team, user_with_role):
    huddle = HuddleFactory(team=team)
    client.force_login(member)
    body = client.get(reverse("teams:huddle", args=[team.slug, huddle.uuid])).content.decode()
    assert huddle.items.count() == 4
    assert "Use the school hall" in body
    assert needs_the_team["flagged"].reference not in body  # a team member cannot see requests
    assert "A request flagged for the huddle" in body
    assert not AuditEvent.objects.filter(event="huddle.agenda_viewed").exists()
    hub = user_with_role(Role.HUB_WORKER)
    TeamMemberFactory(team=team, user=hub)
    client.force_login(hub)
    body = client.get(reverse("teams:huddle", args=[team.slug, huddle.uuid])).content.decode()
    reference = needs_the_team["flagged"].reference
    assert f'href="/requests/{reference}/"' in body
    assert "Quarrendon" not in body
    event = AuditEvent.objects.get(event="huddle.agenda_viewed", actor=hub)
    assert reference in event.changes["references"]


def test_members_add_reorder_and_remove_their_own_items(client, team, member):
    huddle = HuddleFactory(team=team)
    built = AgendaItemFactory(huddle=huddle, kind=AgendaItem.Kind.ASK, title="An ask", position=1)
    client.force_login(member)
    url = reverse("teams:item-add", args=[team.slug, huddle.uuid])
    assert client.post(url, {"title": "Summer fun day"}).status_code == 302
    item = huddle.items.get(title="Summer fun day")
    assert item.kind == AgendaItem.Kind.MEMBER
    assert item.added_by == member
    response = client.post(url, {"title": ""})
    assert response.status_code == 400
    assert "Say what the item is." in response.content.decode()
    client.post(reverse("teams:item-move", args=[team.slug, huddle.uuid, item.uuid]), {"direction": "up"})
    assert list(huddle.items.values_list("title", flat=True)) == ["Summer fun day", "An ask"]
    response = client.post(reverse("teams:item-remove", args=[team.slug, huddle.uuid, built.uuid]))
    assert response.status_code == 400
    assert client.post(reverse("teams:item-remove", args=[team.slug, huddle.uuid, item.uuid])).status_code == 302
    assert list(huddle.items.values_list("title", flat=True)) == ["An ask"]
    assert AuditEvent.objects.filter(event="agenda_item.removed").exists()


def test_an_enabler_linked_to_the_team_takes_part_in_its_huddles(client, team, user_with_role):
    enabler = user_with_role(Role.ENABLER)
    TeamMemberFactory(team=team, user=enabler, kind=TeamMember.Kind.ENABLER)
    huddle = HuddleFactory(team=team)
    client.force_login(enabler)
    assert client.get(reverse("teams:huddle", args=[team.slug, huddle.uuid])).status_code == 200


def test_the_schedule_page_lists_what_is_coming(client, team, member):
    HuddleSeriesFactory(team=team)
    HuddleFactory(team=team, starts_at=at(2, 15), place_text="Library")
    client.force_login(member)
    body = client.get(reverse("teams:schedule", args=[team.slug])).content.decode()
    assert "Library" in body
    assert "Every week" in body
    assert Action.objects.count() == 0
