"""Actions from a Local Net session: the connected team's people add an action (title, owner, due
date) linked to the session, the session's page lists them, and what people said can start one.
Only the team's people may add them; no owner or a past due date is refused with every mistake shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.community.models import Insight
from thriving.community.tests.factories import LocalNetSessionFactory
from thriving.core.models import AuditEvent, Role
from thriving.teams.models import Action, TeamMember
from thriving.teams.tests.factories import ActionFactory, TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def in_team(user_with_role, team, kind=TeamMember.Kind.MEMBER, role=Role.TEAM_MEMBER, **fields):
    user = user_with_role(role, locality=team.locality)
    TeamMemberFactory(team=team, user=user, kind=kind, **fields)
    return user


@pytest.fixture
def member(client, user_with_role, team):
    user = in_team(user_with_role, team)
    user.full_name = "Ada Member"
    user.save()
    client.force_login(user)
    return user


def page_url(session) -> str:
    return reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid})


def add_url(session) -> str:
    return reverse("community:local-net-action-add", kwargs={"uuid": session.uuid})


def answers(owner=None, due_on=None, title="Ask the library about a repair café") -> dict:
    due_on = due_on or timezone.localdate() + datetime.timedelta(days=7)
    return {"action-title": title, "action-owner": str(owner.uuid) if owner else "",
            "action-due_on": due_on.isoformat() if due_on else ""}


def test_a_team_member_adds_an_action_linked_to_the_session(client, member, session):
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(add_url(session), answers(member, due_on))
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + "#actions"
    action = Action.objects.get()
    assert (action.team, action.owner, action.due_on, action.created_by, action.subject) == (
        session.local_net.team, member, due_on, member, session)
    assert AuditEvent.objects.filter(event="action.created", actor=member).exists()
    page = client.get(page_url(session))
    assert [a.pk for a in page.context["actions"]] == [action.pk]
    assert "Ask the library about a repair café" in page.content.decode()


def test_only_actions_of_this_session_are_listed(client, member, session, team):
    other = LocalNetSessionFactory(local_net=session.local_net, starts_at=session.starts_at + datetime.timedelta(7),
                                   ends_at=session.ends_at + datetime.timedelta(7))
    client.post(add_url(other), answers(member, title="For the other session"))
    ActionFactory(team=team, owner=member, title="Not from a session")
    page = client.get(page_url(session))
    assert page.context["actions"] == []
    assert "No actions from this session yet" in page.content.decode()


def test_owners_are_the_teams_current_members_and_volunteers(client, member, session, team, user_with_role):
    volunteer = in_team(user_with_role, team, kind=TeamMember.Kind.VOLUNTEER)
    enabler = in_team(user_with_role, team, kind=TeamMember.Kind.ENABLER, role=Role.ENABLER)
    gone = in_team(user_with_role, team, left_at=timezone.now())
    elsewhere = in_team(user_with_role, TeamFactory())
    form = client.get(page_url(session)).context["action_form"]
    assert set(form.fields["owner"].queryset) == {member, volunteer}
    for wrong in (enabler, gone, elsewhere):
        response = client.post(add_url(session), answers(wrong))
        assert response.status_code == 400
        assert "Choose a current member of the team from the list" in response.content.decode()
    assert client.post(add_url(session), answers(volunteer)).status_code == 302
    assert Action.objects.get().owner == volunteer


def test_no_owner_and_a_past_due_date_are_refused_together_keeping_what_was_typed(client, member, session):
    response = client.post(add_url(session), answers(None, timezone.localdate() - datetime.timedelta(days=1),
                                                     title="Book the hall"))
    assert response.status_code == 400
    summary = response.content.decode().split('data-testid="errors"', 1)[1].split("</ul>", 1)[0]
    assert "Choose who owns the action" in summary
    assert "The due date must be today or in the future" in summary
    assert 'value="Book the hall"' in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_due_today_is_accepted(client, member, session):
    assert client.post(add_url(session), answers(member, timezone.localdate())).status_code == 302


def test_a_missing_title_and_date_are_refused(client, member, session):
    response = client.post(add_url(session), {"action-title": "", "action-owner": str(member.uuid),
                                              "action-due_on": ""})
    assert response.status_code == 400
    assert "Say what the action is" in response.content.decode()
    assert "Give the date the action is due" in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.parametrize(("kind", "allowed"), [
    ("member", True), ("volunteer", True), ("enabler", True), ("left", False), ("not in the team", False),
])
def test_only_the_teams_people_may_add_actions(client, user_with_role, session, team, kind, allowed):
    owner = in_team(user_with_role, team)
    if kind == "not in the team":
        user = user_with_role(Role.HUB_WORKER)
    elif kind == "left":
        user = in_team(user_with_role, team, left_at=timezone.now())
    else:
        user = in_team(user_with_role, team, kind=kind, role=Role.ENABLER if kind == "enabler" else Role.TEAM_MEMBER)
    client.force_login(user)
    page = client.get(page_url(session))
    html = page.content.decode()
    assert page.status_code == 200
    assert ('data-testid="actions-members-only"' in html) is not allowed
    assert all(field.disabled is not allowed for field in page.context["action_form"].fields.values())
    response = client.post(add_url(session), answers(owner))
    assert response.status_code == (302 if allowed else 403)
    assert Action.objects.exists() is allowed
    if not allowed:
        assert "Only the members of Cotmanhay Connected Team can add actions" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ORGANISATION_STAFF, Role.ANALYST, Role.AMBASSADOR])
def test_people_who_do_not_run_local_nets_cannot_add_actions_even_in_the_team(client, user_with_role, session,
                                                                             team, role):
    user = in_team(user_with_role, team, role=role)
    client.force_login(user)
    assert client.post(add_url(session), answers(user)).status_code == 403
    assert not Action.objects.exists()


def test_a_local_net_without_a_team_has_no_action_form(client, user_with_role):
    session = LocalNetSessionFactory()
    client.force_login(user_with_role(Role.HUB_WORKER))
    page = client.get(page_url(session))
    assert page.context["action_form"] is None
    assert "no connected team to keep actions" in page.content.decode()
    assert client.post(add_url(session), {}).status_code == 404


def test_what_people_said_can_start_an_action(client, member, session):
    insight = Insight.objects.create(session=session, text="The bus stop needs a shelter.")
    html = client.get(page_url(session)).content.decode()
    assert f'href="?follow-up={insight.uuid}#add-action"' in html
    form = client.get(page_url(session), {"follow-up": str(insight.uuid)}).context["action_form"]
    assert form.initial["title"] == "Follow up: The bus stop needs a shelter."
    for ignored in ("not-a-uuid", "8d6f3b0e-0000-4000-8000-000000000000"):
        assert client.get(page_url(session), {"follow-up": ignored}).context["action_form"].initial["title"] == ""
