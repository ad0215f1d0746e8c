"""The community staff landing page at /community/: who may open it, the links to the four staff
areas, and the counts beside them, each narrowed to what the person may see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from thriving.community.models import Idea
from thriving.community.tests.factories import (
    AmbassadorProfileFactory,
    IdeaFactory,
    LocalNetFactory,
    LocalNetSessionFactory,
    PledgeCampaignFactory,
)
from thriving.core.models import Role
from thriving.core.tests.factories import MembershipFactory
from thriving.core.tests.test_auth import PASSWORD
from thriving.places.tests.factories import LocalityFactory

ORGANISERS = [Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR]
OTHERS = [Role.ORGANISATION_STAFF, Role.ANALYST, Role.BOARD_MEMBER, Role.AMBASSADOR, Role.DIRECTORY_EDITOR]
HOME = "/community/"


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def places():
    """Two localities with community work in each."""
    here, there = LocalityFactory(name="Cotmanhay"), LocalityFactory(name="Shirebrook")
    for locality, upcoming in ((here, 2), (there, 1)):
        local_net = LocalNetFactory(locality=locality)
        for day in range(upcoming):
            LocalNetSessionFactory(local_net=local_net, starts_at=in_days(day + 1),
                                   ends_at=in_days(day + 1) + datetime.timedelta(hours=2))
        LocalNetSessionFactory(local_net=local_net, starts_at=in_days(-3), ends_at=in_days(-3) + datetime.timedelta(1))
        LocalNetSessionFactory(local_net=local_net, starts_at=in_days(9), ends_at=in_days(9) + datetime.timedelta(1),
                               cancelled_at=timezone.now())
    return here, there


@pytest.mark.django_db
def test_the_address_is_the_one_the_lead_asked_for():
    assert reverse("community:staff-home") == HOME


@pytest.mark.django_db
@pytest.mark.parametrize("role", ORGANISERS + OTHERS)
def test_only_organisers_may_open_it(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(HOME).status_code == (200 if role in ORGANISERS else 403)


@pytest.mark.django_db
def test_signing_in_is_needed(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_it_links_to_the_four_staff_areas(client, user_with_role):
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    html = client.get(HOME).content.decode()
    for name in ("local-nets-manage", "ideas-manage", "pledge-campaigns", "ambassador-profiles"):
        assert f'href="{reverse(f"community:{name}")}"' in html, name


@pytest.mark.django_db
def test_upcoming_sessions_are_counted_in_the_organisers_localities(client, user_with_role, places):
    here, _there = places
    client.force_login(user_with_role(Role.TEAM_MEMBER, locality=here))
    assert client.get(HOME).context["upcoming_sessions"] == 2
    client.force_login(user_with_role(Role.HUB_WORKER))  # the hub works everywhere
    assert client.get(HOME).context["upcoming_sessions"] == 3


@pytest.mark.django_db
def test_ideas_waiting_for_a_facilitator_are_counted_by_stage(client, user_with_role, places):
    here, there = places
    organiser = user_with_role(Role.TEAM_MEMBER, locality=here)
    for stage, facilitator in ((Idea.Stage.PROPOSED, None), (Idea.Stage.PROPOSED, None),
                               (Idea.Stage.EXPLORING, None), (Idea.Stage.PROPOSED, organiser),
                               (Idea.Stage.STOPPED, None), (Idea.Stage.SUSTAINED, None)):
        IdeaFactory(locality=here, stage=stage, facilitator=facilitator)
    IdeaFactory(locality=there, stage=Idea.Stage.RUNNING)
    IdeaFactory(locality=None, stage=Idea.Stage.SETTING_UP)  # no place yet: everyone's to pick up
    client.force_login(organiser)
    response = client.get(HOME)
    assert response.context["ideas"] == [("Proposed", 2), ("Exploring", 1), ("Setting up", 1)]
    assert "4 ideas waiting for a facilitator" in strip_tags(response.content.decode())


@pytest.mark.django_db
def test_every_idea_with_a_facilitator_says_so(client, user_with_role):
    organiser = user_with_role(Role.HUB_WORKER)
    IdeaFactory(facilitator=organiser)
    client.force_login(organiser)
    assert "Every idea has a facilitator" in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_open_campaigns_are_counted_among_those_the_person_runs(client, user_with_role, places):
    here, there = places
    PledgeCampaignFactory(locality=here)
    PledgeCampaignFactory(locality=here, is_published=False)
    PledgeCampaignFactory(locality=here, closes_on=timezone.localdate() - datetime.timedelta(days=1))
    PledgeCampaignFactory(locality=there)
    client.force_login(user_with_role(Role.TEAM_MEMBER, locality=here))
    response = client.get(HOME)
    assert response.context["open_campaigns"] == 1
    assert "1 campaign open for signatures" in strip_tags(response.content.decode())


@pytest.mark.django_db
def test_ambassadors_are_counted_for_those_who_make_profiles_and_public_ones_for_others(client, user_with_role):
    public = AmbassadorProfileFactory()
    MembershipFactory(user=public.user, role=Role.AMBASSADOR)
    AmbassadorProfileFactory(is_public=False)
    client.force_login(user_with_role(Role.ENABLER))
    response = client.get(HOME)
    assert response.context["ambassadors"] == 2
    assert f'href="{reverse("community:ambassador-profiles")}"' in response.content.decode()
    client.force_login(user_with_role(Role.COACH))
    response = client.get(HOME)
    assert response.context["ambassadors"] == 1
    html = response.content.decode()
    assert f'href="{reverse("community:ambassador-profiles")}"' not in html
    assert f'href="{reverse("community:ambassadors")}"' in html


@pytest.mark.django_db
def test_it_takes_a_fixed_number_of_queries(client, user_with_role, places, django_assert_max_num_queries):
    here, _there = places
    for stage in Idea.Stage.values:
        IdeaFactory(locality=here, stage=stage)
    PledgeCampaignFactory(locality=here)
    client.force_login(user_with_role(Role.TEAM_MEMBER, locality=here))
    with django_assert_max_num_queries(12):
        client.get(HOME)


@pytest.mark.browser
def test_the_staff_home_in_a_browser_is_accessible(page, axe, user_with_role, transactional_db):
    here = LocalityFactory(name="Cotmanhay")
    LocalNetSessionFactory(local_net=LocalNetFactory(locality=here))
    IdeaFactory(locality=here)
    user = user_with_role(Role.ADMINISTRATOR)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")
    page.goto(HOME)
    axe(page, "community staff home")
    assert page.get_by_test_id("count-sessions").inner_text() == "1 upcoming session in your localities"
    page.locator("#main-content").get_by_role("link", name="Local Nets").click()
    page.wait_for_url("**/community/local-nets/")
