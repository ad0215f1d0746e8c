"""What each ORUK response reads, fetched up front so a page costs a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from thriving.core.models import Organisation
from thriving.directory.models import Contact, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

SCHEDULES = Schedule.objects.select_related("service", "location", "service_at_location")


def terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("taxonomy__name", "name", "pk")


def taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "pk")


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name", "pk")


def services() -> QuerySet[Service]:
    """Services with their one-to-one fields and organisation: one query. Lists run in the order
    records were made, which the primary key index gives without sorting."""
    return Service.objects.select_related("organisation").order_by("pk")


def full_services(queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Services with everything a fully nested record shows."""
    queryset = services() if queryset is None else queryset.select_related("organisation")
    return queryset.prefetch_related(
        Prefetch("schedules", queryset=SCHEDULES.order_by("byday", "opens_at", "pk")),
        "localities",
        "phones",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
        Prefetch("needs", queryset=terms()),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location", "location__organisation").order_by(
                "location__name", "pk"
            ),
        ),
        Prefetch("service_at_locations__location__schedules", queryset=SCHEDULES.order_by("byday", "opens_at", "pk")),
    )


def service_at_locations() -> QuerySet[ServiceAtLocation]:
    """Service-at-locations with service, organisation and location: one query."""
    return ServiceAtLocation.objects.select_related("service", "service__organisation", "location").order_by("pk")


def full_service_at_locations() -> QuerySet[ServiceAtLocation]:
    """Fully nested service-at-locations: the service comes through its own prefetching."""
    return ServiceAtLocation.objects.select_related("location", "location__organisation").prefetch_related(
        Prefetch("location__schedules", queryset=SCHEDULES.order_by("byday", "opens_at", "pk")),
        Prefetch("service", queryset=full_services(Service.objects.all())),
    )
