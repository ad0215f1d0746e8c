"""The OpenAPI schema tells the truth about errors: walking /api/v1/openapi.json, every operation
documents exactly the error statuses its policy, its input and its code imply, each as problem
details (`application/problem+json`, the ProblemDetails schema), and the API's real errors
match that schema."""

import json

import jsonschema
import pytest
from django.test import Client

from thriving.api.urls import api
from thriving.core.policy import PUBLIC
from thriving.core.tests.factories import UserFactory

PROBLEM = "application/problem+json"
PROBLEM_CONTENT = {PROBLEM: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}

# What an operation's own code answers beyond what its policy and input imply.
CODE = {
    "GET /api/v1/postcodes/{postcode}": {400},  # a malformed postcode
    "GET /api/v1/coaching/relationships/{relationship_id}/ratings": {400},  # an unknown measure
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations_by_id() -> dict:
    found = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                found[api.get_openapi_operation_id(operation)] = operation
    return found


OPERATIONS = operations_by_id()


def schema_operations(schema) -> list[tuple[str, dict]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def free_text(node: dict) -> bool:
    """A value any text satisfies, so that it can never be invalid."""
    if "anyOf" in node:
        return all(free_text(option) for option in node["anyOf"])
    constraints = {"enum", "format", "pattern", "minLength", "maxLength", "$ref"}
    return node.get("type") in ("string", "null") and not constraints & node.keys()


def expected_errors(schema: dict, name: str, operation: dict) -> set[int]:
    view = OPERATIONS[operation["operationId"]]
    expected = {500}
    if view.view_func.thriving_policy != PUBLIC:
        expected |= {401, 403}  # not signed in; a role the policy refuses (or no CSRF token)
    parameters = operation.get("parameters", [])
    if any(not free_text(parameter["schema"]) for parameter in parameters):
        expected.add(422)
    if any(parameter["in"] == "path" for parameter in parameters):
        expected.add(404)  # every path parameter names something to find
    if any(parameter["name"] == "page" for parameter in parameters):
        expected.add(404)  # a page past the end
    if "requestBody" in operation:
        expected |= {400, 422}  # a body that is not JSON; one that is not valid
        [content] = operation["requestBody"]["content"].values()
        fields = resolve(schema, content["schema"]).get("properties", {})
        if {"version", "submission_key"} & fields.keys():
            expected.add(409)  # changed since it was read; a key already used
    if view.throttle_objects:
        expected.add(429)
    return expected | CODE.get(name, set())


def test_the_walk_finds_every_operation(schema):
    ids = {operation["operationId"] for _, operation in schema_operations(schema)}
    assert ids == set(OPERATIONS)
    assert set(CODE) <= {name for name, _ in schema_operations(schema)}


def test_every_operation_documents_exactly_the_errors_it_can_answer(schema):
    wrong = {}
    for name, operation in schema_operations(schema):
        documented = {int(status) for status in operation["responses"] if int(status) >= 400}
        expected = expected_errors(schema, name, operation)
        if documented != expected:
            wrong[name] = {"missing": sorted(expected - documented), "not possible": sorted(documented - expected)}
    assert not wrong, json.dumps(wrong, indent=1)


def test_every_error_is_documented_as_problem_details(schema):
    for name, operation in schema_operations(schema):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == PROBLEM_CONTENT, f"{name} {status}"
                assert response["description"], f"{name} {status}"
            else:
                assert list(response["content"]) == ["application/json"], f"{name} {status}"


def test_the_problem_details_schema_is_rfc_9457(schema):
    details = schema["components"]["schemas"]["ProblemDetails"]
    assert {"type", "title", "status", "detail", "instance", "errors"} <= details["properties"].keys()
    assert set(details["required"]) == {"title", "status"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "signed_in", "status"),
    [
        ("get", "/api/v1/requests", False, 401),
        ("get", "/api/v1/requests", True, 403),
        ("get", "/api/v1/requests?page=0", False, 401),
        ("get", "/api/v1/localities/atlantis", False, 404),
        ("get", "/api/v1/postcodes/NOT-A-POSTCODE", False, 400),
        ("post", "/api/v1/localities", False, 405),
        ("get", "/api/v1/nothing", False, 404),
    ],
)
def test_the_apis_errors_match_the_documented_schema(schema, method, path, signed_in, status):
    client = Client()
    if signed_in:
        client.force_login(UserFactory())  # a person with no role
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    jsonschema.validate(response.json(), schema["components"]["schemas"]["ProblemDetails"])
