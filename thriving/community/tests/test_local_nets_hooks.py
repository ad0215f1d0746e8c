"""What the community app adds to a connected team: new ideas on the huddle agenda, and a panel of
Local Nets sessions and ideas in progress in the team's locality."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.community import hooks as community_hooks
from thriving.community.models import Idea
from thriving.community.tests.factories import IdeaFactory, LocalNetFactory, LocalNetSessionFactory
from thriving.core.models import Role
from thriving.teams import hooks
from thriving.teams.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_the_sources_are_registered_when_the_app_is_ready():
    community_hooks.register()  # registering again adds nothing twice
    assert hooks._agenda_sources.count(community_hooks.new_ideas) == 1
    assert hooks._panel_sources.count(community_hooks.local_nets_panel) == 1


def test_ideas_of_the_last_14_days_in_the_teams_locality_are_offered_to_the_huddle():
    team = TeamFactory()
    now = timezone.now()
    fresh = IdeaFactory(title="Repair café", locality=team.locality, created_at=now - datetime.timedelta(days=13))
    IdeaFactory(title="Old", locality=team.locality, created_at=now - datetime.timedelta(days=15))
    IdeaFactory(title="Elsewhere", created_at=now)
    candidates = hooks.agenda_candidates(team, now)
    ours = [c for c in candidates if c.key.startswith("idea:")]
    assert ours == [hooks.AgendaCandidate(kind="idea", title="Idea: Repair café", subject=fresh,
                                          key=f"idea:{fresh.pk}")]


def test_the_team_panel_shows_sessions_coming_up_and_ideas_in_progress(user_with_role):
    team = TeamFactory()
    session = LocalNetSessionFactory(local_net=LocalNetFactory(title="Here Net", locality=team.locality))
    LocalNetSessionFactory(local_net=LocalNetFactory(title="Past Net", locality=team.locality),
                           starts_at=timezone.now() - datetime.timedelta(days=1))
    LocalNetSessionFactory(local_net=LocalNetFactory(title="Elsewhere Net"))
    running = IdeaFactory(title="Community fridge", locality=team.locality, stage=Idea.Stage.RUNNING)
    IdeaFactory(title="Only proposed", locality=team.locality)
    panel = community_hooks.local_nets_panel(team, user_with_role(Role.TEAM_MEMBER))
    texts = [text for text, _ in panel.rows]
    assert len(texts) == 2
    assert texts[0].startswith("Here Net, ")
    assert texts[1] == "Idea: Community fridge (running)"
    assert [url for _, url in panel.rows] == [
        reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid}),
        reverse("community:idea-manage", kwargs={"uuid": running.uuid})]
    assert f"locality={team.locality.slug}" in panel.more_url
    assert panel in hooks.panels(team, None)
