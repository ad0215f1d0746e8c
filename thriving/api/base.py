"""The JSON API's foundations: one NinjaAPI, the access policy on every operation, and errors
as problem details (RFC 9457), a 500 included: nothing under /api/ answers an HTML page."""

import functools
import json
import math
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.signals import got_request_exception
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt  # noqa: TID251 - no forms; see answers_problems
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thriving.api.openapi import PROBLEM, ThrivingAPI
from thriving.core import policy
from thriving.core.conflicts import Conflict


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM)


api = ThrivingAPI(
    title="Thriving API",
    version="1",
    description=(
        "The JSON API of Thriving. Every error is problem details (RFC 9457, "
        "`application/problem+json`); each operation lists the statuses it can answer. "
        "Operations that need a signed-in person use the session of the web service."
    ),
    urls_namespace="api-1",
    docs_url=None,
)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", [])), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problem(request, 422, "The request is not valid", "See errors for each problem.", errors=errors)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found", str(exc) or "There is nothing at this address.")


@api.exception_handler(PermissionDenied)
def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    if not request.user.is_authenticated:
        return problem(request, 401, "Sign in needed", "This operation needs a signed-in person.")
    return problem(request, 403, "Not allowed", "Your roles do not allow this operation.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "Sign in needed", "This operation needs a signed-in person.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own errors, such as a body that is not JSON (400), as problem details too."""
    titles = {400: "Bad request", 405: "Method not allowed", 429: "Too many requests"}
    return problem(request, exc.status_code, titles.get(exc.status_code, "Request refused"), str(exc))


@api.exception_handler(Conflict)
def changed_by_someone_else(request: HttpRequest, exc: Conflict) -> HttpResponse:
    """A Conflict no operation answered itself: 409, as the pages answer with the 409 page."""
    return problem(request, 409, "Changed by someone else", str(exc))


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else is answered by `answers_problems` around the API's views (never by ninja's
    default, a traceback in text with DEBUG on and an HTML page with it off)."""
    raise exc


def failed(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A 500 in problem details with no traceback. The exception is signalled and logged as
    Django's own handler does, so error reporting (and the test client) still see it."""
    got_request_exception.send(sender=None, request=request)
    response = problem(request, 500, "Something went wrong", "The service could not answer. Try again later.")
    log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request, exception=exc)
    return response


def answers_problems(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a view under /api/ so that whatever goes wrong is problem details: an exception
    (404, 403, 400 or 500), or a method the address does not take (405, with its Allow header).
    The API takes no forms, so Django's CSRF page is not its answer: the operations that change
    something check the session's CSRF token themselves (`StaffSession`), as problem details."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return problem(request, 404, "Not found", "There is nothing at this address.")
        except PermissionDenied as exc:
            return refused(request, exc)
        except (BadRequest, SuspiciousOperation):
            return problem(request, 400, "Bad request", "The request could not be understood.")
        except Exception as exc:  # every other failure: a 500 in problem details
            return failed(request, exc)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM:
            allowed = response["Allow"]
            response = problem(request, 405, "Method not allowed", f"This address takes {allowed}.")
            response["Allow"] = allowed
        return response

    return csrf_exempt(answer)


def safe_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer only GET and HEAD; other methods are 405 (as problem details, by `answers_problems`)."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    return answer


def paged(found: QuerySet, page: int, per_page: int) -> tuple[list, int]:
    """One page of a list and the list's length. The first page of an empty list is an empty page;
    a page past the end is not found (404), whatever its number, and is never asked of the database."""
    total = found.count()
    last = max(math.ceil(total / per_page), 1)
    if page > last:
        raise Http404(f"There is no page {page}: the last page is {last}.")
    start = (page - 1) * per_page
    return list(found[start : start + per_page]), total


def operation_policy(action: str) -> Callable[[Callable], Callable]:
    """Declare and enforce the policy of one API operation."""

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if action != policy.PUBLIC and not request.user.is_authenticated:
                raise PermissionDenied(action)
            policy.require(request.user, action)
            return func(request, *args, **kwargs)

        checked.thriving_policy = action  # type: ignore[attr-defined]
        return checked

    return wrap
