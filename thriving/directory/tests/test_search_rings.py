"""The search's own SQL (`search_sql`): the same rows in the same order as the search as a
queryset (`search.matching`), read nearest first in rings, with the count capped."""

import math
import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from thriving.directory import search, search_sql
from thriving.directory.models import Service
from thriving.directory.tests.factories import (
    COTMANHAY,
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.directory.tests.test_search import names
from thriving.places import queries as places

URL = reverse("directory:search")
METRES_PER_DEGREE = 111_195.08


def north(metres: float) -> float:
    return COTMANHAY[0] + metres / METRES_PER_DEGREE


@pytest.fixture
def spread(cotmanhay, taxonomy):
    """Services at distances from 0 to 8 km (some in the same place, so as far as each other),
    some closed, some with no place (serving everywhere, Cotmanhay, or elsewhere)."""
    food, money = taxonomy["food"], taxonomy["money"]
    other = OrganisationFactory(name="Other Trust")
    for n, metres in enumerate([0, 0, 30, 60, 60, 140, 300, 610, 610, 900, 1300, 2400, 2600, 4100, 4900, 6000, 8000]):
        service = ServiceFactory(name=f"Larder {n % 5}", organisation=other,
                                 is_free=n % 2 == 0,
                                 status=Service.Status.CLOSED if n == 9 else Service.Status.ACTIVE)
        service.needs.set([food] if n % 2 else [money])
        location = LocationFactory(name=f"Hall {n % 4}", latitude=north(metres), longitude=COTMANHAY[1])
        ServiceAtLocationFactory(service=service, location=location)
    for n, areas in enumerate([[], [cotmanhay], [], [cotmanhay]]):
        service = ServiceFactory(name=f"Larder online {n % 2}")
        service.needs.set([food])
        service.localities.set(areas)
    from thriving.directory import search_index

    search_index.rebuild()


CASES = [
    {"postcode": True},
    {"postcode": True, "distance_km": 1},
    {"postcode": True, "distance_km": 50},
    {"postcode": True, "q": "larder"},
    {"postcode": True, "q": "la", "free": True},
    {"postcode": True, "need": "food"},
    {"q": "larder"},
    {"need": "food"},
    {"free": True},
]


@pytest.mark.parametrize("case", CASES)
def test_the_sql_gives_the_rows_of_the_queryset_in_its_order_on_every_page(spread, taxonomy, case, monkeypatch):
    monkeypatch.setattr(search, "PER_PAGE", 3)
    criteria = search.Criteria(
        q=case.get("q", ""),
        need=str(taxonomy[case["need"]].uuid) if "need" in case else "",
        postcode=places.lookup_postcode("DE7 8QA") if case.get("postcode") else None,
        distance_km=case.get("distance_km", 5),
        free=case.get("free", False),
    )
    expected = [(row.service_id, row.service_at_location_id) for row in search.matching(criteria)]
    assert expected  # every case finds something
    for number in range(1, math.ceil(len(expected) / 3) + 2):
        hits, total = search._fetch(criteria, number)
        found = [(hit.service_uuid, hit.location_uuid) for hit in hits]
        want = search.matching(criteria).values_list("service__uuid", "location__uuid")[(number - 1) * 3 : number * 3]
        assert found == list(want)
        if hits:
            assert total == len(expected)


def test_rings_halve_inwards_to_fifty_metres():
    assert search_sql.rings(5000) == [5000 / 64, 5000 / 32, 5000 / 16, 5000 / 8, 5000 / 4, 5000 / 2, 5000]
    assert search_sql.rings(1000) == [1000 / 16, 1000 / 8, 1000 / 4, 1000 / 2, 1000]


def test_the_count_stops_at_the_cap_and_the_page_says_more_than_it(client, spread, monkeypatch):
    monkeypatch.setattr(search_sql, "CAP", 4)
    monkeypatch.setattr(search, "PER_PAGE", 2)
    caches[search.RESULTS_CACHE].clear()
    response = client.get(URL, {"postcode": "DE7 8QA", "distance": 50})
    html = response.content.decode()
    assert response.status_code == 200
    assert "More than 4 results within 50 km of DE7 8QA" in html
    assert 'data-testid="more-than-cap"' in html
    assert names(response) == ["Larder 0", "Larder 1"]  # the nearest two (both at the postcode)
    # Pages go as far as the cap: two of two, and a third is past the end, answered with the last.
    assert "page=3" not in html
    assert names(client.get(URL, {"postcode": "DE7 8QA", "distance": 50, "page": 2})) == ["Larder 2", "Larder 3"]
    past = client.get(URL, {"postcode": "DE7 8QA", "distance": 50, "page": 3}).content.decode()
    assert "There is no page 3: the first 4 results are listed in 2 pages" in past


def test_under_the_cap_the_count_is_exact(client, spread):
    html = client.get(URL, {"postcode": "DE7 8QA", "distance": 1}).content.decode()
    assert "More than" not in html
    # The ten places 0 to 900 m away less the closed one, and the four with no place (each serving
    # Cotmanhay or everywhere).
    assert re.search(r'data-testid="result-count">(\d+) results within 1 km', html).group(1) == "13"


def test_snapshots_are_unpickled_once_and_again_only_when_they_change(client, spread, taxonomy, monkeypatch):
    reads: list[str] = []
    snapshots = caches["snapshots"]
    real = snapshots.get

    def counted(key, *args, **kwargs):  # noqa: ANN001, ANN202
        reads.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(snapshots, "get", counted)
    asked = {"q": "larder", "need": str(taxonomy["food"].uuid), "postcode": "DE7 8QA", "locality": "cotmanhay"}
    client.get(URL, asked)
    # Once a request each, however often the page asks.
    assert reads.count("directory:needs:v1:token") == 1
    assert reads.count("directory:localities:v1:token") == 1
    reads.clear()
    assert names(client.get(URL, {**asked, "distance": 6}))  # not a kept page
    # Unchanged: only the tokens are read, the snapshots are the ones this process holds.
    assert "directory:needs:v1" not in reads
    assert "directory:localities:v1" not in reads
    assert "directory:needs:v1:token" in reads
    # A need renamed: the snapshot is forgotten, and the next page takes and shows the new one.
    food = taxonomy["food"]
    food.name = "Food and groceries"
    food.save()
    from thriving.directory.queries import needs

    needs.forget()
    assert "Food and groceries" in client.get(URL).content.decode()
