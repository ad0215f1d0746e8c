import datetime

import factory

from thriving.core.tests.factories import OrganisationFactory
from thriving.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy

    name = factory.Sequence(lambda n: f"Needs {n}")
    description = "Needs and circumstances"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"need-{n}")
    name = factory.Sequence(lambda n: f"Need {n}")
    description = "A need"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Community Centre {n}")
    address_1 = factory.Sequence(lambda n: f"{n} High Street")
    city = "Ilkeston"
    postcode = "DE7 8QA"
    latitude = 52.99
    longitude = -1.31


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Help for people who need it"
    status = Service.Status.ACTIVE
    access = factory.LazyFunction(lambda: [Service.Access.DROP_IN])
    last_checked = factory.LazyFunction(datetime.date.today)


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,WE,FR"
    opens_at = datetime.time(9, 30)
    closes_at = datetime.time(15, 0)
