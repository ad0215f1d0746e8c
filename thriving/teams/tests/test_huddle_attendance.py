"""Running a huddle as a team meets it: who was there, starting before the huddle's day only once
confirmed, the minutes' emails linking to the site's real address, and asks made from a huddle
just run, passed on to another enabler."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import Role
from thriving.teams.models import Ask, Huddle, TeamMember
from thriving.teams.tests.factories import AskFactory, HuddleFactory, TeamMemberFactory


def url(name: str, huddle: Huddle) -> str:
    return reverse(f"teams:{name}", args=[huddle.team.slug, huddle.uuid])


def test_who_was_there_is_recorded_at_the_start_and_while_running_and_shown_in_the_minutes(
        client, team, member, colleague, user_with_role):
    late = user_with_role(Role.TEAM_MEMBER)
    TeamMemberFactory(team=team, user=late)
    huddle = HuddleFactory(team=team, starts_at=timezone.now())
    client.force_login(member)
    body = client.get(url("huddle", huddle)).content.decode()
    assert 'name="attendees"' in body  # the members, as checkboxes
    client.post(url("huddle-start", huddle), {"version": huddle.version, "note_taker": member.uuid,
                                              "attendees": [member.uuid, colleague.uuid]})
    huddle.refresh_from_db()
    assert set(huddle.attendees.all()) == {member, colleague}
    response = client.post(url("huddle-attendance", huddle), {
        "attendance-version": huddle.version, "attendance-attendees": [member.uuid, colleague.uuid, late.uuid]})
    assert response.status_code == 302
    assert set(huddle.attendees.all()) == {member, colleague, late}
    outsider = user_with_role(Role.TEAM_MEMBER)
    refused = client.post(url("huddle-attendance", huddle), {
        "attendance-version": huddle.version + 1, "attendance-attendees": [outsider.uuid]})
    assert refused.status_code == 400  # not one of the team's people
    assert set(huddle.attendees.all()) == {member, colleague, late}
    huddle.refresh_from_db()
    client.post(url("huddle-finish", huddle), {"version": huddle.version, "summary": ""})
    body = client.get(url("huddle", huddle)).content.decode()
    assert "Who was there:" in body
    for person in (member, colleague, late):
        assert person.full_name in body


def test_starting_a_huddle_before_its_day_asks_for_confirmation_first(client, team, member):
    huddle = HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(days=2))
    client.force_login(member)
    assert "You will be asked to confirm" in client.get(url("huddle", huddle)).content.decode()
    response = client.post(url("huddle-start", huddle), {"version": huddle.version, "note_taker": member.uuid,
                                                         "attendees": [member.uuid]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-warning-text" in body
    assert "Yes, start it today" in body
    assert 'name="confirm_early"' in body
    assert f'name="attendees" value="{member.uuid}"' in body  # what was chosen is kept
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.PLANNED  # nothing started yet
    response = client.post(url("huddle-start", huddle), {"version": huddle.version, "note_taker": member.uuid,
                                                         "attendees": [member.uuid], "confirm_early": "on"})
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.RUNNING
    assert list(huddle.attendees.all()) == [member]


def _finished(team, member):
    return HuddleFactory(team=team, status=Huddle.Status.FINISHED, note_taker=member,
                         starts_at=timezone.now() - datetime.timedelta(hours=2),
                         ends_at=timezone.now() - datetime.timedelta(hours=1), finished_at=timezone.now())


@pytest.mark.parametrize(("from_request", "address"), [(True, "http://testserver"), (False, "https://thriving.example")])
def test_the_minutes_email_links_to_the_address_being_served_in_the_demo_and_to_site_url_otherwise(
        client, team, member, settings, django_capture_on_commit_callbacks, from_request, address):
    settings.SITE_URL = "https://thriving.example"
    settings.SITE_URL_FROM_REQUEST = from_request
    huddle = _finished(team, member)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("huddle-share", huddle), {"version": huddle.version})
    assert f"{address}/teams/{team.slug}/huddles/{huddle.uuid}/" in mail.outbox[0].body


@pytest.fixture
def enablers(team, user_with_role):
    first, second, third = (user_with_role(Role.ENABLER) for _ in range(3))
    TeamMemberFactory(team=team, user=first, kind=TeamMember.Kind.ENABLER)
    return first, second, third


def test_the_ask_form_lists_the_huddles_just_run_and_a_huddle_page_links_to_it(client, team, member, enablers):
    ran = _finished(team, member)
    running = HuddleFactory(team=team, status=Huddle.Status.RUNNING, starts_at=timezone.now())
    HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(days=6))  # still to come
    HuddleFactory(team=team, status=Huddle.Status.FINISHED, starts_at=timezone.now() - datetime.timedelta(days=60))
    client.force_login(member)
    link = f"{reverse('teams:ask-new', args=[team.slug])}?huddle={running.uuid}"
    assert link in client.get(url("huddle", running)).content.decode()
    response = client.get(link)
    form = response.context["form"]
    assert list(form.fields["huddle"].queryset) == [running, ran]
    body = response.content.decode()
    assert "(running now)" in body
    assert str(form["huddle"].value()) == str(running.uuid)  # the huddle it came from, chosen already


def test_passing_an_ask_on_lists_the_other_enablers_not_the_current_one(client, team, member, enablers):
    first, second, third = enablers
    ask = AskFactory(team=team, enabler=first, status=Ask.Status.AWAITING)
    client.force_login(first)
    choices = list(client.get(reverse("teams:ask", args=[ask.uuid])).context["escalate_form"].fields["to"].queryset)
    assert first not in choices
    assert {second, third} <= set(choices)
