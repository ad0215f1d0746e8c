import datetime

import factory
from django.utils import timezone

from thriving.community.models import (
    AmbassadorProfile,
    GoodNewsStory,
    Idea,
    LocalNet,
    LocalNetSession,
    OrganisationPledge,
    PledgeCampaign,
    PledgeSignature,
    SessionSignup,
)
from thriving.core.tests.factories import UserFactory
from thriving.places.tests.factories import LocalityFactory


class LocalNetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalNet

    slug = factory.Sequence(lambda n: f"local-net-{n}")
    title = factory.Sequence(lambda n: f"Local Net {n}")
    theme = "Getting to know your neighbours"
    locality = factory.SubFactory(LocalityFactory)


class LocalNetSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalNetSession

    local_net = factory.SubFactory(LocalNetFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))


class SessionSignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSignup

    session = factory.SubFactory(LocalNetSessionFactory)
    name = factory.Sequence(lambda n: f"Neighbour {n}")
    person_key = factory.LazyAttribute(lambda o: f"name:{o.name.casefold()}")


class PledgeCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeCampaign

    slug = factory.Sequence(lambda n: f"pledge-{n}")
    title = factory.Sequence(lambda n: f"Be Kind Pledge {n}")
    pledge = "I will do one kind thing for a neighbour each week."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    is_published = True


class PledgeSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeSignature

    campaign = factory.SubFactory(PledgeCampaignFactory)
    name = factory.Sequence(lambda n: f"Signer {n}")
    person_key = factory.LazyAttribute(lambda o: f"name:{o.name.casefold()}")


class OrganisationPledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationPledge

    campaign = factory.SubFactory(PledgeCampaignFactory)
    organisation_name = factory.Sequence(lambda n: f"Community Group {n}")
    organisation_key = factory.LazyAttribute(lambda o: o.organisation_name.casefold())
    commitment = "We will open our hall for a weekly warm space."
    signed_by = "A. Volunteer"


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "A repair café in the church hall once a month."
    locality = factory.SubFactory(LocalityFactory)
    proposer_name = "A resident"
    created_at = factory.LazyFunction(timezone.now)


class AmbassadorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmbassadorProfile

    user = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"ambassador-{n}")
    display_name = factory.Sequence(lambda n: f"Ambassador {n}")
    locality = factory.SubFactory(LocalityFactory)
    is_public = True


class GoodNewsStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodNewsStory

    ambassador = factory.SubFactory(AmbassadorProfileFactory)
    title = factory.Sequence(lambda n: f"Good news {n}")
    body = "The community fridge shared 200 meals this month."
    locality = factory.LazyAttribute(lambda o: o.ambassador.locality)
