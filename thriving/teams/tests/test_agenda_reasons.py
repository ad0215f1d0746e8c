"""The huddle agenda says why each item is there, shows each member only what they may see of it
(the same rule on the agenda, the team's actions and the minutes), merges what is the same thing,
and keeps what the team covered off the next agenda unless someone brings it back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import Role
from thriving.directory.tests.factories import TaxonomyTermFactory
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.tests.factories import HelpRequestFactory, ReferralFactory, RequestEventFactory
from thriving.teams.models import Action, AgendaItem, Huddle
from thriving.teams.services import agenda
from thriving.teams.tests.factories import AgendaItemFactory, HuddleFactory, TeamMemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def huddle_url(name: str, huddle: Huddle, *args: object) -> str:
    return reverse(f"teams:{name}", args=[huddle.team.slug, huddle.uuid, *args])


@pytest.fixture
def hub(team, user_with_role):
    """A hub worker in the team: the front door lets them see the locality's requests."""
    user = user_with_role(Role.HUB_WORKER)
    TeamMemberFactory(team=team, user=user)
    return user


@pytest.fixture
def flagged(team, hub):
    """A request at level 3 with two needs, flagged for the huddle three days ago with a reason."""
    request = HelpRequestFactory(locality=team.locality, bring_to_huddle=True, level=3,
                                 status=HelpRequest.Status.TRIAGED)
    request.needs.set([TaxonomyTermFactory(name="Food parcels"), TaxonomyTermFactory(name="School uniform")])
    RequestEventFactory(request=request, kind=RequestEvent.Kind.HUDDLE, actor=hub,
                        text="Bring to the huddle: the school and the food bank both know the family",
                        at=timezone.now() - datetime.timedelta(days=3))
    return request


def test_the_agenda_says_why_each_item_is_there_and_what_the_team_is_asked(client, team, hub, flagged):
    huddle = HuddleFactory(team=team)
    client.force_login(hub)
    body = client.get(huddle_url("huddle", huddle)).content.decode()
    assert "the school and the food bank both know the family" in body  # the hub worker's reason
    assert f"{hub.full_name}, flagged 3 days ago" in body
    assert "3. Early help from local services" in body  # its level of help
    assert "Food parcels, School uniform" in body  # its needs
    assert "Who in the team can help, and what happens next?" in body  # what the team is asked
    assert f"Open request {flagged.reference}" in body


def test_a_member_who_may_not_see_the_request_sees_its_level_and_age_but_not_its_reason_or_needs(
        client, team, member, flagged):
    huddle = HuddleFactory(team=team)
    client.force_login(member)  # a team member: the front door shows them no requests
    body = client.get(huddle_url("huddle", huddle)).content.decode()
    assert flagged.reference not in body
    assert "both know the family" not in body
    assert "Food parcels" not in body
    assert "A reason for those who work on the request." in body
    assert "flagged 3 days ago" in body
    assert "3. Early help from local services" in body
    assert "Who in the team can help, and what happens next?" in body


def test_chipping_in_never_writes_into_the_teams_actions_what_the_agenda_withheld(
        client, team, member, hub, flagged):
    """The one rule of what a member may see of an item holds for the actions made from it: before,
    "chip in" titled the action with the item's title, reference and all."""
    huddle = HuddleFactory(team=team, status=Huddle.Status.RUNNING, note_taker=hub,
                           starts_at=timezone.now() - datetime.timedelta(minutes=5))
    agenda.build_agenda(huddle)
    legacy = AgendaItemFactory(huddle=huddle, kind=AgendaItem.Kind.REQUEST, request=flagged,
                               title=f"Request {flagged.reference}: brought to the huddle")  # an item of before
    item = huddle.items.get(kind=AgendaItem.Kind.REQUEST, request=flagged, position=1)
    client.force_login(hub)
    for each in (item, legacy):
        assert client.post(huddle_url("item-chip-in", huddle, each.uuid), **HTMX).status_code == 200
    titles = list(Action.objects.values_list("title", flat=True))
    assert len(titles) == 2
    assert all(flagged.reference not in title for title in titles)
    client.force_login(member)
    assert flagged.reference not in client.get(reverse("teams:team", args=[team.slug])).content.decode()
    client.force_login(hub)
    assert flagged.reference not in client.get(reverse("teams:my-actions")).content.decode()


def test_the_minutes_hide_what_the_agenda_hides(client, team, member, hub, flagged):
    huddle = HuddleFactory(team=team, status=Huddle.Status.FINISHED, note_taker=hub,
                           starts_at=timezone.now() - datetime.timedelta(days=1),
                           finished_at=timezone.now(), minutes_shared_at=timezone.now())
    AgendaItemFactory(huddle=huddle, kind=AgendaItem.Kind.REQUEST, request=flagged, covered=True,
                      title=f"Request {flagged.reference}", decision="The school will call the family.",
                      reasons=[agenda.reason("flag", "Mum has asked for help twice", timezone.now(), "Hub",
                                             private=True)])
    client.force_login(member)
    body = client.get(huddle_url("huddle", huddle)).content.decode()
    assert "The school will call the family." in body
    assert flagged.reference not in body
    assert "Mum has asked for help twice" not in body
    client.force_login(hub)
    body = client.get(huddle_url("huddle", huddle)).content.decode()
    assert flagged.reference in body
    assert "Mum has asked for help twice" in body
    body = client.get(huddle_url("minutes-correct", huddle)).content.decode()
    assert "Mum has asked for help twice" not in body  # correcting shows the notes, not the reasons
    assert flagged.reference in body  # the note-taker here may see the request


