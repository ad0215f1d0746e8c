"""The ORUK API: each filter alone and combined, proximity, paging edges, bad input as problem
details, CORS, and the number of queries a list page takes."""

import datetime
import uuid

import pytest
from django.utils import timezone

from thriving.directory.models import Service
from thriving.directory.openreferral import schemas
from thriving.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    build_directory,
)
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["contents"]}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail"}
    assert body["status"] == status
    return body


def test_api_details(client):
    body = client.get("/openreferral/").json()
    assert body["version"] == "HSDS-UK-3.0"
    assert not schemas.errors("api_details.json", body)


@pytest.mark.parametrize(
    "url",
    ["/openreferral/", "/openreferral/services", "/openreferral/service_at_locations", "/openreferral/services/nope"],
)
def test_responses_are_open_to_every_origin(client, url):
    response = client.get(url, HTTP_ORIGIN="https://someone-else.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_only_get(client):
    assert client.post("/openreferral/services").status_code == 405


def test_every_status_is_listed_with_its_status(client):
    made = {status: ServiceFactory(status=status) for status in Service.Status.values}
    contents = client.get("/openreferral/services").json()["contents"]
    assert {item["id"]: item["status"] for item in contents} == {str(s.uuid): k for k, s in made.items()}


def test_search_needs_every_word(client):
    food = ServiceFactory(name="Food bank", description="Parcels every Friday")
    ServiceFactory(name="Debt advice", description="Money help")
    assert ids(client.get("/openreferral/services", {"search": "food"})) == {str(food.uuid)}
    assert ids(client.get("/openreferral/services", {"search": "FOOD friday"})) == {str(food.uuid)}
    assert ids(client.get("/openreferral/services", {"search": "food money"})) == set()


def test_taxonomy_filters_match_exactly(client):
    parent = TaxonomyTermFactory(name="Food")
    child = TaxonomyTermFactory(taxonomy=parent.taxonomy, parent=parent, name="Food banks")
    elsewhere = TaxonomyTermFactory(name="Carer")
    on_parent, on_child, on_both, other = ServiceFactory(), ServiceFactory(), ServiceFactory(), ServiceFactory()
    on_parent.needs.set([parent])
    on_child.needs.set([child])
    on_both.needs.set([parent, child])
    other.needs.set([elsewhere])
    by_term = ids(client.get("/openreferral/services", {"taxonomy_term_id": str(parent.uuid)}))
    assert by_term == {str(on_parent.uuid), str(on_both.uuid)}
    by_taxonomy = client.get("/openreferral/services", {"taxonomy_id": str(parent.taxonomy.uuid)}).json()
    assert {i["id"] for i in by_taxonomy["contents"]} == {str(s.uuid) for s in (on_parent, on_child, on_both)}
    assert by_taxonomy["total_items"] == 3  # no duplicates for a service with two matching terms


def test_organisation_and_modified_after_filters_combine(client):
    one, two = ServiceFactory(), ServiceFactory()
    recent = ServiceFactory(organisation=one.organisation)
    Service.objects.filter(pk__in=[one.pk, two.pk]).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    by_org = ids(client.get("/openreferral/services", {"organization_id": str(one.organisation.uuid)}))
    assert by_org == {str(one.uuid), str(recent.uuid)}
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(client.get("/openreferral/services", {"modified_after": since})) == {str(recent.uuid)}
    combined = {"organization_id": str(two.organisation.uuid), "modified_after": since}
    assert ids(client.get("/openreferral/services", combined)) == set()
    day = (timezone.now() - datetime.timedelta(days=40)).date().isoformat()
    assert len(ids(client.get("/openreferral/services", {"modified_after": day}))) == 3


def test_service_at_location_filters(client):
    term = TaxonomyTermFactory()
    tagged = ServiceAtLocationFactory(service=ServiceFactory(name="Warm space"))
    tagged.service.needs.set([term])
    ServiceAtLocationFactory(service=ServiceFactory(name="Warm space too"))
    url = "/openreferral/service_at_locations"
    assert ids(client.get(url, {"taxonomy_term_id": str(term.uuid)})) == {str(tagged.uuid)}
    assert ids(client.get(url, {"taxonomy_id": str(term.taxonomy.uuid), "search": "warm"})) == {str(tagged.uuid)}
    assert ids(client.get(url, {"organization_id": str(tagged.service.organisation.uuid)})) == {str(tagged.uuid)}
    assert len(ids(client.get(url, {"search": "warm space"}))) == 2


def test_taxonomy_term_filters(client):
    parent = TaxonomyTermFactory(name="Money")
    child = TaxonomyTermFactory(taxonomy=parent.taxonomy, parent=parent, name="Debt")
    other = TaxonomyTermFactory(name="Moneybox")
    url = "/openreferral/taxonomy_terms"
    assert ids(client.get(url, {"taxonomy_id": str(parent.taxonomy.uuid)})) == {str(parent.uuid), str(child.uuid)}
    assert ids(client.get(url, {"parent_id": str(parent.uuid)})) == {str(child.uuid)}
    assert ids(client.get(url, {"top_only": "true"})) == {str(parent.uuid), str(other.uuid)}
    assert ids(client.get(url, {"search": "money", "top_only": "true"})) == {str(parent.uuid), str(other.uuid)}
    assert ids(client.get("/openreferral/taxonomies", {"search": parent.taxonomy.name})) == {str(parent.taxonomy.uuid)}


def test_organisation_search(client):
    wanted = ServiceFactory(organisation__name="Cotmanhay Pantry").organisation
    ServiceFactory(organisation__name="Shirebrook Larder")
    assert ids(client.get("/openreferral/organizations", {"search": "pantry"})) == {str(wanted.uuid)}


@pytest.fixture
def ilkeston():
    """A postcode in Cotmanhay, a location 500 m away, one 3 km away and one 40 km away."""
    locality = LocalityFactory(name="Cotmanhay")
    area = AreaFactory(locality=locality, centre_lat=52.9900, centre_lng=-1.3100)
    postcode = PostcodeFactory(postcode="DE7 8RA", area=area)
    near = ServiceAtLocationFactory(location=LocationFactory(latitude=52.9945, longitude=-1.3100))
    middle = ServiceAtLocationFactory(location=LocationFactory(latitude=53.0170, longitude=-1.3100))
    far = ServiceAtLocationFactory(location=LocationFactory(latitude=53.3500, longitude=-1.3100))
    return {"postcode": postcode.postcode, "locality": locality, "near": near, "middle": middle, "far": far}


def test_proximity_finds_what_is_near_nearest_first(client, ilkeston):
    url = "/openreferral/service_at_locations"
    body = client.get(url, {"postcode": "de78ra", "proximity": "1000"}).json()
    assert [i["id"] for i in body["contents"]] == [str(ilkeston["near"].uuid)]
    body = client.get(url, {"postcode": "DE7 8RA", "proximity": "5000"}).json()
    assert [i["id"] for i in body["contents"]] == [str(ilkeston["near"].uuid), str(ilkeston["middle"].uuid)]
    assert not schemas.errors("service_at_location_list.json", body)
    everything = client.get(url, {"postcode": "DE7 8RA"}).json()["contents"]
    assert [i["id"] for i in everything][0] == str(ilkeston["near"].uuid)
    assert len(everything) == 3


def test_a_postcode_keeps_services_whose_areas_hold_it(client, ilkeston):
    elsewhere = LocalityFactory(name="Shirebrook")
    ilkeston["near"].service.localities.set([elsewhere])
    ilkeston["middle"].service.localities.set([ilkeston["locality"]])
    found = ids(client.get("/openreferral/service_at_locations", {"postcode": "DE7 8RA", "proximity": "5000"}))
    assert found == {str(ilkeston["middle"].uuid)}


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"per_page": "ten"}, "per_page must be a whole number"),
        ({"per_page": "1001"}, "per_page must be from 1 to 1000"),
        ({"per_page": "0"}, "per_page must be from 1 to 1000"),
        ({"page": "0"}, "page must be 1 or more"),
        ({"modified_after": "last tuesday"}, "modified_after must be a date"),
        ({"modified_after": "2025-13-45"}, "modified_after must be a date"),
        ({"taxonomy_term_id": "food"}, "taxonomy_term_id must be a UUID"),
        ({"organization_id": "12"}, "organization_id must be a UUID"),
        ({"full": "perhaps"}, "full must be true or false"),
        ({"format": "xml"}, "format must be json or ndjson"),
    ],
)
def test_bad_filter_values_are_400_problems(client, params, words):
    body = problem(client.get("/openreferral/services", params), 400)
    assert words in body["detail"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"postcode": "DE7 8RA", "proximity": "-5"}, "proximity must be more than 0"),
        ({"postcode": "DE7 8RA", "proximity": "99999999"}, "at most 100000 metres"),
        ({"postcode": "DE7 8RA", "proximity": "far"}, "proximity must be a distance"),
        ({"proximity": "1000"}, "proximity needs a postcode"),
        ({"postcode": "ZZ9 9ZZ", "proximity": "1000"}, "We do not know the postcode ZZ9 9ZZ"),
        ({"postcode": "not a postcode"}, "Enter a real postcode"),
    ],
)
def test_bad_places_are_400_problems(client, ilkeston, params, words):
    body = problem(client.get("/openreferral/service_at_locations", params), 400)
    assert words in body["detail"]


