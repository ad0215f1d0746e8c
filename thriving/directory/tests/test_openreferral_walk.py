"""The schema walk: page through every ORUK list from the first page to the last, validate every
page against its UK-profile schema, then fetch every id a list returned from its detail endpoint
and validate that too. Also the standards' own examples, as a check on the validators."""

import json

import pytest

from thriving.directory.openreferral import schemas
from thriving.directory.tests.factories import build_directory

LISTS = [
    ("/openreferral/services", "service_list.json", "/openreferral/services/{}", "service.json"),
    (
        "/openreferral/service_at_locations",
        "service_at_location_list.json",
        "/openreferral/service_at_locations/{}",
        "service_at_location.json",
    ),
    (
        "/openreferral/organizations",
        "page:organization_list.json",
        "/openreferral/organizations/{}",
        "organization.json",
    ),
    ("/openreferral/taxonomies", "taxonomy_list.json", "/openreferral/taxonomies/{}", "taxonomy.json"),
    (
        "/openreferral/taxonomy_terms",
        "taxonomy_term_list.json",
        "/openreferral/taxonomy_terms/{}",
        "taxonomy_term.json",
    ),
]

EXAMPLES = [
    ("api_details.json", "api_details.json"),
    ("service_full.json", "service.json"),
    ("service_list.json", "service_list.json"),
    ("service_at_location_full.json", "service_at_location.json"),
    ("service_at_location_list.json", "service_at_location_list.json"),
    ("organization_full.json", "organization.json"),
    ("organization_list.json", "page:organization_list.json"),
    ("taxonomy.json", "taxonomy.json"),
    ("taxonomy_list.json", "taxonomy_list.json"),
    ("taxonomy_term.json", "taxonomy_term.json"),
    ("taxonomy_term_list.json", "taxonomy_term_list.json"),
]


def valid(schema: str, document) -> None:
    problems = schemas.errors(schema, document)
    assert not problems, f"{schema}: " + "; ".join(problems[:10])


@pytest.mark.parametrize(("example", "schema"), EXAMPLES)
def test_the_standards_examples_validate(example, schema):
    valid(schema, json.loads((schemas.EXAMPLES / example).read_text()))


def test_the_validators_refuse_what_is_wrong():
    assert schemas.errors("service.json", {"id": "not-a-uuid", "name": "x", "status": "open"})
    assert schemas.errors("service_list.json", {"contents": []})  # no envelope
    assert schemas.errors("page:organization_list.json", {"contents": [{"id": "x"}]})


def walk(client, url: str, schema: str, per_page: int = 7, **params) -> list[dict]:
    seen, page = [], 1
    while True:
        response = client.get(url, {"page": page, "per_page": per_page, **params})
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "application/json"
        body = response.json()
        valid(schema, body)
        assert body["page_number"] == page
        assert body["first_page"] is (page == 1)
        assert body["size"] == len(body["contents"])
        seen.extend(body["contents"])
        if body["last_page"]:
            assert body["total_pages"] in (page, 0)
            break
        assert len(body["contents"]) == per_page
        page += 1
    assert len(seen) == body["total_items"]
    ids = [item["id"] for item in seen]
    assert len(ids) == len(set(ids)), "a record appeared on two pages"
    return seen


@pytest.mark.django_db
def test_the_whole_api_validates_from_first_page_to_last_and_every_id_resolves(client):
    built = build_directory(services=36, organisations=5)
    valid("api_details.json", client.get("/openreferral/").json())
    counts = {}
    for list_url, list_schema, detail_url, detail_schema in LISTS:
        seen = walk(client, list_url, list_schema)
        counts[list_url] = len(seen)
        for item in seen:
            response = client.get(detail_url.format(item["id"]))
            assert response.status_code == 200, (detail_url, item["id"])
            valid(detail_schema, response.json())
            assert response.json()["id"] == item["id"]
    assert counts["/openreferral/services"] == len(built["services"])
    assert counts["/openreferral/organizations"] == len(built["organisations"])
    assert counts["/openreferral/taxonomy_terms"] == len(built["terms"])
    assert counts["/openreferral/service_at_locations"] > 20


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "schema", "params"),
    [
        ("/openreferral/services", "service_list.json", {"full": "true"}),
        ("/openreferral/services", "service_list.json", {"minimal": "true"}),
        ("/openreferral/service_at_locations", "service_at_location_list.json", {"full": "true"}),
        ("/openreferral/organizations", "page:organization_list.json", {"full": "true"}),
        ("/openreferral/organizations", "page:organization_list.json", {"full_service": "true"}),
    ],
)
def test_the_nested_variants_validate_too(client, url, schema, params):
    build_directory(services=12, organisations=3)
    seen = walk(client, url, schema, per_page=5, **params)
    if params.get("full") and "services" in url:
        for item in seen:
            valid("service.json", item)
    if params.get("full") and "service_at" in url:
        for item in seen:
            valid("service_at_location.json", item)
    if "organizations" in url:
        for item in seen:
            valid("organization.json", item)


@pytest.mark.django_db
def test_organisation_detail_with_full_services_validates(client):
    built = build_directory(services=6, organisations=2)
    org = built["organisations"][0]
    body = client.get(f"/openreferral/organizations/{org.uuid}", {"full_service": "true"}).json()
    valid("organization.json", body)
    assert {s["id"] for s in body["services"]} == {str(s.uuid) for s in org.services.all()}
    for item in body["services"]:
        valid("service.json", item)
