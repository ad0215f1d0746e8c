"""The API's operations, gathered on one NinjaAPI. Every operation declares a policy, and every
view under /api/ answers problem details whatever goes wrong (see `base.answers_problems`)."""

from django.http import HttpRequest, HttpResponse

import thriving.api.coaching  # noqa: F401  registers its operations
import thriving.api.frontdoor  # noqa: F401  registers its operations
from thriving.api import places  # noqa: F401  registers its operations
from thriving.api.base import answers_problems, api, problem, safe_only
from thriving.core.policy import API, public

patterns, app_name, namespace = api.urls
for pattern in patterns:
    # The schema is public; each operation's view checks the operation's policy.
    if pattern.name == "openapi-json":
        pattern.callback = public(answers_problems(safe_only(pattern.callback)))
    else:
        view = answers_problems(pattern.callback)
        view.thriving_policy = API  # type: ignore[attr-defined]
        pattern.callback = view

urls = (patterns, app_name, namespace)


@public
@answers_problems
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/ answers in problem details, not an HTML page."""
    return problem(request, 404, "Not found", "There is no API operation at this address.")
