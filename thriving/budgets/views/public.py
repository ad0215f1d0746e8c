"""The public spend pages, for anyone: the public pots and the localities that have them; every
award of a pot or of a locality's public pots, with totals read from the ledger; and the same rows
and totals as CSV and JSON downloads, streamed."""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thriving.budgets.queries import public as queries
from thriving.core.exports import csv_response
from thriving.core.policy import public


@public
@require_GET
def spend(request: HttpRequest) -> HttpResponse:
    """The public pots (a page of them, each with its totals) and the localities that have them."""
    page = queries.pots_page(request.user, request.GET.get("page"))
    return render(request, "budgets/public/spend.html", {
        "page_obj": page, "localities": list(queries.localities_with_public_pots(request.user)),
    })


@public
@require_GET
def spend_pot(request: HttpRequest, slug: str) -> HttpResponse:
    pot = queries.pot(request.user, slug)
    return render(request, "budgets/public/pot.html", {
        "pot": pot, "totals": queries.pot_totals(pot),
        "page_obj": queries.awards_page(request.user, [pot], request.GET.get("page")),
    })


@public
@require_GET
def spend_pot_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    pot = queries.pot(request.user, slug)
    totals = queries.pot_totals(pot)
    rows = queries.all_rows(request.user, [pot])
    return csv_response(f"spending-{pot.slug}.csv", queries.CSV_COLUMNS, queries.csv_rows(rows, totals), bom=True)


@public
@require_GET
def spend_pot_json(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    pot = queries.pot(request.user, slug)
    head = {"pot": queries.pot_json(pot), "totals": queries.pot_totals(pot).as_json()}
    return _json_response(f"spending-{pot.slug}.json", head, queries.all_rows(request.user, [pot]))


def _locality(request: HttpRequest, slug: str) -> tuple[Any, list]:
    found = queries.locality(slug)
    if found is None:
        raise Http404("No locality found")
    return found, queries.locality_pots(request.user, found)


@public
@require_GET
def spend_locality(request: HttpRequest, locality: str) -> HttpResponse:
    found, pots = _locality(request, locality)
    return render(request, "budgets/public/locality.html", {
        "locality": found, "pots": pots, "totals": queries.pots_totals(pots),
        "page_obj": queries.awards_page(request.user, pots, request.GET.get("page")),
    })


@public
@require_GET
def spend_locality_csv(request: HttpRequest, locality: str) -> StreamingHttpResponse:
    found, pots = _locality(request, locality)
    totals = queries.pots_totals(pots)
    rows = queries.all_rows(request.user, pots)
    return csv_response(f"spending-{found.slug}.csv", queries.CSV_COLUMNS, queries.csv_rows(rows, totals), bom=True)


@public
@require_GET
def spend_locality_json(request: HttpRequest, locality: str) -> StreamingHttpResponse:
    found, pots = _locality(request, locality)
    head = {
        "locality": {"slug": found.slug, "name": found.name, "local_authority": found.local_authority.name},
        "pots": [queries.pot_json(pot) for pot in pots],
        "totals": queries.pots_totals(pots).as_json(),
    }
    return _json_response(f"spending-{found.slug}.json", head, queries.all_rows(request.user, pots))


def _json_lines(head: dict[str, Any], rows: Iterable[queries.SpendRow]) -> Iterator[str]:
    """The JSON document, its head (the totals) first, then the awards one by one."""
    yield json.dumps(head)[:-1] + ', "awards": ['
    for number, row in enumerate(rows):
        yield ("," if number else "") + json.dumps(queries.row_json(row))
    yield "]}"


def _json_response(filename: str, head: dict[str, Any], rows: Iterable[queries.SpendRow]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_json_lines(head, rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
