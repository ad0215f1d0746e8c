"""The API's OpenAPI schema tells the truth about errors: every operation documents each status it
can answer as problem details (`application/problem+json`, the `ProblemDetails` schema).

Those that follow from the framework are added to every operation here: 500 to all; 401 and 403
to those whose policy is not public; 422 to those taking input that can be invalid; 400 to those
taking a JSON body (one that does not parse); 429 to throttled ones. An operation declares those
its own code answers in its `response=` with `problems(404, 409)`."""

import typing
from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from thriving.core.policy import PUBLIC

PROBLEM = "application/problem+json"
REFERENCE = "#/components/schemas/ProblemDetails"

ERRORS = {
    400: "Bad request: a body that is not JSON, or a value the operation cannot read",
    401: "Not signed in",
    403: "Not allowed: your roles do not allow this, or a change came without the session's CSRF token",
    404: "Not found, or not yours to see",
    409: "Changed by someone else since you read it, or a key already used",
    422: "Invalid input: each invalid field in `errors`",
    429: "Too many requests: wait, then try again",
    500: "Something went wrong on our side",
}


class ProblemDetails(Schema):
    """Problem details (RFC 9457): the answer of every error. `errors` lists each invalid field of
    a 422."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


def problems(*statuses: int) -> dict[int, type[ProblemDetails]]:
    """The errors an operation's own code answers, for its `response=`."""
    unknown = set(statuses) - set(ERRORS)
    assert not unknown, f"Describe {unknown} in ERRORS first"
    return dict.fromkeys(statuses, ProblemDetails)


def _can_be_invalid(annotation: Any) -> bool:
    """Anything but text can fail validation (a path segment of text is always valid)."""
    if annotation is str:
        return False
    options = set(typing.get_args(annotation))
    return not (options and options <= {str, type(None)})


def implied_errors(operation: Operation) -> set[int]:
    """The errors that follow from the operation's policy and input, and the framework."""
    statuses = {500}
    if getattr(operation.view_func, "thriving_policy", None) != PUBLIC:
        statuses |= {401, 403}
    for model in operation.models:
        if model.__ninja_param_source__ == "body":
            statuses |= {400, 422}
        elif any(_can_be_invalid(field.annotation) for field in model.model_fields.values()):
            statuses.add(422)
    if operation.throttle_objects:
        statuses.add(429)
    return statuses


class ProblemsSchema(OpenAPISchema):
    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        errors = {status for status in result if status >= 400} | implied_errors(operation)
        for status in errors:
            result[status] = {"description": ERRORS[status], "content": {PROBLEM: {"schema": {"$ref": REFERENCE}}}}
        self.schemas.setdefault("ProblemDetails", ProblemDetails.model_json_schema())
        return dict(sorted(result.items()))


class ThrivingAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ProblemsSchema(api=self, path_prefix=path_prefix)
