"""Fixtures for the stories tests (the suite-wide ones, such as `administrator`, are in the root conftest)."""

import pytest

from thriving.core.models import Role
from thriving.stories.tests.factories import StoryProjectFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory


@pytest.fixture
def story_team(db):
    """A connected team that runs the story projects the tests look at."""
    return TeamFactory(name="Shirebrook Team", slug="shirebrook-team")


@pytest.fixture
def story_member(user_with_role, story_team):
    """A current member of `story_team`, with the team member role for its locality."""
    user = user_with_role(Role.TEAM_MEMBER, locality=story_team.locality)
    TeamMemberFactory(team=story_team, user=user)
    return user


@pytest.fixture
def story_project(story_team):
    """An open project of `story_team`, taking stories on the public form."""
    return StoryProjectFactory(team=story_team, title="Getting help in Shirebrook", slug="getting-help-shirebrook",
                               question="Tell us about a time when you got help, or didn't, in Shirebrook")


@pytest.fixture
def coder(user_with_role, story_project):
    """A team member named as a coder of `story_project` (with a name, for the exports)."""
    user = user_with_role(Role.TEAM_MEMBER)
    user.full_name = "Cass Coder"
    user.save()
    story_project.coders.add(user)
    return user
