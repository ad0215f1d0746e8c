"""Connected teams through their pages: who sees which teams, setting one up, adding and removing
members, and the team page (the locality at a glance, with no resident's name on it)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory, ReferralFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams import hooks
from thriving.teams.models import Team, TeamMember
from thriving.teams.tests.factories import (
    ActionFactory,
    AskFactory,
    HuddleSeriesFactory,
    TeamFactory,
    TeamMemberFactory,
)


def member_of(team, user_with_role, role=Role.TEAM_MEMBER, kind=TeamMember.Kind.MEMBER):  # noqa: ANN001, ANN201
    user = user_with_role(role)
    TeamMemberFactory(team=team, user=user, kind=kind)
    return user


def test_a_member_sees_their_teams_and_not_others(client, team, user_with_role):
    other = TeamFactory(name="Shirebrook Team")
    user = member_of(team, user_with_role)
    client.force_login(user)
    body = client.get(reverse("teams:team-list")).content.decode()
    assert "Cotmanhay Connected Team" in body
    assert "Shirebrook Team" not in body
    assert client.get(reverse("teams:team", args=[other.slug])).status_code == 404
    assert client.get(reverse("teams:team", args=[team.slug])).status_code == 200


def test_an_enabler_sees_the_teams_they_are_linked_to_and_an_administrator_sees_all(client, team, user_with_role):
    other = TeamFactory(name="Shirebrook Team")
    enabler = member_of(team, user_with_role, Role.ENABLER, TeamMember.Kind.ENABLER)
    client.force_login(enabler)
    assert client.get(reverse("teams:team", args=[team.slug])).status_code == 200
    assert client.get(reverse("teams:team", args=[other.slug])).status_code == 404
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    body = client.get(reverse("teams:team-list")).content.decode()
    assert "Cotmanhay Connected Team" in body
    assert "Shirebrook Team" in body


@pytest.mark.parametrize(("role", "status"), [
    (Role.ADMINISTRATOR, 200), (Role.ENABLER, 200), (Role.TEAM_MEMBER, 403), (Role.HUB_WORKER, 403),
    (Role.ANALYST, 403), (Role.ORGANISATION_STAFF, 403),
], ids=["administrator", "enabler", "team_member", "hub_worker", "analyst", "organisation_staff"])
def test_only_administrators_and_enablers_set_up_teams(client, user_with_role, role, status):
    client.force_login(user_with_role(role))
    assert client.get(reverse("teams:team-new")).status_code == status


@pytest.mark.parametrize(("role", "status"), [
    (Role.TEAM_MEMBER, 200), (Role.HUB_WORKER, 200), (Role.COACH, 200), (Role.ANALYST, 403),
    (Role.BOARD_MEMBER, 403), (Role.ORGANISATION_STAFF, 403),
], ids=["team_member", "hub_worker", "coach", "analyst", "board_member", "organisation_staff"])
def test_the_list_of_teams_is_for_those_who_work_in_teams(client, user_with_role, role, status):
    client.force_login(user_with_role(role))
    assert client.get(reverse("teams:team-list")).status_code == status


def test_signed_out_people_are_sent_to_sign_in(client, team):
    response = client.get(reverse("teams:team", args=[team.slug]))
    assert response.status_code in (302, 403)
    assert b"Cotmanhay Connected Team" not in response.content


def test_an_enabler_sets_up_a_team_and_is_linked_to_it(client, user_with_role):
    locality = LocalityFactory(name="Shirebrook", slug="shirebrook")
    enabler = user_with_role(Role.ENABLER)
    other_enabler = user_with_role(Role.ENABLER)
    client.force_login(enabler)
    response = client.post(reverse("teams:team-new"), {
        "name": "Shirebrook Together", "locality": locality.pk, "about": "Working together in Shirebrook",
        "enablers": [other_enabler.pk],
    })
    team = Team.objects.get(name="Shirebrook Together")
    assert response.status_code == 302
    assert response.url == reverse("teams:team", args=[team.slug])
    linked = set(team.members.filter(kind=TeamMember.Kind.ENABLER).values_list("user_id", flat=True))
    assert linked == {enabler.pk, other_enabler.pk}
    assert AuditEvent.objects.filter(event="team.created", object_id=str(team.uuid)).exists()


def test_setting_up_a_team_reports_every_mistake_at_once_and_saves_nothing(client, user_with_role):
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    response = client.post(reverse("teams:team-new"), {"name": "", "locality": "", "about": "Kept text"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Choose the team&#x27;s locality." in body
    assert "This field is required." in body
    assert "Kept text" in body
    assert not Team.objects.exists()


def test_a_second_team_with_the_same_name_in_a_locality_is_refused(client, team, user_with_role):
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    response = client.post(reverse("teams:team-new"), {"name": team.name, "locality": team.locality.pk})
    assert response.status_code == 400
    assert "already has a team called" in response.content.decode()
    assert Team.objects.count() == 1


def test_a_member_adds_a_colleague_and_a_volunteer_and_removes_one_keeping_history(client, team, user_with_role):
    user = member_of(team, user_with_role)
    colleague = user_with_role(Role.HUB_WORKER)
    volunteer = user_with_role(Role.AMBASSADOR)
    police = OrganisationFactory(name="Derbyshire Constabulary")
    client.force_login(user)
    url = reverse("teams:members", args=[team.slug])
    response = client.post(url, {"email": colleague.email, "kind": "member", "organisation": police.pk})
    assert response.status_code == 302
    response = client.post(url, {"email": volunteer.email, "kind": "volunteer", "organisation": police.pk})
    assert response.status_code == 302
    added = team.members.get(user=colleague)
    assert added.organisation == police
    assert team.members.get(user=volunteer).organisation is None
    assert AuditEvent.objects.filter(event="team.member_added", subject=colleague.full_name).exists()
    response = client.post(reverse("teams:member-remove", args=[team.slug, added.uuid]))
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.left_at is not None
    body = client.get(url).content.decode()
    assert "Past members" in body
    assert AuditEvent.objects.filter(event="team.member_removed", subject=colleague.full_name).exists()
    client.force_login(colleague)
    assert client.get(reverse("teams:team", args=[team.slug])).status_code == 404


def test_adding_someone_already_in_the_team_or_unknown_is_refused(client, team, user_with_role):
    user = member_of(team, user_with_role)
    client.force_login(user)
    url = reverse("teams:members", args=[team.slug])
    response = client.post(url, {"email": user.email, "kind": "member"})
    assert response.status_code == 400
    assert "already in the team" in response.content.decode()
    response = client.post(url, {"email": "nobody@example.org", "kind": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "No one with that email address" in body
    assert "Choose how they take part." in body
    assert team.members.count() == 1


def test_a_member_cannot_link_an_enabler_but_an_administrator_can(client, team, user_with_role):
    user = member_of(team, user_with_role)
    enabler = user_with_role(Role.ENABLER)
    client.force_login(user)
    url = reverse("teams:members", args=[team.slug])
    response = client.post(url, {"email": enabler.email, "kind": "enabler"})
    assert response.status_code == 400
    assert not team.members.filter(user=enabler).exists()
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    assert client.post(url, {"email": enabler.email, "kind": "enabler"}).status_code == 302
    assert team.members.filter(user=enabler, kind=TeamMember.Kind.ENABLER).exists()


def test_a_hub_worker_who_is_not_in_the_team_cannot_add_members(client, team, user_with_role):
    hub = user_with_role(Role.HUB_WORKER)
    client.force_login(hub)
    response = client.post(reverse("teams:members", args=[team.slug]), {"email": hub.email, "kind": "member"})
    assert response.status_code == 404
    assert not team.members.filter(user=hub).exists()


@pytest.fixture
def busy_locality(team):
    """Open requests at several levels, one flagged for the huddle, a referral past its time."""
    now = timezone.now()
    for level in (1, 2, 2, None):
        HelpRequestFactory(locality=team.locality, level=level, status=HelpRequest.Status.TRIAGED)
    HelpRequestFactory(locality=team.locality, level=3, status=HelpRequest.Status.CLOSED, closed_at=now,
                       outcome=HelpRequest.Outcome.MET)
    person = PersonFactory(given_name="Philippa", family_name="Quarrendon")
    stuck = ReferralFactory(request__locality=team.locality, request__person=person,
                            due_by=now - datetime.timedelta(days=2), status=Referral.Status.AWAITING)
    return stuck


def test_the_team_page_shows_the_locality_at_a_glance_without_names(client, team, busy_locality, user_with_role):
    user = member_of(team, user_with_role)
    ActionFactory(team=team, title="Call the larder about Friday", owner=user)
    AskFactory(team=team, title="Share case notes with the school")
    HuddleSeriesFactory(team=team)
    client.force_login(user)
    body = client.get(reverse("teams:team", args=[team.slug])).content.decode()
    assert 'data-testid="open-total">5<' in body
    assert "1 referral in Cotmanhay" in body
    assert "Call the larder about Friday" in body
    assert "Share case notes with the school" in body
    assert "Quarrendon" not in body
    # a team member cannot see requests at the front door, so no reference is shown
    assert busy_locality.request.reference not in body
    assert team.huddles.exists()  # the series was topped up when the page was viewed


def test_a_hub_worker_in_the_team_sees_references_of_stuck_referrals_and_it_is_audited(
        client, team, busy_locality, user_with_role):
    hub = member_of(team, user_with_role, Role.HUB_WORKER)
    client.force_login(hub)
    body = client.get(reverse("teams:team", args=[team.slug])).content.decode()
    reference = busy_locality.request.reference
    assert f'href="/requests/{reference}/"' in body
    assert "Quarrendon" not in body
    event = AuditEvent.objects.get(event="team.overdue_referrals_viewed", actor=hub)
    assert event.changes["references"] == [reference]


def test_the_team_page_shows_the_panels_other_apps_register(client, team, user_with_role, monkeypatch):
    def panel(team, user):  # noqa: ANN001, ANN202
        return hooks.Panel(heading="Upcoming Local Nets", rows=[("Tea and talk, Friday", "/local-nets/1/")])

    monkeypatch.setattr(hooks, "_panel_sources", [panel])
    client.force_login(member_of(team, user_with_role))
    body = client.get(reverse("teams:team", args=[team.slug])).content.decode()
    assert "Upcoming Local Nets" in body
    assert 'href="/local-nets/1/">Tea and talk, Friday<' in body


def test_the_team_page_links_to_making_an_ask_when_that_page_exists(client, team, user_with_role):
    client.force_login(member_of(team, user_with_role))
    body = client.get(reverse("teams:team", args=[team.slug])).content.decode()
    assert reverse("teams:ask-new", kwargs={"slug": team.slug}) in body


def test_the_weekly_trend_counts_requests_in_the_locality(client, team, user_with_role):
    HelpRequestFactory(locality=team.locality)
    HelpRequestFactory(locality=team.locality)
    HelpRequestFactory(locality=LocalityFactory())
    HelpRequestFactory(locality=team.locality, created_at=timezone.now() - datetime.timedelta(weeks=20))
    client.force_login(member_of(team, user_with_role))
    response = client.get(reverse("teams:team", args=[team.slug]))
    trend = response.context["trend"]
    assert len(trend) == 8
    assert trend[-1]["count"] == 2
    assert sum(week["count"] for week in trend) == 2


def test_the_team_page_reads_a_fixed_number_of_queries(client, team, user_with_role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thriving.directory.tests.factories import LocationFactory
    from thriving.teams.tests.factories import HuddleFactory

    user = member_of(team, user_with_role)
    client.force_login(user)
    ActionFactory(team=team, owner=user)
    HuddleFactory(team=team, place=LocationFactory())
    client.get(reverse("teams:team", args=[team.slug]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("teams:team", args=[team.slug]))
    for days in range(2, 5):
        ActionFactory(team=team, owner=member_of(team, user_with_role))
        HuddleFactory(team=team, place=LocationFactory(), starts_at=timezone.now() + datetime.timedelta(days=days))
        AskFactory(team=team)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("teams:team", args=[team.slug]))
    assert len(many) == len(few)
