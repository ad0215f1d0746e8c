"""The community's scopes (`thriving/community/policy.py`), through the pages that fetch each model:
someone inside the scope gets the page, someone outside gets 404, as if the record did not exist.
Public pages show each model's `view_public` rows to everyone, signed in or not."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thriving.community.models import GoodNewsStory, Idea
from thriving.community.services import ideas, local_nets
from thriving.community.tests.factories import (
    AmbassadorProfileFactory,
    GoodNewsStoryFactory,
    IdeaFactory,
    LocalNetFactory,
    LocalNetSessionFactory,
    OrganisationPledgeFactory,
    PledgeCampaignFactory,
)
from thriving.core.models import Role
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirebrook(db):
    return LocalityFactory(name="Shirebrook", slug="shirebrook")


@pytest.fixture
def organiser(user_with_role, cotmanhay):
    """A hub worker who organises in Cotmanhay only."""
    return user_with_role(Role.HUB_WORKER, locality=cotmanhay)


@pytest.fixture
def elsewhere(user_with_role, shirebrook):
    """A hub worker who organises in Shirebrook only."""
    return user_with_role(Role.HUB_WORKER, locality=shirebrook)


def status(client, user, url, method="get", **data):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return getattr(client, method)(url, data).status_code


def test_a_local_net_and_its_sessions_are_for_organisers_in_its_locality(client, session, organiser, elsewhere):
    local_net = session.local_net
    for url in (reverse("community:local-net-manage", args=[local_net.slug]),
                reverse("community:local-net-session-manage", args=[session.uuid])):
        assert status(client, organiser, url) == 200
        assert status(client, elsewhere, url) == 404


def test_what_people_said_is_reached_only_by_organisers_of_the_session(client, session, organiser, elsewhere):
    insight = session.insights.create(text="A lunch club would help")
    url = reverse("community:local-net-insight-idea", args=[session.uuid, insight.uuid])
    assert status(client, elsewhere, url, "post", **{"idea-title": "Lunch club"}) == 404
    assert status(client, organiser, url, "post", **{"idea-title": "Lunch club"}) == 302


def test_residents_see_listed_local_nets_and_their_sessions_only(client, cotmanhay):
    listed = LocalNetSessionFactory(local_net=LocalNetFactory(locality=cotmanhay))
    unlisted = LocalNetSessionFactory(local_net=LocalNetFactory(locality=cotmanhay, is_listed=False))
    assert status(client, None, reverse("community:local-net", args=[listed.local_net.slug])) == 200
    assert status(client, None, reverse("community:local-net-session", args=[listed.uuid])) == 200
    assert status(client, None, reverse("community:local-net", args=[unlisted.local_net.slug])) == 404
    assert status(client, None, reverse("community:local-net-session", args=[unlisted.uuid])) == 404


def test_an_idea_is_for_facilitators_in_its_locality_or_any_when_it_has_none(client, cotmanhay, organiser, elsewhere):
    here = IdeaFactory(locality=cotmanhay)
    nowhere = IdeaFactory(locality=None)
    assert status(client, organiser, reverse("community:idea-manage", args=[here.uuid])) == 200
    assert status(client, elsewhere, reverse("community:idea-manage", args=[here.uuid])) == 404
    assert status(client, elsewhere, reverse("community:idea-manage", args=[nowhere.uuid])) == 200


def test_the_public_list_of_ideas_leaves_out_those_only_proposed(client, cotmanhay):
    IdeaFactory(locality=cotmanhay, title="Repair cafe", stage=Idea.Stage.EXPLORING)
    IdeaFactory(locality=cotmanhay, title="Secret garden", stage=Idea.Stage.PROPOSED)
    page = client.get(reverse("community:ideas")).content.decode()
    assert "Repair cafe" in page
    assert "Secret garden" not in page


def test_a_campaign_and_its_commitments_are_run_by_organisers_of_its_place(client, campaign, organiser, elsewhere):
    pledge = OrganisationPledgeFactory(campaign=campaign)
    url = reverse("community:pledge-campaign", args=[campaign.slug])
    assert status(client, organiser, url) == 200
    assert status(client, elsewhere, url) == 404
    progress = reverse("community:pledge-progress", args=[campaign.slug, pledge.uuid])
    other = OrganisationPledgeFactory(campaign=PledgeCampaignFactory(locality=campaign.locality))
    wrong = reverse("community:pledge-progress", args=[campaign.slug, other.uuid])
    assert status(client, organiser, wrong, "post") == 404
    assert status(client, organiser, progress, "post") == 400  # found; the empty form is the mistake


def test_the_public_sees_published_campaigns_only(client, cotmanhay):
    published = PledgeCampaignFactory(locality=cotmanhay)
    draft = PledgeCampaignFactory(locality=cotmanhay, is_published=False)
    assert status(client, None, reverse("community:pledge", args=[published.slug])) == 200
    assert status(client, None, reverse("community:pledge", args=[draft.slug])) == 404


def test_ambassadors_reach_their_own_profile_and_stories_only(client, user_with_role):
    ambassador, other = user_with_role(Role.AMBASSADOR), user_with_role(Role.AMBASSADOR)
    mine = GoodNewsStoryFactory(ambassador=AmbassadorProfileFactory(user=ambassador))
    theirs = GoodNewsStoryFactory(ambassador=AmbassadorProfileFactory(user=other))
    assert status(client, ambassador, reverse("community:my-story", args=[mine.uuid])) == 200
    assert status(client, ambassador, reverse("community:my-story", args=[theirs.uuid])) == 404
    assert status(client, ambassador, reverse("community:my-story-new")) == 200
    assert status(client, user_with_role(Role.AMBASSADOR), reverse("community:my-story-new")) == 404


def test_the_public_sees_public_ambassadors_and_their_published_stories(client, user_with_role):
    profile = AmbassadorProfileFactory(user=user_with_role(Role.AMBASSADOR))
    published = GoodNewsStoryFactory(ambassador=profile, status=GoodNewsStory.Status.PUBLISHED)
    draft = GoodNewsStoryFactory(ambassador=profile)
    hidden = AmbassadorProfileFactory(user=user_with_role(Role.AMBASSADOR), is_public=False)
    assert status(client, None, reverse("community:ambassador", args=[profile.slug])) == 200
    assert status(client, None, reverse("community:ambassador-story", args=[profile.slug, published.uuid])) == 200
    assert status(client, None, reverse("community:ambassador-story", args=[profile.slug, draft.uuid])) == 404
    assert status(client, None, reverse("community:ambassador", args=[hidden.slug])) == 404


def test_the_services_themselves_refuse_a_record_outside_the_persons_scope(session, organiser, elsewhere, cotmanhay):
    """The pages 404 first; a caller that is not a page (the API, a command) meets the same scope."""
    with pytest.raises(PermissionDenied):
        local_nets.cancel_session(session, acting_user=elsewhere, version=session.version)
    with pytest.raises(PermissionDenied):
        ideas.add_support(IdeaFactory(locality=cotmanhay), acting_user=elsewhere, text="Found a hall")
    local_nets.cancel_session(session, acting_user=organiser, version=session.version)
