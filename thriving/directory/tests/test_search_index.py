"""The search entries: the same results as the search straight over services at locations, on
generated data of many shapes; services with no place found; kept up to date by every write; the
results cache follows the directory's version."""

import random

from django.core.management import call_command
from django.urls import reverse

from thriving.directory import search, search_index
from thriving.directory.interchange import importer
from thriving.directory.models import SearchEntry, Service, ServiceAtLocation
from thriving.directory.tests import reference_search
from thriving.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.directory.tests.test_search import COTMANHAY, URL, names, offer
from thriving.places import queries as places
from thriving.places.tests.factories import LocalityFactory, PostcodeFactory

WORDS = ["larder", "Debt", "walk", "café", "ab", "club", "advice", "x"]


def generate(rng: random.Random, taxonomy: dict, localities: list) -> None:
    terms = list(taxonomy.values())
    organisations = [OrganisationFactory(name=f"{rng.choice(WORDS).title()} Trust {n}") for n in range(6)]
    for n in range(70):
        service = ServiceFactory(
            name=f"{rng.choice(WORDS).title()} {rng.choice(['group', 'hub', 'CLUB'])} {n % 23}",
            description=rng.choice(["", "A <b>warm</b> place to walk", "Debt &amp; money advice", "Larder"]),
            organisation=rng.choice(organisations),
            status=rng.choice(Service.Status.values),
            is_free=rng.random() < 0.6,
        )
        service.needs.set(rng.sample(terms, k=rng.randint(0, 3)))
        service.localities.set(rng.sample(localities, k=rng.randint(0, 2)))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            location = LocationFactory(
                name=f"Place {rng.randint(1, 9)}",
                latitude=COTMANHAY[0] + rng.uniform(-0.2, 0.2) if rng.random() < 0.9 else None,
                longitude=COTMANHAY[1] + rng.uniform(-0.2, 0.2),
                locality=rng.choice([None, *localities]),
            )
            ServiceAtLocationFactory(service=service, location=location)


def test_the_entries_find_what_the_old_search_found_in_the_same_order(taxonomy, cotmanhay):
    rng = random.Random(7)
    localities = [cotmanhay, LocalityFactory(slug="kirk-hallam"), LocalityFactory(slug="shipley")]
    generate(rng, taxonomy, localities)
    postcode = places.lookup_postcode("DE7 8QA")
    search.forget_localities()
    known = search.localities()
    shapes = 0
    for _ in range(250):
        criteria = search.Criteria(
            q=" ".join(rng.sample(WORDS, k=rng.choice([0, 0, 1, 2]))),
            need=str(rng.choice(list(taxonomy.values())).uuid) if rng.random() < 0.3 else "",
            postcode=postcode if rng.random() < 0.5 else None,
            distance_km=rng.choice([1, 5, 12, 50]),
            locality=known[rng.choice(localities).slug] if rng.random() < 0.3 else None,
            free=rng.random() < 0.3,
        )
        old = [row.pk for row in reference_search.matching(criteria)]
        new = list(search.matching(criteria))
        assert [row.service_at_location_id for row in new if row.service_at_location_id] == old, criteria
        placeless = [row for row in new if row.service_at_location_id is None]
        if criteria.postcode:  # the places nearby first, then those with no place
            assert all(row.service_at_location_id for row in new[: len(old)])
        assert all(not Service.objects.get(pk=row.service_id).service_at_locations.exists() for row in placeless)
        shapes += bool(old) + bool(placeless)
    assert shapes > 100  # the comparison compared something


def test_a_service_with_no_place_is_found_by_words_and_need_after_the_places_nearby(client, taxonomy, cotmanhay):
    offer("Food Larder", needs=[taxonomy["food-banks"]], lat=COTMANHAY[0] + 0.001)
    online = ServiceFactory(name="Advice Line", description="Phone us about food")
    online.needs.set([taxonomy["food-banks"]])
    assert names(client.get(URL, {"q": "food"})) == ["Advice Line", "Food Larder"]
    assert names(client.get(URL, {"need": str(taxonomy["food"].uuid)})) == ["Advice Line", "Food Larder"]
    response = client.get(URL, {"q": "food", "postcode": "DE7 8QA"})
    assert names(response) == ["Food Larder", "Advice Line"]
    assert "Online / by phone" in response.content.decode()
    assert "2 results" in response.content.decode()


