import datetime

import factory
from django.utils import timezone

from thriving.core.tests.factories import OrganisationFactory
from thriving.directory.tests.factories import ServiceFactory
from thriving.frontdoor.models import Consent, HelpRequest, Household, Person, Referral, RequestEvent, SafeguardingNote
from thriving.frontdoor.queries import keys

COTMANHAY = (52.99126, -1.31964)  # the centre of Cotmanhay, where DE7 8QA is


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Resident{n}")
    family_name = factory.Sequence(lambda n: f"Example{n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    phone = ""
    postcode = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        keys.apply(person)
        person.save()
        return person


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    scope = Consent.Scope.SHARE
    method = Consent.Method.ONLINE
    statement = "I agree to share my details with organisations that can help."
    given_at = factory.LazyFunction(timezone.now)


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    person = factory.SubFactory(PersonFactory)
    description = "I need some help with food this week."
    created_at = factory.LazyFunction(timezone.now)


class RequestEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestEvent

    request = factory.SubFactory(HelpRequestFactory)
    kind = RequestEvent.Kind.NOTE
    text = "A note"
    at = factory.LazyFunction(timezone.now)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    request = factory.SubFactory(HelpRequestFactory, status=HelpRequest.Status.REFERRED)
    service = factory.SubFactory(ServiceFactory)
    organisation = factory.LazyAttribute(lambda o: o.service.organisation)
    consent = factory.LazyAttribute(lambda o: ConsentFactory(person=o.request.person))
    created_at = factory.LazyFunction(timezone.now)
    due_by = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))


class SafeguardingNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingNote

    person = factory.SubFactory(PersonFactory)
    text = "A restricted note."


__all__ = ["OrganisationFactory"]
