"""The demo Local Nets and ideas: fictional, deterministic, and the same after loading twice."""

import io

import pytest
from django.utils import timezone

from thriving.community.demo import local_nets as demo
from thriving.community.models import Idea, IdeaSupport, Insight, LocalNet, LocalNetSession, SessionSignup
from thriving.core.tests.factories import UserFactory
from thriving.directory.tests.factories import LocationFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_places():
    for slug, name in (("cotmanhay", "Cotmanhay"), ("shirebrook", "Shirebrook")):
        locality = LocalityFactory(slug=slug, name=name)
        LocationFactory(name=f"{name} Community Centre", locality=locality, is_space_and_place=True)
    for login in ("team", "coach", "hub"):
        UserFactory(email=f"{login}@demo.thriving.test")


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (LocalNet, LocalNetSession, SessionSignup, Insight, Idea,
                                                     IdeaSupport))


def test_the_demo_loads_and_loading_again_changes_nothing(demo_places):
    out = io.StringIO()
    demo.load(out, 1)
    first = counts()
    demo.load(io.StringIO(), 1)
    assert counts() == first
    assert first == (2, 4, 4, 4, 5, first[5])
    assert "2 demo Local Nets and 5 demo community ideas" in out.getvalue()
    now = timezone.now()
    for local_net in LocalNet.objects.all():
        assert local_net.place.name.endswith("Community Centre")
        past, upcoming = list(local_net.sessions.order_by("starts_at"))
        assert past.starts_at < now < upcoming.starts_at
        assert past.attendance == 18
        assert past.notes
        assert past.insights.count() == 2
        assert upcoming.signups.count() == 2
    assert set(Idea.objects.values_list("stage", flat=True)) == {
        "proposed", "exploring", "running", "sustained", "stopped"}
    assert Idea.objects.filter(facilitator__email="team@demo.thriving.test").count() == 2
    assert all("demo" in name.lower() for name in SessionSignup.objects.values_list("name", flat=True))


def test_the_demo_skips_localities_that_are_not_loaded():
    demo.load(io.StringIO(), 0)
    assert counts()[:5] == (0, 0, 0, 0, 0)