def test_a_service_with_no_place_in_a_locality_is_found_there_when_its_areas_cover_it(client, cotmanhay):
    elsewhere = LocalityFactory(slug="elsewhere", name="Elsewhere")
    here = ServiceFactory(name="Cotmanhay Phone Line")
    here.localities.set([cotmanhay])
    ServiceFactory(name="Elsewhere Phone Line").localities.set([elsewhere])
    assert names(client.get(URL, {"locality": "cotmanhay"})) == ["Cotmanhay Phone Line"]
    # Near a postcode: those with no area, or an area holding the postcode.
    ServiceFactory(name="Everywhere Line")
    assert names(client.get(URL, {"q": "line", "postcode": "DE7 8QA"})) == ["Cotmanhay Phone Line", "Everywhere Line"]


def test_every_write_keeps_the_entries(taxonomy, cotmanhay):
    service = offer("Warm Space", needs=[taxonomy["food-banks"]])
    entry = SearchEntry.objects.get(service=service)
    assert entry.location_id
    assert "Food banks" in entry.words
    service.organisation.name = "Renamed Trust"
    service.organisation.save()
    assert "Renamed Trust" in SearchEntry.objects.get(service=service).words
    place = service.service_at_locations.get()
    place.location.latitude = 53.5
    place.location.save()
    assert SearchEntry.objects.get(service=service).latitude == 53.5
    place.delete()
    assert SearchEntry.objects.get(service=service).location_id is None  # now a service with no place
    service.localities.add(cotmanhay)
    assert f",{cotmanhay.pk}," in SearchEntry.objects.get(service=service).locality_ids
    service.delete()
    assert not SearchEntry.objects.exists()


def test_the_rebuild_command_writes_every_entry_afresh(taxonomy, capsys):
    offer("Warm Space")
    ServiceFactory(name="Phone Line")
    SearchEntry.objects.all().delete()
    before = search_index.version()
    call_command("directory_search_index", "--rebuild")
    assert SearchEntry.objects.count() == 2
    assert search_index.version() > before
    assert "2 search entries written" in capsys.readouterr().out


def test_an_approval_is_found_at_once_through_the_cache(client, cotmanhay):
    service = offer("Warm Space")
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Space"]
    # The page is cached: a write that sends no signal is not seen...
    Service.objects.filter(pk=service.pk).update(name="Warm Room")
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Space"]
    # ...until the entries are refreshed, which moves the version on (as an approval does).
    search_index.refresh([service.pk])
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Room"]


def test_an_import_is_found_at_once_through_the_cache(client, tmp_path, cotmanhay):
    assert names(client.get(URL, {"q": "imported"})) == []
    other = ServiceFactory(name="Imported Advice")
    call_command("directory_export", "--output", str(tmp_path / "package"))
    other.delete()
    assert names(client.get(URL, {"q": "imported"})) == []
    importer.run(str(tmp_path / "package"))
    assert names(client.get(URL, {"q": "imported"})) == ["Imported Advice"]


def test_a_cached_page_costs_only_the_version(client, cotmanhay, django_assert_max_num_queries):
    for n in range(30):
        offer(f"Food Service {n:02d}", lat=COTMANHAY[0] + n * 0.0005)
    params = {"q": "food", "postcode": "DE7 8QA", "page": "2"}
    assert len(names(client.get(URL, params))) == 10
    with django_assert_max_num_queries(1):
        assert len(names(client.get(URL, params))) == 10


def test_a_postcode_we_do_not_hold_says_so_and_keeps_the_search(client, cotmanhay):
    offer("Warm Space")
    response = client.get(URL, {"q": "warm", "postcode": "S1 2HE"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "We do not know the postcode S1 2HE" in html
    assert 'value="warm"' in html
    assert 'value="S1 2HE"' in html


def test_oruk_proximity_answers_for_a_postcode_it_knows_and_problem_details_for_one_it_does_not(client, cotmanhay):
    offer("Near", lat=COTMANHAY[0] + 0.01)
    offer("Far", lat=COTMANHAY[0] + 0.2)
    ServiceFactory(name="Phone Line")
    PostcodeFactory(postcode="DE7 5AA", area=None, lat=COTMANHAY[0], lng=COTMANHAY[1])  # in no locality
    api = reverse("openreferral:service-at-locations")
    for postcode in ("DE7 8QA", "DE75AA"):
        answer = client.get(api, {"postcode": postcode, "proximity": "5000"})
        assert answer.status_code == 200, answer.content
        assert [item["service"]["name"] for item in answer.json()["contents"]] == ["Near"]
    missing = client.get(api, {"postcode": "S1 2HE", "proximity": "5000"})
    assert missing.status_code == 400
    assert missing["Content-Type"] == "application/problem+json"
    assert "S1 2HE" in missing.json()["detail"]
    assert ServiceAtLocation.objects.count() == 2
