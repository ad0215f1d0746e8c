"""Actions from the team's page (marking one done or dropped there), actions linked to anything
through `subject` (as Local Nets do), and the summary for the staff home page."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.teams.models import Action, Huddle
from thriving.teams.queries import teams as teams_queries
from thriving.teams.services import actions
from thriving.teams.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    HuddleFactory,
    TeamFactory,
)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def close_post(action: Action, status: str = "done", outcome: str = "Rang them; sorted.") -> dict:
    prefix = f"a{action.uuid.hex}"
    return {"next": "team", f"{prefix}-version": action.version, f"{prefix}-status": status,
            f"{prefix}-outcome": outcome}


# --- closing from the team page ---


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_member_closes_a_colleagues_action_from_the_team_page(client, team, member, colleague, status):
    action = ActionFactory(team=team, owner=colleague, title="Ring the school")
    client.force_login(member)
    page = client.get(reverse("teams:team", args=[team.slug])).content.decode()
    assert reverse("teams:action-close", args=[action.uuid]) in page
    assert 'name="next" value="team"' in page
    response = client.post(reverse("teams:action-close", args=[action.uuid]), close_post(action, status))
    assert response.status_code == 302
    assert response.url == reverse("teams:team", args=[team.slug])
    action.refresh_from_db()
    assert (action.status, action.outcome) == (status, "Rang them; sorted.")
    assert AuditEvent.objects.filter(event=f"action.{status}", object_id=str(action.uuid)).exists()
    assert "Ring the school" not in client.get(reverse("teams:team", args=[team.slug])).content.decode()


def test_a_mistake_closing_from_the_team_page_is_shown_there_keeping_what_was_typed(client, team, member):
    action = ActionFactory(team=team, owner=member, title="Ring the school")
    client.force_login(member)
    response = client.post(reverse("teams:action-close", args=[action.uuid]),
                           {**close_post(action, outcome="Half done"), f"a{action.uuid.hex}-status": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose done or dropped." in body
    assert "Half done" in body
    assert "Open requests by level" in body  # the team's page, not my actions
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_a_stale_close_from_the_team_page_is_refused_with_409(client, team, member, colleague):
    action = ActionFactory(team=team, owner=member)
    Action.objects.filter(pk=action.pk).update(version=2)
    client.force_login(colleague)
    response = client.post(reverse("teams:action-close", args=[action.uuid]), close_post(action))
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER, Role.ENABLER], ids=["team_member", "enabler"])
def test_someone_outside_the_team_cannot_close_its_actions(client, team, user_with_role, role):
    action = ActionFactory(team=team)
    client.force_login(user_with_role(role))
    assert client.post(reverse("teams:action-close", args=[action.uuid]), close_post(action)).status_code == 404
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


# --- subject ---


def test_an_action_can_be_linked_to_any_record_through_subject(team, member):
    other = TeamFactory(name="Shirebrook Together")
    action = actions.add_action(acting_user=member, team=team, title="Visit the Shirebrook team", owner=member,
                                 due_on=days(3), subject=other)
    action.refresh_from_db()
    assert action.subject == other
    assert action.huddle is None
    assert action.agenda_item is None


def test_an_action_on_an_item_with_a_subject_keeps_both(team, member):
    huddle = HuddleFactory(team=team, status=Huddle.Status.RUNNING)
    item = AgendaItemFactory(huddle=huddle, title="Local Net session")
    elsewhere = AgendaItemFactory(huddle=huddle, title="Something else")
    action = actions.add_action(acting_user=member, team=team, title="Book the room", owner=member,
                                 due_on=days(2), item=item, subject=elsewhere)
    action.refresh_from_db()
    assert (action.agenda_item, action.huddle, action.subject) == (item, huddle, elsewhere)


# --- the staff home page ---


def test_the_home_summary_gives_my_next_huddle_and_my_action_counts(team, member, colleague):
    HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(days=3))
    soonest = HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(days=1))
    HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(hours=2), status=Huddle.Status.CANCELLED)
    HuddleFactory(team=TeamFactory(), starts_at=timezone.now() + datetime.timedelta(hours=1))  # not my team
    ActionFactory(team=team, owner=member, due_on=days(-2))
    ActionFactory(team=team, owner=member, due_on=days(4))
    ActionFactory(team=team, owner=member, due_on=days(-9), status=Action.Status.DONE)
    ActionFactory(team=team, owner=colleague, due_on=days(-1))
    summary = teams_queries.home_summary(member)
    assert summary["next_huddle"]["url"] == reverse("teams:huddle", args=[team.slug, soonest.uuid])
    assert summary["next_huddle"]["team"] == team.name
    assert (summary["open_actions"], summary["overdue_actions"]) == (2, 1)
    html = render_to_string("teams/_home_summary.html", {"teams_summary": summary})
    assert summary["next_huddle"]["url"] in html
    assert "2 open" in html
    assert "1 overdue" in html


def test_the_home_summary_of_someone_in_no_team_is_empty(user_with_role):
    summary = teams_queries.home_summary(user_with_role(Role.COACH))
    assert (summary["next_huddle"], summary["open_actions"], summary["overdue_actions"]) == (None, 0, 0)
    html = render_to_string("teams/_home_summary.html", {"teams_summary": summary})
    assert "None planned" in html
    assert "overdue" not in html


def test_the_staff_home_page_shows_the_summary_to_those_in_teams(client, team, member, user_with_role):
    soonest = HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(days=1))
    ActionFactory(team=team, owner=member, due_on=days(-2))
    client.force_login(member)
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="teams-home-summary"' in page
    assert reverse("teams:huddle", args=[team.slug, soonest.uuid]) in page
    assert "1 overdue" in page
    client.force_login(user_with_role(Role.ANALYST))  # no teams' work: no box
    assert 'data-testid="teams-home-summary"' not in client.get(reverse("core:home")).content.decode()
