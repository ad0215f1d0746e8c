"""The ORUK paging envelope and problem-details errors."""

import math
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000


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
    """The envelope for one page of the queryset: a count query and a page query.

    `rows` may turn the page's queryset into the objects `render` takes (to prefetch for them).
    A page past the end is an empty page, as the ORUK validator expects, not an error."""
    page = whole_number(request, "page", 1, 1)
    per_page = whole_number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = queryset.count()
    total_pages = math.ceil(total / per_page)
    start = (page - 1) * per_page
    items: Iterable = []
    if start < total:
        window = queryset[start : start + per_page]
        items = rows(window) if rows else window
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
