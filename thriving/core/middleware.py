"""Deny by default: every view must declare its policy, and the declared policy is enforced
before the view runs. Answers that may hold personal data are marked for no browser or proxy to keep."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from thriving.core import audit, policy
from thriving.core.conflicts import Conflict
from thriving.core.twofactor import needs_second_factor

logger = logging.getLogger(__name__)

# Actions a signed-in person may take before completing the second factor.
BEFORE_SECOND_FACTOR = {policy.PUBLIC, "core.second_factor"}


def view_policy(request: HttpRequest, view_func: Callable) -> str | None:
    match = request.resolver_match
    if match is not None and "admin" in match.namespaces:
        return "core.use_admin"
    if getattr(view_func, "__module__", "").startswith("django.views.static"):
        return policy.PUBLIC
    return policy.declared(view_func)


def redirect_to_second_factor(request: HttpRequest) -> HttpResponse:
    """To the code step, coming back to the page asked for (when it was a page, not a form sent)."""
    url = reverse("core:second-factor")
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)


class PolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.bind_request(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            audit.unbind_request(token)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        action = view_policy(request, view_func)
        request.thriving_policy = action  # type: ignore[attr-defined]  # read by NoStoreMiddleware
        if action is None:
            logger.error("View %s declares no policy; refusing", view_func)
            raise PermissionDenied("This page declares no access policy.")
        if action in (policy.PUBLIC, policy.API):
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if action not in BEFORE_SECOND_FACTOR and needs_second_factor(request):
            return redirect_to_second_factor(request)
        if not policy.can(user, action):
            audit.record(
                user,
                "access.refused",
                action=audit.Action.ACCESS_REFUSED,
                object_type="page",
                object_label=request.path[:200],
                purpose=action,
            )
            raise PermissionDenied(action)
        return None


def keeps_nothing(request: HttpRequest) -> bool:
    """Whether the answer to this request may hold personal data, so no browser or proxy should keep
    a copy: anything a signed-in person is shown, any page whose policy is not public, anything
    from the API. Static files are never personal."""
    if request.path.startswith(settings.STATIC_URL):
        return False
    if request.path.startswith("/api/"):
        return True
    if getattr(request, "thriving_policy", policy.PUBLIC) != policy.PUBLIC:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer that may hold personal data (see `keeps_nothing`),
    unless the view set its own caching. Public pages seen by someone not signed in stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and keeps_nothing(request):
            response["Cache-Control"] = "no-store"
        return response


class ConflictMiddleware:
    """The one place that turns a Conflict no view answered itself into the 409 page (the API
    answers its own with problem details, in `thriving.api.base`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Conflict):
            return render(request, "core/errors/409.html", {"message": str(exception)}, status=409)
        return None
