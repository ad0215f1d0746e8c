"""Portable pieces of SQL for the demand picture: hours between two moments, and a continuous
percentile aggregate that is PERCENTILE_CONT on PostgreSQL and a small Python aggregate on SQLite.

The SQLite aggregate is registered on every new connection (the connection_created hook below,
connected when this module is imported, which `thriving.frontdoor.demand.queries.live` does) and
again, to be sure, whenever a query using `Percentile` is compiled.
"""

import math
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, FloatField, Func


class HoursBetween(Func):
    """Hours from one moment to a later one, as a float."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL
        start, end = (compiler.compile(e) for e in self.get_source_expressions())
        return f"(EXTRACT(EPOCH FROM ({end[0]} - {start[0]})) / 3600.0)", [*end[1], *start[1]]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        start, end = (compiler.compile(e) for e in self.get_source_expressions())
        return f"((julianday({end[0]}) - julianday({start[0]})) * 24.0)", [*end[1], *start[1]]


class _SqlitePercentile:
    """PERCENTILE_CONT for SQLite: linear interpolation between the closest ranks."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value: float | None, fraction: float) -> None:
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return percentile(self.values, self.fraction)


def percentile(values: list[float], fraction: float) -> float | None:
    """As PostgreSQL's percentile_cont: None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _register_sqlite(connection: Any) -> None:
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_aggregate("thriving_percentile", 2, _SqlitePercentile)


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    _register_sqlite(connection)


connection_created.connect(_on_connection_created, dispatch_uid="thriving.frontdoor.demand.percentile")


class Percentile(Aggregate):
    """The continuous percentile of an expression (0.5 for the median)."""

    name = "Percentile"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        if extra.get("filter") is not None:
            raise ValueError("Percentile takes no filter: give it a CASE that is NULL for the rows to leave out")
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"PERCENTILE_CONT({self.fraction!r}) WITHIN GROUP (ORDER BY {sql})", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        connection.ensure_connection()
        _register_sqlite(connection)
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"thriving_percentile({sql}, {self.fraction!r})", params
