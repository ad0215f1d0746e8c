"""What each ORUK response reads, fetched up front so a page costs a fixed number of queries."""

from typing import Any

from django.db import connection
from django.db.models import Model, Prefetch, QuerySet

from thriving.core.models import Organisation
from thriving.directory.models import Contact, Location, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

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


# What `serialisers.service_at_location_basic` reads of each row (the proximity's page): reading
# only these leaves out half the columns and their converters (the service's JSON fields among
# them). A field it reads that is not here would cost a query a row, which the tests count.
BASIC = {
    ServiceAtLocation: {"uuid", "service_id", "location_id", "description"},
    Service: {
        "uuid", "organisation_id", "name", "description", "url", "email", "status", "application_process",
        "eligibility_description", "minimum_age", "maximum_age", "fees_description", "last_checked",
        "last_checked_by", "alert", "deliverable_type", "attending_type", "attending_access", "last_modified",
        "updated_at",
    },
    Organisation: {"uuid", "name", "description", "website", "logo", "uri", "email"},
    Location: {"uuid", "name", "description", "latitude", "longitude"},
}


class Rows:
    """Service-at-locations with their service, its organisation and their location, as
    `service_at_locations()` gives them, built from the columns of one raw statement (the
    proximity search's, `search_sql.oruk_nearby`): `columns` and `joins` to put in it, `build`
    to turn each row (less any columns after these) into a model with its related rows."""

    TABLES = ((ServiceAtLocation, "sal"), (Service, "s"), (Organisation, "o"), (Location, "l"))
    joins = (
        "INNER JOIN directory_service s ON s.id = sal.service_id "
        "INNER JOIN core_organisation o ON o.id = s.organisation_id "
        "INNER JOIN directory_location l ON l.id = sal.location_id"
    )

    def __init__(self, only: dict[type[Model], set[str]] | None = None) -> None:
        """`only`: the fields to read of each model (its primary key always), the others left
        deferred, as `.only()` leaves them; all of them without it."""
        self.fields = [
            (model, alias, [field for field in model._meta.concrete_fields
                            if only is None or field.primary_key or field.attname in only[model]])
            for model, alias in self.TABLES
        ]
        self.columns = ", ".join(f"{alias}.{field.column}" for _, alias, fields in self.fields for field in fields)
        # As the ORM converts what it reads: the database's converters first, then the field's.
        self.converters = [
            [
                (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
                for col in (field.get_col(model._meta.db_table) for field in fields)
            ]
            for model, _, fields in self.fields
        ]

    def build(self, row: tuple) -> ServiceAtLocation:
        made: list[Model] = []
        start = 0
        for (model, _, fields), converters in zip(self.fields, self.converters, strict=True):
            values: list[Any] = []
            for value, (col, found) in zip(row[start : start + len(fields)], converters, strict=True):
                for converter in found:
                    value = converter(value, col, connection)
                values.append(value)
            made.append(model.from_db(connection.alias, [field.attname for field in fields], values))
            start += len(fields)
        sal, service, organisation, location = made
        service._state.fields_cache["organisation"] = organisation
        sal._state.fields_cache["service"] = service
        sal._state.fields_cache["location"] = location
        return sal  # type: ignore[return-value]
