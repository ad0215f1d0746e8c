import factory

from thriving.core.models import Membership, Organisation, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"worker{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test Worker {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Group {n}")
    slug = factory.Sequence(lambda n: f"community-group-{n}")
    type = Organisation.Type.COMMUNITY_GROUP


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.HUB_WORKER
