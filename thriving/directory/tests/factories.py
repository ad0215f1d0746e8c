import datetime

import factory

from thriving.core.tests.factories import OrganisationFactory
from thriving.directory.interchange.models import Feed, ImportRun
from thriving.directory.models import (
    Location,
    Platform,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
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


def build_directory(services: int = 30, organisations: int = 4, seed: int = 7) -> dict:
    """A small, varied directory for the Open Referral tests: several organisations, a two-level
    needs taxonomy, localities, locations (a few without coordinates), schedules, languages,
    services of every status, some with no location. Returns what it made, by kind."""
    import random

    from thriving.core.tests.factories import OrganisationFactory as OrgFactory
    from thriving.places.tests.factories import LocalityFactory

    rnd = random.Random(seed)
    orgs = [
        OrgFactory(description=f"A group that helps, number {n}", email=f"hello{n}@example.org",
                   website=f"https://group{n}.example.org", charity_number="1234567" if n % 2 else "")
        for n in range(organisations)
    ]
    taxonomy = TaxonomyFactory(name="Thriving needs", uri="https://thriving.example.org/needs", version="1")
    parents = [TaxonomyTermFactory(taxonomy=taxonomy, name=name) for name in ("Food", "Money", "Housing")]
    children = [
        TaxonomyTermFactory(taxonomy=taxonomy, parent=parent, name=f"{parent.name} {kind}")
        for parent in parents
        for kind in ("advice", "support")
    ]
    other = TaxonomyTermFactory(taxonomy=TaxonomyFactory(name="Circumstances"), name="Carer")
    localities = [LocalityFactory(name=name) for name in ("Cotmanhay", "Shirebrook")]
    locations = [
        LocationFactory(
            organisation=rnd.choice(orgs),
            latitude=None if n % 7 == 6 else 52.9 + rnd.random() / 5,
            longitude=None if n % 7 == 6 else -1.5 + rnd.random() / 5,
            description=f"Hall number {n}",
            accessibility="Step-free entrance" if n % 2 else "",
            facilities=["kitchen", "wifi"] if n % 3 == 0 else [],
            phone="01332 000000" if n % 4 == 0 else "",
        )
        for n in range(max(3, services // 2))
    ]
    statuses = list(Service.Status.values)
    made = []
    for n in range(services):
        service = ServiceFactory(
            organisation=orgs[n % organisations],
            status=statuses[n % len(statuses)],
            url=f"https://example.org/service/{n}" if n % 2 else "",
            email=f"service{n}@example.org" if n % 3 else "",
            phone="01773 123456" if n % 2 == 0 else "",
            is_free=n % 5 != 0,
            fees_description="" if n % 5 else "£2 a session",
            languages=["en", "pl"] if n % 4 == 0 else ["en"],
            minimum_age=16 if n % 6 == 0 else None,
            alert="Closed on bank holidays" if n % 9 == 0 else "",
        )
        service.needs.set(rnd.sample(children, 2) + ([other] if n % 5 == 0 else []))
        if n % 3 == 0:
            service.localities.set([localities[n % 2]])
        if n % 8 != 7:
            for location in rnd.sample(locations, 1 + n % 2):
                ServiceAtLocationFactory(service=service, location=location)
        ScheduleFactory(service=service, byday="MO,TU" if n % 2 else "FR", valid_from=datetime.date(2025, 1, 1))
        made.append(service)
    ScheduleFactory(service=None, location=locations[0], byday="SA")
    return {"organisations": orgs, "taxonomies": [taxonomy, other.taxonomy], "terms": [*parents, *children, other],
            "locations": locations, "services": made, "localities": localities}


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    slug = factory.Sequence(lambda n: f"network-{n}")
    name = factory.Sequence(lambda n: f"Network {n}")
    coordinator = factory.SubFactory(OrganisationFactory)


class ProblemReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemReport

    service = factory.SubFactory(ServiceFactory)
    description = "The phone number is wrong"


class ServiceChangeFactory(factory.django.DjangoModelFactory):
    """A pending change to an existing service, proposing a new name."""

    class Meta:
        model = ServiceChange

    service = factory.SubFactory(ServiceFactory)
    organisation = factory.LazyAttribute(lambda o: o.service.organisation)
    base_version = factory.LazyAttribute(lambda o: o.service.version)
    data = factory.LazyAttribute(lambda o: {"name": f"{o.service.name} (renamed)", "status": "active"})


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    source = "feed.json"
    format = "Open Referral UK 1.0 JSON"
    status = ImportRun.Status.PARTLY
    run_by = "operator"
    records = 3
    landed = 2
    refused = 1
    report = factory.LazyFunction(lambda: {
        "formats": ["Open Referral UK 1.0 JSON"], "counts": {"services created": 2}, "refused": {"services": 1},
        "problems": [{"reason": "name missing", "file": "feed.json", "position": "record 3", "table": "services",
                      "id": "s-3", "field": "name", "value": ""}],
        "warnings": [], "problems_total": 1, "warnings_total": 0,
    })


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    name = factory.Sequence(lambda n: f"Riverside Council feed {n}")
    url = factory.Sequence(lambda n: f"https://feed{n}.example.org/oruk")
    organisation = factory.SubFactory(OrganisationFactory)
    format = Feed.Format.API
    frequency = Feed.Frequency.DAILY


COTMANHAY = (52.99126, -1.31964)  # DE7 8QA, where the searches' fixture puts its postcode
