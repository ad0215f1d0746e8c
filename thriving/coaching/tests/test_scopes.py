"""Who sees which coaching: its coaches and the team leads over it; progress also to those the
person's consent covers; a coach of another organisation nothing."""

import pytest

from thriving.coaching.models import CoachingConsent, CoachingRelationship, Goal, Rating
from thriving.coaching.tests.factories import CoachFactory, CoachingConsentFactory, GoalFactory
from thriving.core.models import Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def seen(user, action="view", model=CoachingRelationship):
    return set(model.objects.visible_to(user, action))


def test_the_coach_and_the_team_lead_see_the_coaching_and_a_coach_elsewhere_does_not(
    relationship, coach, team_lead, user_with_role, shirebrook
):
    other_org_coach = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    other_org_lead = user_with_role(Role.COACH_LEAD, organisation=OrganisationFactory(), locality=shirebrook)
    hub = user_with_role(Role.HUB_WORKER, locality=shirebrook)
    assert seen(coach) == {relationship}
    assert seen(team_lead) == {relationship}
    for outsider in (other_org_coach, other_org_lead, hub, user_with_role(Role.ADMINISTRATOR)):
        assert seen(outsider) == set()
        assert seen(outsider, "view_progress") == set()


def test_a_coach_from_another_organisation_sees_it_once_they_coach_in_it(relationship, user_with_role, shirebrook):
    partner_coach = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    CoachFactory(relationship=relationship, user=partner_coach)
    assert seen(partner_coach) == {relationship}
    assert seen(partner_coach, "work") == {relationship}
    assert seen(partner_coach, "manage") == set()  # only the lead coach and the team leads


def test_progress_is_shared_with_the_team_only_while_the_consent_holds(relationship, user_with_role, shirebrook):
    team = TeamFactory(locality=shirebrook)
    relationship.team = team
    relationship.save()
    member = TeamMemberFactory(team=team, user=user_with_role(Role.TEAM_MEMBER, locality=shirebrook)).user
    goal = GoalFactory(relationship=relationship)
    assert seen(member, "view_progress") == set()
    consent = CoachingConsentFactory(relationship=relationship, scope=CoachingConsent.Scope.SHARE_TEAM)
    assert seen(member, "view_progress") == {relationship}
    assert seen(member, "view_progress", Goal) == {goal}
    assert seen(member) == set()  # never the notes and sessions
    consent.withdrawn_at = consent.given_at
    consent.save()
    assert seen(member, "view_progress") == set()


def test_analysts_may_count_every_relationship_and_see_none(relationship, user_with_role):
    analyst = user_with_role(Role.ANALYST)
    assert seen(analyst, "report") == {relationship}
    assert seen(analyst) == set()
    assert seen(analyst, model=Rating) == set()