@pytest.mark.parametrize(
    "path", ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]
)
def test_unknown_and_malformed_ids_are_404_problems(client, path):
    problem(client.get(f"/openreferral/{path}/{uuid.uuid4()}"), 404)
    body = problem(client.get(f"/openreferral/{path}/42"), 404)
    assert "ids are UUIDs" in body["detail"]


def test_a_page_past_the_end_is_an_empty_page(client):
    ServiceFactory.create_batch(3)
    body = client.get("/openreferral/services", {"page": 9, "per_page": 2}).json()
    assert body["empty"] is True
    assert body["contents"] == []
    assert body["total_items"] == 3
    assert body["total_pages"] == 2
    assert body["last_page"] is True
    assert not schemas.errors("service_list.json", body)


def test_an_empty_directory_is_one_empty_first_page(client):
    body = client.get("/openreferral/services").json()
    assert body == {
        "total_items": 0, "total_pages": 0, "page_number": 1, "size": 0,
        "first_page": True, "last_page": True, "empty": True, "contents": [],
    }


def test_ndjson_streams_every_result(client):
    made = ServiceFactory.create_batch(3)
    response = client.get("/openreferral/services", {"format": "ndjson", "per_page": 1})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert {line.split('"id": "')[1][:36] for line in lines} == {str(s.uuid) for s in made}


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/openreferral/services", {}),
        ("/openreferral/services", {"minimal": "true"}),
        ("/openreferral/service_at_locations", {}),
        ("/openreferral/service_at_locations", {"postcode": "DE7 8RA", "proximity": "50000"}),
        ("/openreferral/organizations", {}),
        ("/openreferral/taxonomies", {}),
        ("/openreferral/taxonomy_terms", {}),
    ],
)
def test_list_pages_take_under_five_queries(client, django_assert_max_num_queries, url, params):
    build_directory(services=20, organisations=3)
    area = AreaFactory(locality=LocalityFactory(), centre_lat=52.99, centre_lng=-1.31)
    PostcodeFactory(postcode="DE7 8RA", area=area)
    with django_assert_max_num_queries(4):
        response = client.get(url, {"per_page": 100, **params})
    assert response.json()["total_items"] > 0


