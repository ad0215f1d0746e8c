"""Running a huddle on one page: starting it with a note-taker, recording items (htmx fragment or a
plain POST), a stale edit answering 409, actions with their errors, chipping in, finishing and
sharing the minutes."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import UserFactory
from thriving.frontdoor.tests.factories import HelpRequestFactory
from thriving.teams.models import Action, AgendaItem, Huddle
from thriving.teams.tests.factories import AgendaItemFactory, HuddleFactory, TeamMemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, huddle: Huddle, *args: object) -> str:
    return reverse(f"teams:{name}", args=[huddle.team.slug, huddle.uuid, *args])


def test_a_member_starts_the_huddle_naming_the_note_taker_and_the_agenda_is_built(client, team, member, colleague):
    huddle = HuddleFactory(team=team, starts_at=timezone.now())  # on its day
    HelpRequestFactory(locality=team.locality, bring_to_huddle=True)
    client.force_login(member)
    response = client.post(url("huddle-start", huddle), {"version": huddle.version, "note_taker": colleague.uuid,
                                                          "attendees": [member.uuid, colleague.uuid]})
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.RUNNING
    assert huddle.note_taker == colleague
    assert set(huddle.attendees.all()) == {member, colleague}
    assert huddle.items.filter(kind=AgendaItem.Kind.REQUEST).exists()
    assert AuditEvent.objects.filter(event="huddle.started").exists()
    again = client.post(url("huddle-start", huddle), {"version": huddle.version, "note_taker": member.uuid})
    assert again.status_code == 400
    assert "already started" in again.content.decode()


def test_the_note_taker_must_be_a_member(client, team, member):
    huddle = HuddleFactory(team=team)
    client.force_login(member)
    response = client.post(url("huddle-start", huddle), {"version": huddle.version, "note_taker": UserFactory().uuid})
    assert response.status_code == 400
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.PLANNED


def test_recording_an_item_with_htmx_returns_just_that_item(client, running, member):
    huddle, item, _ = running
    client.force_login(member)
    response = client.post(url("item-record", huddle, item.uuid), {
        f"item{item.uuid.hex}-version": item.version, f"item{item.uuid.hex}-discussion": "Who can run the stalls?",
        f"item{item.uuid.hex}-decision": "The school will host it.", f"item{item.uuid.hex}-covered": "on"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="item-{item.uuid}"' in body
    assert "Saved." in body
    assert body.strip().startswith("<li")  # the one item, nothing else swapped
    item.refresh_from_db()
    assert item.discussion == "Who can run the stalls?"
    assert item.decision == "The school will host it."
    assert item.covered
    assert item.version == 2
    assert AuditEvent.objects.filter(event="agenda_item.recorded", object_id=str(item.uuid)).exists()


def test_recording_an_item_without_javascript_comes_back_to_the_page(client, running, member):
    huddle, item, _ = running
    client.force_login(member)
    response = client.post(url("item-record", huddle, item.uuid), {
        f"item{item.uuid.hex}-version": item.version, f"item{item.uuid.hex}-discussion": "Notes"})
    assert response.status_code == 302
    assert response.url.endswith(f"#item-{item.uuid}")


def test_a_stale_edit_answers_409_showing_their_text_and_keeping_mine(client, running, member, colleague):
    huddle, item, _ = running
    client.force_login(colleague)
    client.post(url("item-record", huddle, item.uuid), {
        f"item{item.uuid.hex}-version": 1, f"item{item.uuid.hex}-discussion": "Their notes"}, **HTMX)
    client.force_login(member)
    response = client.post(url("item-record", huddle, item.uuid), {
        f"item{item.uuid.hex}-version": 1, f"item{item.uuid.hex}-discussion": "My notes"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Their notes" in body
    assert "My notes" in body
    assert f'name="item{item.uuid.hex}-version" value="2"' in body
    item.refresh_from_db()
    assert item.discussion == "Their notes"
    page = client.post(url("item-record", huddle, item.uuid), {
        f"item{item.uuid.hex}-version": 1, f"item{item.uuid.hex}-discussion": "My notes"})
    assert page.status_code == 409
    assert "Someone else saved this item" in page.content.decode()


def test_an_action_without_an_owner_or_with_a_past_due_date_is_refused_with_every_error(client, running, member):
    huddle, item, _ = running
    client.force_login(member)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url("item-action", huddle, item.uuid), {
        f"action{item.uuid.hex}-title": "Book the hall", f"action{item.uuid.hex}-owner": "",
        f"action{item.uuid.hex}-due_on": yesterday.isoformat()}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose who owns the action." in body
    assert "The due date must be today or in the future." in body
    assert 'value="Book the hall"' in body
    assert not Action.objects.exists()


def test_an_action_owned_by_someone_outside_the_team_is_refused(client, running, member):
    huddle, item, _ = running
    client.force_login(member)
    response = client.post(url("item-action", huddle, item.uuid), {
        f"action{item.uuid.hex}-title": "Book the hall", f"action{item.uuid.hex}-owner": UserFactory().uuid,
        f"action{item.uuid.hex}-due_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_an_action_on_an_item_is_linked_to_what_the_item_is_about(client, running, member, colleague):
    huddle, _, _ = running
    request = HelpRequestFactory(locality=huddle.team.locality)
    item = AgendaItemFactory(huddle=huddle, kind=AgendaItem.Kind.REQUEST, request=request,
                             title=f"Request {request.reference}")
    client.force_login(member)
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(url("item-action", huddle, item.uuid), {
        f"action{item.uuid.hex}-title": "Call the family back", f"action{item.uuid.hex}-owner": colleague.uuid,
        f"action{item.uuid.hex}-due_on": due.isoformat()}, **HTMX)
    assert response.status_code == 200
    assert "Call the family back" in response.content.decode()
    action = Action.objects.get()
    assert (action.owner, action.due_on, action.request, action.huddle) == (colleague, due, request, huddle)
    assert AuditEvent.objects.filter(event="action.created", subject=colleague.full_name).exists()


def test_chipping_in_makes_an_action_owned_by_the_member_who_clicked(client, running, colleague):
    huddle, item, _ = running
    client.force_login(colleague)
    response = client.post(url("item-chip-in", huddle, item.uuid), **HTMX)
    assert response.status_code == 200
    assert "You chipped in" in response.content.decode()
    action = Action.objects.get()
    assert action.owner == colleague
    assert action.due_on == timezone.localdate() + datetime.timedelta(days=7)
    assert action.title == "Follow up: Summer fun day"


def test_someone_outside_the_team_cannot_record_or_chip_in(client, running, user_with_role):
    huddle, item, _ = running
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    assert client.post(url("item-chip-in", huddle, item.uuid)).status_code == 404
    assert client.post(url("item-record", huddle, item.uuid), {f"item{item.uuid.hex}-version": 1}).status_code == 404
    assert not Action.objects.exists()


def test_finishing_then_sharing_the_minutes_emails_the_team_a_link_and_nothing_more(
        client, running, member, colleague, team, django_capture_on_commit_callbacks):
    huddle, item, _ = running
    gone = UserFactory()
    TeamMemberFactory(team=team, user=gone, left_at=timezone.now())
    item.discussion = "Said about Philippa Quarrendon"
    item.save()
    client.force_login(member)
    response = client.post(url("huddle-finish", huddle), {"version": huddle.version, "summary": "A good huddle"})
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.FINISHED
    client.force_login(colleague)
    body = client.get(url("huddle", huddle)).content.decode()
    assert "The note-taker will share the minutes" in body
    assert "Summer fun day" not in body
    client.force_login(member)
    assert "Summer fun day" in client.get(url("huddle", huddle)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("huddle-share", huddle), {"version": huddle.version})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, colleague.email])
    for message in mail.outbox:
        assert url("huddle", huddle) in message.body
        assert "Quarrendon" not in message.body
        assert "Summer fun day" not in message.body
    client.force_login(colleague)
    body = client.get(url("huddle", huddle)).content.decode()
    assert "Summer fun day" in body
    assert "A good huddle" in body
    assert AuditEvent.objects.filter(event="huddle.minutes_shared").exists()
    again = client.post(url("huddle-share", huddle), {"version": huddle.version})
    assert again.status_code == 400


def test_viewing_minutes_with_references_is_audited(client, team, colleague):
    request = HelpRequestFactory(locality=team.locality)
    huddle = HuddleFactory(team=team, status=Huddle.Status.FINISHED, note_taker=colleague,
                           starts_at=timezone.now() - datetime.timedelta(hours=2),
                           minutes_shared_at=timezone.now())
    AgendaItemFactory(huddle=huddle, kind=AgendaItem.Kind.REQUEST, request=request,
                      title=f"Request {request.reference}")
    client.force_login(colleague)
    body = client.get(url("huddle", huddle)).content.decode()
    assert request.reference in body
    event = AuditEvent.objects.get(event="huddle.minutes_viewed")
    assert event.changes["references"] == [request.reference]
