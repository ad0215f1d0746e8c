"""Finishing huddles: actions shown under the item they were agreed on (page, htmx fragment and
minutes), changing the note-taker while the huddle runs, the note-taker correcting the minutes
after it, no row ids in any address or form, and htmx's settings on every page."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import UserFactory
from thriving.teams.models import Action, Huddle
from thriving.teams.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    HuddleFactory,
    HuddleSeriesFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def outsider(user_with_role):
    return user_with_role(Role.TEAM_MEMBER)


@pytest.fixture
def finished(team, member):
    huddle = HuddleFactory(team=team, status=Huddle.Status.FINISHED, note_taker=member, summary="A short one",
                           starts_at=timezone.now() - datetime.timedelta(hours=2),
                           ends_at=timezone.now() - datetime.timedelta(hours=1))
    item = AgendaItemFactory(huddle=huddle, title="Summer fun day", discussion="Stalls", decision="Hold it",
                             covered=True)
    return huddle, item


def url(name: str, huddle: Huddle, *args: object) -> str:
    return reverse(f"teams:{name}", args=[huddle.team.slug, huddle.uuid, *args])


def note_post(version: int, user) -> dict:  # noqa: ANN001
    return {"note-version": version, "note-note_taker": user.uuid}


def section(body: str, item) -> str:  # noqa: ANN001
    """The part of the page that is this item (up to the next item or the end of the agenda)."""
    start = body.index(f'id="item-{item.uuid}"')
    end = body.find("thriving-agenda-item", start)
    return body[start:end if end != -1 else len(body)]


# --- actions under their item ---


def test_an_action_added_on_an_item_is_shown_under_that_item_only(client, running, member, colleague):
    huddle, first, second = running
    client.force_login(member)
    due = timezone.localdate() + datetime.timedelta(days=3)
    fragment = client.post(url("item-action", huddle, first.uuid), {
        f"action{first.uuid.hex}-title": "Book the bouncy castle", f"action{first.uuid.hex}-owner": colleague.uuid,
        f"action{first.uuid.hex}-due_on": due.isoformat()}, **HTMX).content.decode()
    assert "Book the bouncy castle" in fragment
    assert 'data-testid="item-actions"' in fragment
    action = Action.objects.get()
    assert action.agenda_item == first
    assert action.huddle == huddle
    page = client.get(url("huddle", huddle)).content.decode()
    assert "Book the bouncy castle" in section(page, first)
    assert "Book the bouncy castle" not in section(page, second)


def test_chipping_in_links_the_action_to_the_item(client, running, colleague):
    huddle, first, second = running
    client.force_login(colleague)
    fragment = client.post(url("item-chip-in", huddle, second.uuid), **HTMX).content.decode()
    assert "Follow up: Food bank opening hours" in fragment
    assert Action.objects.get().agenda_item == second


def test_the_minutes_show_each_items_actions_under_it(client, finished, member, colleague):
    huddle, item = finished
    other = AgendaItemFactory(huddle=huddle, title="Nothing agreed here", position=5)
    ActionFactory(team=huddle.team, huddle=huddle, agenda_item=item, owner=colleague, title="Ring the school")
    ActionFactory(team=huddle.team, huddle=huddle, owner=colleague, title="Something said in passing")
    client.force_login(member)
    page = client.get(url("huddle", huddle)).content.decode()
    assert "Ring the school" in section(page, item)
    assert "Ring the school" not in section(page, other)
    assert 'data-testid="other-actions"' in page
    assert "Something said in passing" in page


# --- the note-taker ---


@pytest.mark.parametrize("who", ["the note-taker", "another member"])
def test_any_member_changes_the_note_taker_while_the_huddle_runs(client, running, member, colleague, who):
    huddle, _, _ = running
    client.force_login(member if who == "the note-taker" else colleague)
    response = client.post(url("huddle-note-taker", huddle), note_post(huddle.version, colleague))
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert huddle.note_taker == colleague
    event = AuditEvent.objects.get(event="huddle.note_taker_changed")
    assert event.changes["note_taker"] == [member.full_name, colleague.full_name]
    assert f"Notes taken by {colleague.full_name}" in client.get(url("huddle", huddle)).content.decode()


def test_someone_outside_the_team_cannot_change_the_note_taker(client, running, outsider, colleague):
    huddle, _, _ = running
    client.force_login(outsider)
    response = client.post(url("huddle-note-taker", huddle), note_post(huddle.version, colleague))
    assert response.status_code == 404
    huddle.refresh_from_db()
    assert huddle.note_taker != colleague


def test_the_new_note_taker_must_be_a_member_and_the_huddle_running(client, running, finished, member):
    huddle, _, _ = running
    client.force_login(member)
    response = client.post(url("huddle-note-taker", huddle), note_post(huddle.version, UserFactory()))
    assert response.status_code == 400
    over, _ = finished
    response = client.post(url("huddle-note-taker", over), note_post(over.version, member))
    assert response.status_code == 400
    assert "only while the huddle is running" in response.content.decode()
    assert not AuditEvent.objects.filter(event="huddle.note_taker_changed").exists()


def test_a_stale_note_taker_change_is_refused_with_409(client, running, member, colleague):
    huddle, _, _ = running
    client.force_login(member)
    stale = huddle.version
    client.post(url("huddle-note-taker", huddle), note_post(stale, colleague))
    response = client.post(url("huddle-note-taker", huddle), note_post(stale, member))
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    huddle.refresh_from_db()
    assert huddle.note_taker == colleague


# --- correcting the minutes ---


def minutes_post(huddle: Huddle, item, summary: str, discussion: str, decision: str) -> dict:  # noqa: ANN001
    return {"minutes-version": huddle.version, "minutes-summary": summary,
            f"item{item.uuid.hex}-version": item.version, f"item{item.uuid.hex}-discussion": discussion,
            f"item{item.uuid.hex}-decision": decision}


def test_the_note_taker_corrects_minutes_not_yet_shared(client, finished, member):
    huddle, item = finished
    client.force_login(member)
    page = client.get(url("minutes-correct", huddle))
    assert page.status_code == 200
    assert "Stalls" in page.content.decode()
    response = client.post(url("minutes-correct", huddle),
                           minutes_post(huddle, item, "A short one, well run", "Stalls and games", "Hold it"))
    assert response.status_code == 302
    huddle.refresh_from_db()
    item.refresh_from_db()
    assert (huddle.summary, item.discussion, item.decision) == ("A short one, well run", "Stalls and games", "Hold it")
    assert 'data-testid="corrected"' not in client.get(url("huddle", huddle)).content.decode()


def test_correcting_shared_minutes_is_audited_shown_and_emails_no_one(
        client, finished, member, colleague, django_capture_on_commit_callbacks):
    huddle, item = finished
    Huddle.objects.filter(pk=huddle.pk).update(minutes_shared_at=timezone.now() - datetime.timedelta(minutes=30))
    huddle.refresh_from_db()
    client.force_login(member)
    assert 'data-testid="already-shared"' in client.get(url("minutes-correct", huddle)).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("minutes-correct", huddle),
                               minutes_post(huddle, item, "A short one", "Stalls", "Hold it in June"))
    assert response.status_code == 302
    assert callbacks == []
    assert mail.outbox == []
    event = AuditEvent.objects.get(event="huddle.minutes_corrected")
    assert event.changes["shared"] is True
    assert event.changes["corrected"][str(item.uuid)] == {"decision": ["Hold it", "Hold it in June"]}
    client.force_login(colleague)
    body = client.get(url("huddle", huddle)).content.decode()
    assert "Hold it in June" in body
    corrected = timezone.localtime(event.at)
    assert f"Last corrected on {corrected:%-d %B %Y} at {corrected:%H:%M}" in body


@pytest.mark.parametrize("who", ["another member", "someone outside the team"])
def test_only_the_note_taker_corrects_the_minutes(client, finished, colleague, outsider, who):
    huddle, item = finished
    client.force_login(colleague if who == "another member" else outsider)
    expected = 403 if who == "another member" else 404
    assert client.get(url("minutes-correct", huddle)).status_code == expected
    response = client.post(url("minutes-correct", huddle), minutes_post(huddle, item, "Changed", "Changed", "Changed"))
    assert response.status_code == expected
    item.refresh_from_db()
    assert item.discussion == "Stalls"
    assert 'Correct the minutes' not in client.get(url("huddle", huddle)).content.decode()


def test_a_stale_correction_saves_nothing_and_keeps_what_was_typed(client, finished, member):
    huddle, item = finished
    client.force_login(member)
    stale = minutes_post(huddle, item, "Mine", "My discussion", "My decision")
    client.post(url("minutes-correct", huddle), minutes_post(huddle, item, "Theirs", "Stalls", "Hold it"))
    response = client.post(url("minutes-correct", huddle), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this" in body
    assert "My discussion" in body
    huddle.refresh_from_db()
    item.refresh_from_db()
    assert (huddle.summary, item.discussion) == ("Theirs", "Stalls")


def test_minutes_of_a_running_huddle_are_not_corrected_here(client, running, member):
    huddle, _, _ = running
    client.force_login(member)
    response = client.get(url("minutes-correct", huddle))
    assert response.status_code == 302
    assert response.url == url("huddle", huddle)


# --- no row ids, htmx settings ---


ID_IN_PATH = re.compile(r'(?:href|action|hx-post|hx-target)="/[^"]*/\d+/')


def test_no_page_puts_a_row_id_in_an_address_or_a_form(client, running, member, team):
    huddle, first, _ = running
    HuddleSeriesFactory(team=team)
    ActionFactory(team=team, owner=member, huddle=huddle, agenda_item=first)
    client.force_login(member)
    for address in (url("huddle", huddle), reverse("teams:team", args=[team.slug]),
                    reverse("teams:members", args=[team.slug]), reverse("teams:schedule", args=[team.slug]),
                    reverse("teams:my-actions")):
        body = client.get(address).content.decode()
        assert not ID_IN_PATH.findall(body), address
        assert not re.search(r'name="(?:item|action|a)\d+-', body), address
        ids = re.findall(r'\sid="([^"]+)"', body)
        assert len(ids) == len(set(ids)), address  # every form on the page is named apart
    body = client.get(url("huddle", huddle)).content.decode()
    assert f'name="item{first.uuid.hex}-version"' in body
    assert f"/items/{first.uuid}/" in body


def test_every_page_carries_the_htmx_settings(client, member):
    client.force_login(member)
    body = client.get(reverse("teams:team-list")).content.decode()
    assert '<meta name="htmx-config"' in body
    assert '"40[09]","swap":true' in body
