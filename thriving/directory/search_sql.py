"""The search's SQL, written once here rather than built through the ORM on every request.

`search.matching()` is the search as a queryset (the reference the tests hold this to); this
module writes the same filters and the same order as one statement with its parameters, so a
page of results costs what the raw SQL costs and no query building or compiling.

With a postcode, the places nearby are read nearest first in rings (`RINGS`: 1/64, 1/32 … of
the distance asked, and the whole of it): each ring is one arm of a `UNION ALL`, the places in
that band, ordered by distance, and the places with none (online or by phone) come last, by
name. The statement's LIMIT stops it as soon as the page is full, so a page near the middle of a
dense city reads the few hundred nearest places, not every place within the distance, and its
cost follows the results shown, not the size of the directory. Each band is ordered exactly as
the whole list would be (distance, then name, place and entry), and bands follow one another
outwards, so the rows are the same rows in the same order as `search.matching()` gives.

The count is capped (`CAP`): it reads at most CAP + 1 matches, and a search with more says
"more than CAP" and offers only the first CAP in pages (nearest first).
"""

import datetime
import math
from typing import Any

from django.db import connection
from django.utils import timezone

from thriving.directory import geo
from thriving.directory.queries import needs

CAP = 100
# How finely the distance asked is cut into rings: the innermost is 1/2**RINGS of it, but never
# less than MIN_RING_M across.
RINGS = 6
MIN_RING_M = 50

# The page's rows are chosen from the entries alone (the arms below), then joined to what the
# page shows: a join inside would let a planner start from the organisations.
FIELDS = (
    "e.service_id, s.uuid, s.name, s.status, s.is_free, o.name, l.uuid, l.name, l.address_1, l.postcode, "
    "e.latitude, e.longitude, page.distance_m2"
)
JOINS = (
    "INNER JOIN directory_searchentry e ON e.id = page.id "
    "INNER JOIN directory_service s ON e.service_id = s.id "
    "INNER JOIN core_organisation o ON s.organisation_id = o.id "
    "LEFT OUTER JOIN directory_location l ON e.location_id = l.id"
)
KEYS = "e.id AS id, e.service_name AS service_name, e.location_name AS location_name, e.service_at_location_id AS sal"
# The arms of a UNION ALL must be read in order, one after another, for the LIMIT to stop the
# reading with the right rows: a parallel plan (PostgreSQL's Parallel Append) would read them side
# by side. A function that may not run in parallel (`set_config`, here setting nothing that
# matters, and only for the statement's own transaction) keeps the whole plan serial.
SERIAL_PLAN = " WHERE set_config('max_parallel_workers_per_gather', '0', true) IS NOT NULL"
NO_DISTANCE = "CAST(NULL AS DOUBLE PRECISION)"
FTS = "SELECT rowid FROM directory_searchentry_fts WHERE directory_searchentry_fts MATCH %s"


