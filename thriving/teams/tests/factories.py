import datetime

import factory
from django.utils import timezone

from thriving.core.tests.factories import UserFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.models import Action, AgendaItem, Ask, Huddle, HuddleSeries, Team, TeamMember


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Connected Team {n}")
    slug = factory.Sequence(lambda n: f"connected-team-{n}")
    locality = factory.SubFactory(LocalityFactory)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    kind = TeamMember.Kind.MEMBER


class HuddleSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HuddleSeries

    team = factory.SubFactory(TeamFactory)
    first_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=1))
    starts_at = datetime.time(10, 0)
    minutes = 60
    place_text = "Community centre"


class HuddleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Huddle

    team = factory.SubFactory(TeamFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    place_text = "Community centre"


class AskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ask

    team = factory.SubFactory(TeamFactory)
    kind = Ask.Kind.PERMISSION
    theme = Ask.Theme.DATA_SHARING
    title = factory.Sequence(lambda n: f"Ask {n}")
    detail = "We need permission to share case notes at the huddle."
    enabler = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    due_by = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    created_at = factory.LazyFunction(timezone.now)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    huddle = factory.SubFactory(HuddleFactory)
    kind = AgendaItem.Kind.MEMBER
    title = factory.Sequence(lambda n: f"Item {n}")
