"""The API's operations, gathered on one NinjaAPI. Every operation declares a policy."""

from django.http import HttpRequest, HttpResponse

import thriving.api.frontdoor  # noqa: F401  registers its operations
from thriving.api import places  # noqa: F401  registers its operations
from thriving.api.base import api, problem
from thriving.core.policy import API, PUBLIC, public

patterns, app_name, namespace = api.urls
for pattern in patterns:
    # The schema and its docs are public; each operation's view checks the operation's policy.
    is_schema = pattern.name == "openapi-json"
    pattern.callback.thriving_policy = PUBLIC if is_schema else API

urls = (patterns, app_name, namespace)


@public
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/ answers in problem details, not an HTML page."""
    return problem(request, 404, "Not found", "There is no API operation at this address.")