def _like(value: str) -> str:
    """A LIKE pattern for `value` anywhere, as Django's `contains` escapes it."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Statement:
    """A statement being written: its common table expressions, and its parameters in order."""

    def __init__(self) -> None:
        self.ctes: dict[str, tuple[str, str, list[Any]]] = {}
        self.sqlite = connection.vendor == "sqlite"
        self._index: needs.NeedIndex | None = None

    @property
    def index(self) -> needs.NeedIndex:
        if self._index is None:
            self._index = needs.index()
        return self._index

    def contains(self, column: str, value: str, params: list[Any]) -> str:
        params.append(_like(value))
        return f"{column} LIKE %s ESCAPE '\\'" if self.sqlite else f"{column}::text LIKE %s"

    def has_any(self, column: str, ids: Any, params: list[Any]) -> str:
        ids = sorted(ids)
        if not ids:
            return "1 = 0"
        return "(" + " OR ".join(self.contains(column, f",{key},", params) for key in ids) + ")"

    def text(self, word: str, params: list[Any], nearby: bool = False) -> str:
        """As `search._matches_text`: on SQLite the trigram index (read once for the statement,
        however many arms ask), UPPER … LIKE on PostgreSQL (its trigram index). `nearby`, for the
        places within a ring, which are few: on SQLite an ASCII word is looked for in each one's
        words with LIKE (Django's `icontains` there) rather than through the index, which would
        read every entry holding the word in the whole directory first (the two agree on ASCII
        words: both fold ASCII case only, in a word of ASCII letters); on PostgreSQL the same
        UPPER … LIKE, written so that its planner cannot take the trigram index for it."""
        if self.sqlite and len(word) >= 3 and not (nearby and word.isascii()):
            if word not in self.ctes:
                self.ctes[word] = (f"w{len(self.ctes)}", FTS, ['"' + word.replace('"', '""') + '"'])
            return f"e.id IN {self.ctes[word][0]}"
        params.append(_like(word))
        if self.sqlite:
            return "e.words LIKE %s ESCAPE '\\'"
        if nearby:  # the same test, written so that PostgreSQL checks each place rather than the index
            return "UPPER(e.words::text || '') LIKE UPPER(%s)"
        return "UPPER(e.words::text) LIKE UPPER(%s)"

    def filters(self, criteria: Any, params: list[Any], nearby: bool = False) -> str:
        """The WHERE of `search.matching()` but the place: status, words, need, locality, free, open."""
        from thriving.directory import search

        index = self.index
        parts = ["NOT (e.status IN (" + ", ".join(["%s"] * len(search.UNFINDABLE)) + "))"]
        params.extend(search.UNFINDABLE)
        for word in criteria.words:
            matches = [self.text(word, params, nearby)]
            need_ids = index.matching_ids(word)
            if need_ids:
                matches.append(self.has_any("e.need_ids", need_ids, params))
            parts.append("(" + " OR ".join(matches) + ")")
        if criteria.need:
            need = index.by_uuid.get(criteria.need)
            parts.append(self.has_any("e.need_ids", index.descendant_ids(need) if need else set(), params))
        if criteria.locality is not None:
            parts.append(self.contains("e.locality_ids", f",{criteria.locality.id},", params))
        if criteria.free:
            parts.append("e.is_free = %s")
            params.append(True)
        if criteria.open_now:
            parts.append(_open_at(criteria.now or timezone.now(), params))
        return " AND ".join(parts)

    def sql(self, body: str, params: list[Any]) -> tuple[str, list[Any]]:
        if not self.ctes:
            return body, params
        ctes = list(self.ctes.values())
        head = ", ".join(f"{name} AS ({sql})" for name, sql, _ in ctes)
        return f"WITH {head} {body}", [p for _, _, cte_params in ctes for p in cte_params] + params


def _open_at(moment: datetime.datetime, params: list[Any]) -> str:
    """Open now, as `search.open_at`: compiled by the ORM (a correlated subquery on schedules)."""
    from thriving.directory import search
    from thriving.directory.models import SearchEntry

    sql, found = SearchEntry.objects.filter(search.open_at(moment)).values("id").query.sql_with_params()
    params.extend(found)
    return f"e.id IN ({sql})"


def _distance(lat: float, lng: float, params: list[Any]) -> str:
    """The squared distance in square metres, written as `geo.squared_distance_expression` is."""
    ky = geo.METRES_PER_DEGREE
    kx = geo.METRES_PER_DEGREE * math.cos(math.radians(lat))
    params.extend([lng, kx, lng, kx, lat, ky, lat, ky])
    return (
        "((((e.longitude - %s) * %s) * ((e.longitude - %s) * %s)) "
        "+ (((e.latitude - %s) * %s) * ((e.latitude - %s) * %s)))"
    )


def _near(statement: Statement, lat: float, lng: float, metres: float, params: list[Any]) -> tuple[str, str]:
    """(what to read from, the condition): the box through the spatial index, and the exact box.
    On SQLite the R*Tree is read first and joined to the entries, so that a LIMIT stops the
    reading (an `IN` would read the whole box first)."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, metres)
    if statement.sqlite:
        source = "directory_searchentry_rtree AS b CROSS JOIN directory_searchentry e ON e.id = b.id"
        spatial = "b.max_lat >= %s AND b.min_lat <= %s AND b.max_lng >= %s AND b.min_lng <= %s"
        params.extend([min_lat, max_lat, min_lng, max_lng])
    else:
        source = "directory_searchentry e"
        spatial = (
            "(box(point(e.longitude, e.latitude), point(e.longitude, e.latitude)) "
            "&& box(point(%s, %s), point(%s, %s)))"
        )
        params.extend([min_lng, min_lat, max_lng, max_lat])
    params.extend([min_lat, max_lat, min_lng, max_lng])
    return source, f"{spatial} AND e.latitude BETWEEN %s AND %s AND e.longitude BETWEEN %s AND %s"


def _placeless(statement: Statement, criteria: Any, params: list[Any]) -> str:
    """Those with no place: they serve everywhere, or the postcode's locality."""
    condition = "e.service_at_location_id IS NULL"
    locality = criteria.postcode.locality
    if locality is not None:
        params.append(",")
        serves = statement.contains("e.locality_ids", f",{locality.pk},", params)
        condition += f" AND (e.locality_ids = %s OR {serves})"
    return condition


def rings(metres: float) -> list[float]:
    """The outer radius of each ring, innermost first; the last is the distance asked."""
    found = [metres / 2**k for k in range(RINGS, 0, -1) if metres / 2**k >= MIN_RING_M]
    return [*found, metres]


def _arms(statement: Statement, criteria: Any, wanted: int | None) -> tuple[list[str], list[Any]]:
    """The arms of the UNION ALL, in order: each ring's places by distance, then those with no
    place by name; each arm reads at most `wanted` rows (None: the count's arms, unordered)."""
    answer = criteria.postcode
    metres = criteria.distance_km * 1000
    arms, params, inner = [], [], 0.0
    for n, outer in enumerate(rings(metres) if wanted is not None else [metres]):
        arm: list[Any] = []
        distance = _distance(answer.lat, answer.lng, arm) if wanted is not None else ""
        # The place first (cheap comparisons that leave the ring), then the words and needs.
        source, near = _near(statement, answer.lat, answer.lng, outer, arm)
        where = f"{near} AND {_distance(answer.lat, answer.lng, arm)} <= %s"
        arm.append(outer * outer)
        if inner:
            where += f" AND {_distance(answer.lat, answer.lng, arm)} > %s"
            arm.append(inner * inner)
        where += f" AND {statement.filters(criteria, arm, nearby=True)}"
        if wanted is None:
            arms.append(f"SELECT 1 AS one FROM {source} WHERE {where}")
        else:
            arm.append(wanted)
            arms.append(
                f"SELECT * FROM (SELECT {n} AS arm, {KEYS}, {distance} AS distance_m2 FROM {source} WHERE {where} "
                f"ORDER BY distance_m2, e.service_name, e.service_at_location_id, e.id LIMIT %s) AS r{n}"
            )
        params.extend(arm)
        inner = outer
    arm = []
    where = f"{statement.filters(criteria, arm)} AND {_placeless(statement, criteria, arm)}"
    if wanted is None:
        arms.append(f"SELECT 1 AS one FROM directory_searchentry e WHERE {where}")
    else:
        arm.append(wanted)
        arms.append(
            f"SELECT * FROM (SELECT {len(arms)} AS arm, {KEYS}, {NO_DISTANCE} AS distance_m2 "
            f"FROM directory_searchentry e WHERE {where} ORDER BY e.service_name, e.id LIMIT %s) AS p"
        )
    params.extend(arm)
    return arms, params


def _count(statement: Statement, criteria: Any) -> tuple[str, list[Any]]:
    """How many match, counting no further than CAP + 1."""
    if criteria.postcode is None:
        params: list[Any] = []
        where = statement.filters(criteria, params)
        params.append(CAP + 1)
        rows = f"SELECT 1 AS one FROM directory_searchentry e WHERE {where} LIMIT %s"
        return f"SELECT COUNT(*) FROM ({rows}) AS c", params
    arms, params = _arms(statement, criteria, None)
    params.append(CAP + 1)
    return f"SELECT COUNT(*) FROM ({' UNION ALL '.join(arms)} LIMIT %s) AS c", params


def page(criteria: Any, offset: int, limit: int) -> tuple[str, list[Any]]:
    """One page of rows, each FIELDS (the squared distance NULL with no postcode or no place)
    and the count of every match capped at CAP + 1 (a subquery, read once)."""
    statement = Statement()
    count, count_params = _count(statement, criteria)
    if criteria.postcode is None:
        params: list[Any] = []
        where = statement.filters(criteria, params)
        rows = (
            f"SELECT 0 AS arm, {KEYS}, {NO_DISTANCE} AS distance_m2 FROM directory_searchentry e WHERE {where} "
            "ORDER BY e.service_name, e.location_name, e.service_at_location_id, e.id LIMIT %s OFFSET %s"
        )
        order = "page.service_name, page.location_name, page.sal, page.id"
    else:
        arms, params = _arms(statement, criteria, offset + limit)
        rows = " UNION ALL ".join(arms) + " LIMIT %s OFFSET %s"
        order = "page.arm, page.distance_m2, page.service_name, page.sal, page.id"
    params.extend([limit, offset])
    serial = "" if statement.sqlite else SERIAL_PLAN
    body = f"SELECT {FIELDS}, ({count}) AS total FROM ({rows}) AS page {JOINS}{serial} ORDER BY {order}"
    return statement.sql(body, [*count_params, *params])


def count(criteria: Any) -> tuple[str, list[Any]]:
    """The capped count alone (for a page past the end, which has no rows to carry it)."""
    statement = Statement()
    sql, params = _count(statement, criteria)
    return statement.sql(sql, params)


def oruk_nearby(
    lat: float, lng: float, metres: float, locality_id: int | None, within: tuple[str, list[Any]] | None,
    offset: int, limit: int, columns: str, joins: str,
) -> tuple[str, list[Any]]:
    """The ORUK proximity (`openreferral.filters`): one page of service-at-locations (alias
    `sal`) within `metres`, nearest first (then by id), of any status, each row `columns` (from
    `joins` on `sal`) and the exact total; with a locality, only those whose service's areas hold
    it or that state none; `within` an SQL subquery of the ids the other filters allow."""
    statement = Statement()
    params: list[Any] = []
    distance = _distance(lat, lng, params)
    source, near = _near(statement, lat, lng, metres, params)
    where = f"{near} AND {_distance(lat, lng, params)} <= %s"
    params.append(metres * metres)
    if locality_id is not None:
        where += (
            " AND (EXISTS (SELECT 1 FROM directory_service_localities a WHERE a.service_id = e.service_id "
            "AND a.locality_id = %s) OR NOT EXISTS (SELECT 1 FROM directory_service_localities a "
            "WHERE a.service_id = e.service_id))"
        )
        params.append(locality_id)
    if within is not None:
        where += f" AND e.service_at_location_id IN ({within[0]})"
        params.extend(within[1])
    params.extend([limit, offset])
    ids = (
        f"SELECT e.service_at_location_id AS sal_id, {distance} AS distance_m2, COUNT(*) OVER () AS total "
        f"FROM {source} WHERE e.service_at_location_id IS NOT NULL AND {where} "
        "ORDER BY distance_m2, e.service_at_location_id LIMIT %s OFFSET %s"
    )
    return (
        f"SELECT {columns}, page.total FROM ({ids}) AS page "
        f"INNER JOIN directory_serviceatlocation sal ON sal.id = page.sal_id {joins} "
        "ORDER BY page.distance_m2, page.sal_id",
        params,
    )
