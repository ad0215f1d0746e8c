"""The base map for maps without tiles: the localities and their authorities' wards as GeoJSON,
simplified, named, public and cacheable."""

import json

import pytest
from django.core.cache import caches
from django.urls import reverse

from thriving.places.tests.factories import LocalityFactory


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    caches["snapshots"].clear()
    yield
    caches["snapshots"].clear()


def test_the_base_map_has_the_localities_and_wards_with_their_names(client, db, django_assert_max_num_queries):
    LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    with django_assert_max_num_queries(2):
        response = client.get(reverse("core:base-map"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    features = json.loads(response.content)["features"]
    localities = [f for f in features if f["properties"]["kind"] == "locality"]
    wards = [f for f in features if f["properties"]["kind"] == "ward"]
    assert [f["properties"]["name"] for f in localities] == ["Cotmanhay"]
    assert "Cotmanhay" in {f["properties"]["name"] for f in wards}  # Erewash's real wards
    assert all(f["properties"]["label_lat"] and f["properties"]["label_lng"] for f in features)
    # Only Erewash's wards: the authorities with a locality.
    assert 10 < len(wards) < 40
    # Simplified: coordinates to 4 places.
    ring = wards[0]["geometry"]["coordinates"][0]
    point = ring[0] if isinstance(ring[0][0], float) else ring[0][0]
    assert all(len(str(value).split(".")[1]) <= 4 for value in point)


def test_it_is_kept_until_a_locality_changes(client, db, django_assert_num_queries):
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    client.get(reverse("core:base-map"))
    with django_assert_num_queries(1):  # only whether the localities changed
        client.get(reverse("core:base-map"))
    locality.name = "Cotmanhay and Shipley View"
    locality.save()
    names = [f["properties"]["name"] for f in json.loads(client.get(reverse("core:base-map")).content)["features"]]
    assert "Cotmanhay and Shipley View" in names


def test_with_no_localities_it_is_empty(client, db):
    assert json.loads(client.get(reverse("core:base-map")).content) == {"type": "FeatureCollection", "features": []}
