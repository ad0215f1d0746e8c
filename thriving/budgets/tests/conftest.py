"""Fixtures for the budgets tests (the suite-wide ones, such as `administrator`, are in the root conftest)."""

import pytest

from thriving.core.models import Role
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory


@pytest.fixture
def pot_team(db):
    """A connected team whose pots the tests look at."""
    return TeamFactory(name="Cotmanhay Team", slug="cotmanhay-team")


@pytest.fixture
def pot_member(user_with_role, pot_team):
    """A current member of `pot_team`, with the team member role for its locality."""
    user = user_with_role(Role.TEAM_MEMBER, locality=pot_team.locality)
    TeamMemberFactory(team=pot_team, user=user)
    return user


@pytest.fixture
def locality_enabler(user_with_role, pot_team):
    """An enabler for `pot_team`'s locality: looks after every pot there."""
    return user_with_role(Role.ENABLER, locality=pot_team.locality)
