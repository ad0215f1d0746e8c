"""The ORUK 3.0 endpoints: plain, public, read-only views answering JSON.

Lists answer the paging envelope in one query (two with `full`; two more with a postcode); details
answer one fully nested record; errors answer problem details (application/problem+json)."""

import functools
import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import got_request_exception
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt  # noqa: TID251 - read-only; see oruk

from thriving.core.policy import public
from thriving.directory.openreferral import filters, querysets
from thriving.directory.openreferral import serialisers as s
from thriving.directory.openreferral.paging import Problem, nearby_page, page_of

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
OPENAPI = "https://docs.openreferraluk.org/en/latest/openapi30.json"


SAFE = ("GET", "HEAD")


def oruk(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Public and read-only: GET and HEAD, any other method a 405 with an Allow header. Every
    error is problem details: a Problem raised inside, and anything unexpected (a 500, logged and
    signalled as Django's own handler does, with no traceback in the answer). Having no forms and
    changing nothing, the endpoints need no CSRF check, which would answer an HTML page."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE:
            refusal = Problem(405, f"The Open Referral UK API takes only {' and '.join(SAFE)}.").response()
            refusal["Allow"] = ", ".join(SAFE)
            return refusal
        try:
            result = view(request, *args, **kwargs)
            if isinstance(result, HttpResponseBase):
                return result
            return JsonResponse(result, safe=False, json_dumps_params={"ensure_ascii": False})
        except Problem as problem:
            return problem.response()
        except Exception as exc:  # every other failure: a 500 in problem details
            return failed(request, exc)

    return public(csrf_exempt(answer))


def failed(request: HttpRequest, exc: Exception) -> HttpResponse:
    got_request_exception.send(sender=None, request=request)
    response = Problem(500, "The service could not answer. Try again later.").response()
    log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request, exception=exc)
    return response


def one(queryset: QuerySet, raw_id: str, kind: str) -> Any:
    try:
        key = uuid.UUID(raw_id)
    except ValueError:
        raise Problem(404, f"There is no {kind} with the id '{raw_id[:60]}': ids are UUIDs") from None
    found = queryset.filter(uuid=key).first()
    if found is None:
        raise Problem(404, f"There is no {kind} with the id {key}")
    return found


def listing(
    request: HttpRequest, queryset: QuerySet, render: Callable[[Any], dict[str, Any]], rows: Callable | None = None
) -> dict[str, Any] | HttpResponse:
    """A page of the envelope, or with format=ndjson every result, one JSON object a line (the
    specification's "stream all the results without pagination"). Parameters are parsed by the
    caller before this, so a bad one is a 400 rather than a broken stream."""
    if filters.output_format(request) == "ndjson":
        def lines() -> Iterable[str]:
            chunk = 500
            total = queryset.count()
            for start in range(0, total, chunk):
                window = queryset[start : start + chunk]
                for item in rows(window) if rows else window:
                    yield json.dumps(render(item), cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"

        return StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    return page_of(request, queryset, render, rows)


@oruk
def not_found(request: HttpRequest, path: str) -> dict[str, Any]:
    raise Problem(404, f"There is no ORUK endpoint /openreferral/{path[:80]}")


@oruk
def api_details(request: HttpRequest) -> dict[str, Any]:
    return {
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": OPENAPI,
    }


def _minimal(service) -> dict[str, Any]:
    return {
        "id": str(service.uuid),
        "name": service.name,
        "status": service.status,
        "last_modified": s._datetime(service.updated_at),
    }


@oruk
def services(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    queryset = filters.services(querysets.services(), request)
    if filters.flag(request, "minimal"):
        return listing(request, queryset.select_related(None).only("uuid", "name", "status", "updated_at"), _minimal)
    if filters.flag(request, "full"):
        return listing(request, queryset, s.service_full, querysets.full_services)
    return listing(request, queryset, s.service_basic)


@oruk
def service(request: HttpRequest, id: str) -> dict[str, Any]:
    return s.service_full(one(querysets.full_services(), id, "service"))


@oruk
def service_at_locations(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    if not filters.flag(request, "full") and filters.output_format(request) == "json":
        near = filters.nearby(querysets.service_at_locations(), request)
        if near is not None:  # the busiest list: one statement for the page, one for its rows
            return nearby_page(request, near, s.service_at_location_basic)
    queryset = filters.service_at_locations(querysets.service_at_locations(), request)
    if filters.flag(request, "full"):
        pks = queryset.values_list("pk", flat=True)

        def full(window: QuerySet) -> list:
            keys = list(window)
            found = {sal.pk: sal for sal in querysets.full_service_at_locations().filter(pk__in=keys)}
            return [found[key] for key in keys]

        return listing(request, pks, s.service_at_location_full, full)
    return listing(request, queryset, s.service_at_location_basic)


@oruk
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:
    return s.service_at_location_full(one(querysets.full_service_at_locations(), id, "service_at_location"))


@oruk
def organizations(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    queryset = filters.words(querysets.organisations(), request, "name", "description")
    full = filters.flag(request, "full")
    full_service = filters.flag(request, "full_service")
    if not (full or full_service):
        return listing(request, queryset, s.organisation_basic)
    services_of = ServicesOf(full_service)

    def rows(window: QuerySet) -> list:
        organisations = list(window)
        services_of.prime(organisations)
        return organisations

    return listing(request, queryset, lambda org: s.organisation_full(org, services_of(org)), rows)


class ServicesOf:
    """The services of a page of organisations, read in one go."""

    def __init__(self, full: bool) -> None:
        self.full = full
        self.found: dict[int, list[dict[str, Any]]] = {}

    def prime(self, organisations: list) -> None:
        queryset = querysets.services().filter(organisation__in=[o.pk for o in organisations])
        if self.full:
            queryset = querysets.full_services(queryset)
        render = s.service_full if self.full else s.service_basic
        self.found = {o.pk: [] for o in organisations}
        for item in queryset:
            self.found[item.organisation_id].append(render(item))

    def __call__(self, org) -> list[dict[str, Any]]:
        return self.found.get(org.pk, [])


@oruk
def organization(request: HttpRequest, id: str) -> dict[str, Any]:
    org = one(querysets.organisations(), id, "organization")
    services_of = ServicesOf(filters.flag(request, "full_service"))
    services_of.prime([org])
    return s.organisation_full(org, services_of(org))


@oruk
def taxonomies(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    queryset = filters.words(querysets.taxonomies(), request, "name", "description")
    return listing(request, queryset, s.taxonomy)


@oruk
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:
    found = one(querysets.taxonomies(), id, "taxonomy")
    return s.taxonomy(found, list(querysets.terms().filter(taxonomy=found)))


@oruk
def taxonomy_terms(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    return listing(request, filters.taxonomy_terms(querysets.terms(), request), s.term)


@oruk
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any]:
    return s.term(one(querysets.terms(), id, "taxonomy term"))