def test_the_same_request_flagged_and_stuck_at_a_referral_is_one_item_with_both_reasons(team, flagged):
    RequestEventFactory(request=flagged, kind=RequestEvent.Kind.HUDDLE,
                        text="Bring to the huddle: the landlord has been in touch too")
    ReferralFactory(request=flagged, due_by=timezone.now() - datetime.timedelta(days=2))
    huddle = HuddleFactory(team=team)
    agenda.build_agenda(huddle)
    item = huddle.items.get()
    assert item.referral is not None
    assert [r["kind"] for r in item.reasons] == ["flag", "flag", "referral"]
    assert "landlord" in item.reasons[1]["why"]
    agenda.build_agenda(huddle)  # building again adds nothing twice
    assert len(huddle.items.get().reasons) == 3


def test_the_same_topic_added_twice_is_one_item_with_both_reasons(client, team, member, hub):
    huddle = HuddleFactory(team=team)
    client.force_login(member)
    client.post(huddle_url("item-add", huddle), {"title": "Summer fun day", "why": "The school can host it"})
    client.force_login(hub)
    client.post(huddle_url("item-add", huddle), {"title": "summer fun day.", "why": "We need volunteers",
                                                 "decide": "Who runs the stalls?"})
    item = huddle.items.get()
    assert [r["why"] for r in item.reasons] == ["The school can host it", "We need volunteers"]
    body = client.get(huddle_url("huddle", huddle)).content.decode()
    assert "The school can host it" in body
    assert "We need volunteers" in body
    assert "Who runs the stalls?" in body


def test_a_covered_item_does_not_return_unless_someone_brings_it_back(client, team, member, hub, flagged):
    first = HuddleFactory(team=team, starts_at=timezone.now() - datetime.timedelta(days=7))
    agenda.build_agenda(first)
    topic = AgendaItemFactory(huddle=first, title="Summer fun day", position=5)
    first.items.filter(request=flagged).update(covered=True)
    Huddle.objects.filter(pk=first.pk).update(status=Huddle.Status.FINISHED, finished_at=timezone.now(),
                                              minutes_shared_at=timezone.now())
    following = HuddleFactory(team=team)
    client.force_login(member)
    client.get(huddle_url("huddle", following))
    assert not following.items.filter(request=flagged).exists()  # covered: it stays off
    carried = following.items.get(title="Summer fun day")  # not covered: it comes back by itself
    assert carried.reasons[-1]["kind"] == "carried"

    covered = first.items.get(request=flagged)
    response = client.post(huddle_url("item-bring-back", first, covered.uuid))
    assert response.status_code == 302
    back = following.items.get(request=flagged)
    assert back.reasons[-1]["kind"] == "back"
    assert back.reasons[-1]["by"] == member.full_name
    body = client.get(huddle_url("huddle", first)).content.decode()
    assert "Brought back to the huddle of" in body
    again = client.post(huddle_url("item-bring-back", first, covered.uuid))
    assert again.status_code == 400
    assert "already been brought back" in again.content.decode()
    uncovered = client.post(huddle_url("item-bring-back", first, topic.uuid))
    assert uncovered.status_code == 400


def test_a_request_flagged_again_after_the_team_covered_it_returns(team, hub, flagged):
    first = HuddleFactory(team=team, starts_at=timezone.now() - datetime.timedelta(days=2))
    agenda.build_agenda(first)
    first.items.update(covered=True)
    Huddle.objects.filter(pk=first.pk).update(status=Huddle.Status.FINISHED, finished_at=timezone.now())
    following = HuddleFactory(team=team)
    assert agenda.build_agenda(following) == []
    RequestEventFactory(request=flagged, kind=RequestEvent.Kind.HUDDLE, text="No longer for the huddle")
    RequestEventFactory(request=flagged, kind=RequestEvent.Kind.HUDDLE, text="Bring to the huddle: new worries")
    added = agenda.build_agenda(following)
    assert [r["why"] for r in added[0].reasons] == ["new worries"]


def test_bringing_back_needs_a_planned_huddle(client, team, member):
    past = HuddleFactory(team=team, status=Huddle.Status.FINISHED, finished_at=timezone.now(),
                         starts_at=timezone.now() - datetime.timedelta(days=1), minutes_shared_at=timezone.now())
    item = AgendaItemFactory(huddle=past, covered=True)
    client.force_login(member)
    response = client.post(huddle_url("item-bring-back", past, item.uuid))
    assert response.status_code == 400
    assert "no huddle planned" in response.content.decode()
