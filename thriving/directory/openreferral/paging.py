"""The ORUK paging envelope and problem-details errors."""

import math
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest, JsonResponse

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
HIGHEST_ROW = 2**63 - 1


class Problem(Exception):
    """A request the API refuses, answered as RFC 9457 problem details."""

    titles = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Something went wrong"}

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

    def response(self) -> JsonResponse:
        body = {
            "type": "about:blank",
            "title": self.titles.get(self.status, "Error"),
            "status": self.status,
            "detail": self.detail,
        }
        return JsonResponse(body, status=self.status, content_type="application/problem+json")


def whole_number(request: HttpRequest, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Problem(400, f"{name} must be a whole number, not '{raw[:40]}'") from None
    if value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise Problem(400, f"{name} must be {limit}, not {value}")
    return value


def page_of(
    request: HttpRequest, queryset: QuerySet, render: Callable[[Any], dict[str, Any]], rows: Callable | None = None
) -> dict[str, Any]:
    """The envelope for one page of the queryset.

    With no `rows`, one query: the page with the total alongside (a window count over the same
    query), and a count query only for a page past the end. Otherwise `rows` turns the page's
    queryset into the objects `render` takes (to prefetch for them), after a count query.
    A page past the end is an empty page, as the ORUK validator expects, not an error."""
    page = whole_number(request, "page", 1, 1)
    per_page = whole_number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    start = (page - 1) * per_page
    items: Iterable = []
    if rows is None:
        # Databases take OFFSET and LIMIT as signed 64-bit integers: a page beyond is past the end.
        found = []
        if start + per_page <= HIGHEST_ROW:
            found = list(queryset.annotate(oruk_total=Window(Count("*")))[start : start + per_page])
        total = found[0].oruk_total if found else (0 if page == 1 else queryset.count())
        items = found
    else:
        total = queryset.count()
        if start < total:
            items = rows(queryset[start : start + per_page])
    total_pages = math.ceil(total / per_page)
    contents = [render(item) for item in items]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def nearby_page(request: HttpRequest, near: Any, render: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The envelope for one page of a proximity search (`filters.Nearby`): the page's rows,
    nearest first, with everything `render` reads and the exact total alongside, in one
    statement (`search_sql.oruk_nearby`). The same envelope as `page_of` gives."""
    from thriving.directory import search_sql
    from thriving.directory.openreferral.querysets import BASIC, Rows
    from thriving.directory.openreferral.serialisers import service_at_location_basic

    page = whole_number(request, "page", 1, 1)
    per_page = whole_number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    start = (page - 1) * per_page
    within = near.within.query.sql_with_params() if near.within is not None else None
    built = Rows(BASIC) if render is service_at_location_basic else Rows()

    def fetch(offset: int, limit: int) -> list[tuple]:
        place = near.place
        sql, params = search_sql.oruk_nearby(
            place.lat, place.lng, near.metres, place.locality_id, within, offset, limit, built.columns, built.joins
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    found = fetch(start, per_page) if start + per_page <= HIGHEST_ROW else []
    if found:
        total = found[0][-1]
    else:
        first = fetch(0, 1) if page > 1 else []
        total = first[0][-1] if first else 0
    contents = [render(built.build(row[:-1])) for row in found]
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