def test_unknown_endpoints_are_404_problems(client):
    body = problem(client.get("/openreferral/widgets"), 404)
    assert "/openreferral/widgets" in body["detail"]


def test_head_is_answered_like_get(client):
    assert client.head("/openreferral/services").status_code == 200


def test_a_list_page_is_one_query_with_its_total_alongside(client, django_assert_num_queries):
    ServiceFactory.create_batch(5)
    with django_assert_num_queries(1):
        body = client.get("/openreferral/services", {"per_page": 2, "page": 2, "minimal": "true"}).json()
    assert (body["total_items"], body["total_pages"], body["size"], body["first_page"], body["last_page"]) == (
        5, 3, 2, False, False
    )
    with django_assert_num_queries(2):  # past the end: the page is empty, so a count gives the total
        body = client.get("/openreferral/services", {"per_page": 2, "page": 9, "minimal": "true"}).json()
    assert (body["total_items"], body["total_pages"], body["empty"], body["last_page"]) == (5, 3, True, True)
    with django_assert_num_queries(1):
        body = client.get("/openreferral/services", {"search": "nothing like this", "minimal": "true"}).json()
    assert (body["total_items"], body["total_pages"], body["empty"]) == (0, 0, True)


def test_proximity_costs_the_postcode_and_one_query(client, ilkeston, django_assert_num_queries):
    with django_assert_num_queries(2):  # the postcode's look-up is one query (`places.postcode_sql`)
        body = client.get("/openreferral/service_at_locations", {"postcode": "DE7 8RA", "proximity": "5000"}).json()
    assert body["total_items"] == len(body["contents"]) > 0
