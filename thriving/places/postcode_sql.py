"""The postcode look-up in one statement, written once rather than compiled through the ORM on
every search (compiling the area's query with its three joins cost more than running it).

The rows become model instances as the ORM would make them (each field's converters applied,
`Model.from_db`), with the area's locality and local authorities in place, so a caller sees
what `select_related` gave."""

import functools
from typing import Any

from django.db import connection
from django.db.models import Model

from thriving.places.models import Area, LocalAuthority, Locality, Postcode

# (alias, model) of each table read; the area's and the locality's local authorities, and the
# postcode's own (read only when its area is not held).
TABLES: tuple[tuple[str, type[Model]], ...] = (
    ("a", Area),
    ("l", Locality),
    ("ala", LocalAuthority),
    ("lla", LocalAuthority),
    ("pla", LocalAuthority),
)


def _columns(model: type[Model]) -> list[Any]:
    return list(model._meta.concrete_fields)


@functools.cache
def _statement() -> str:
    quote = connection.ops.quote_name
    selected = [f"p.{quote('lat')}", f"p.{quote('lng')}"] + [
        f"{alias}.{quote(str(field.column))}" for alias, model in TABLES for field in _columns(model)
    ]

    def table(model: type[Model]) -> str:
        return quote(model._meta.db_table)

    area_code = quote(str(Postcode._meta.get_field("area_code").column))
    authority_code = quote(str(Postcode._meta.get_field("local_authority_code").column))
    return (
        f"SELECT {', '.join(selected)} FROM {table(Postcode)} p "
        f"LEFT JOIN {table(Area)} a ON a.{quote('code')} = p.{area_code} "
        f"LEFT JOIN {table(Locality)} l ON l.{quote('id')} = a.{quote('locality_id')} "
        f"LEFT JOIN {table(LocalAuthority)} ala ON ala.{quote('id')} = a.{quote('local_authority_id')} "
        f"LEFT JOIN {table(LocalAuthority)} lla ON lla.{quote('id')} = l.{quote('local_authority_id')} "
        f"LEFT JOIN {table(LocalAuthority)} pla "
        f"ON a.{quote('id')} IS NULL AND pla.{quote('code')} = p.{authority_code} "
        f"WHERE p.{quote('postcode')} = %s"
    )


def _instance(model: type[Model], values: list[Any]) -> Model | None:
    fields = _columns(model)
    if values[[f.primary_key for f in fields].index(True)] is None:
        return None  # not joined
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def look_up(postcode: str) -> tuple[float, float, Area | None, LocalAuthority | None] | None:
    """(lat, lng, the area with its locality and authorities, the local authority) of a postcode
    as held (normalised, 'DE7 4AA'), or None when it is not held."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [postcode])
        row = cursor.fetchone()
    if row is None:
        return None
    lat, lng, rest = row[0], row[1], list(row[2:])
    made = []
    for _alias, model in TABLES:
        width = len(_columns(model))
        made.append(_instance(model, rest[:width]))
        rest = rest[width:]
    area, locality, area_authority, locality_authority, own_authority = made
    if area is None:
        return lat, lng, None, own_authority  # type: ignore[return-value]
    if locality is not None:
        Locality.local_authority.field.set_cached_value(locality, locality_authority)  # type: ignore[attr-defined]
    Area.locality.field.set_cached_value(area, locality)  # type: ignore[attr-defined]
    Area.local_authority.field.set_cached_value(area, area_authority)  # type: ignore[attr-defined]
    return lat, lng, area, area_authority  # type: ignore[return-value]
