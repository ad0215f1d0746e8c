"""The JSON API: its OpenAPI schema and problem-details errors."""

import json

import pytest


def test_the_openapi_schema_describes_every_operation(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Thriving API"
    assert "/api/v1/localities" in schema["paths"]
    assert "/api/v1/postcodes/{postcode}" in schema["paths"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path} has no summary"


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/localities", "/api/"])
def test_unknown_api_addresses_answer_in_problem_details(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 404
    assert body["title"] == "Not found"


def test_an_unknown_locality_is_a_problem(client, db):
    response = client.get("/api/v1/localities/atlantis")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "atlantis" in response.json()["detail"]


def test_a_malformed_postcode_is_a_problem(client, db):
    response = client.get("/api/v1/postcodes/NOT-A-POSTCODE")
    assert response.status_code == 400
    assert response.json()["title"] == "Malformed postcode"
