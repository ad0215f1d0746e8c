"""The connected teams' fixtures: a team in Cotmanhay, two of its members, and one of its huddles
running. Factories are in `factories.py`.

`team` takes its locality from the `cotmanhay` fixture, so an app after teams that imports `team`
into its own conftest (as community does) gets the team in that app's Cotmanhay."""

import datetime

import pytest
from django.utils import timezone

from thriving.core.models import Role
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.models import Huddle
from thriving.teams.tests.factories import AgendaItemFactory, HuddleFactory, TeamFactory, TeamMemberFactory


@pytest.fixture
def cotmanhay(db):
    """The locality of Cotmanhay."""
    return LocalityFactory(name="Cotmanhay", slug="cotmanhay")


@pytest.fixture
def team(cotmanhay):
    """The Cotmanhay Connected Team, with no one in it yet."""
    return TeamFactory(name="Cotmanhay Connected Team", slug="cotmanhay-team", locality=cotmanhay)


@pytest.fixture
def member(team, user_with_role):
    """A team member in the team."""
    user = user_with_role(Role.TEAM_MEMBER)
    TeamMemberFactory(team=team, user=user)
    return user


@pytest.fixture
def colleague(team, user_with_role):
    """A hub worker in the team, alongside `member`."""
    user = user_with_role(Role.HUB_WORKER)
    TeamMemberFactory(team=team, user=user)
    return user


@pytest.fixture
def running(team, member):
    """The team's huddle, started five minutes ago with `member` taking the notes, and its two agenda
    items: (huddle, "Summer fun day", "Food bank opening hours")."""
    huddle = HuddleFactory(team=team, status=Huddle.Status.RUNNING, note_taker=member,
                           starts_at=timezone.now() - datetime.timedelta(minutes=5), started_at=timezone.now())
    first = AgendaItemFactory(huddle=huddle, title="Summer fun day", position=1)
    second = AgendaItemFactory(huddle=huddle, title="Food bank opening hours", position=2)
    return huddle, first, second
