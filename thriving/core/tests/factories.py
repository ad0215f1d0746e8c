import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core.models import AuditEvent, Membership, Organisation, Role, User


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


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory)
    actor_label = factory.LazyAttribute(lambda o: o.actor.email if o.actor else "")
    action = AuditEvent.Action.VIEWED
    event = "user.viewed"
    object_type = "core.user"
    object_label = factory.Sequence(lambda n: f"Resident {n}")
    subject = factory.Sequence(lambda n: f"resident{n}@example.org")
    purpose = "administration"


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True
