"""Searching the directory through the public page: every filter, bad input and query counts."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from thriving.directory import search
from thriving.directory.models import Service, TaxonomyTerm
from thriving.directory.tests.factories import (
    COTMANHAY,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.places.tests.factories import LocalityFactory

URL = reverse("directory:search")


def offer(name, *, lat=COTMANHAY[0], lng=COTMANHAY[1], needs=(), place="Hall", locality=None, **fields):  # noqa: ANN001, ANN201
    service = ServiceFactory(name=name, **fields)
    service.needs.set(needs)
    location = LocationFactory(name=place, latitude=lat, longitude=lng, locality=locality)
    ServiceAtLocationFactory(service=service, location=location)
    return service


def names(response) -> list[str]:  # noqa: ANN001
    html = response.content.decode()
    return re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )


def test_the_empty_page_offers_the_form_and_needs_to_browse(client, taxonomy):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find help near you" in html
    assert "Browse by need" in html
    assert f"?need={taxonomy['food'].uuid}" in html
    assert 'id="results-map"' not in html


def test_words_must_all_match_across_name_description_organisation_and_needs(client, taxonomy):
    larder = offer("Community Larder", needs=[taxonomy["food-pantries"]], description="Cheap groceries")
    offer("Debt Advice", description="Money help", organisation=OrganisationFactory(name="Citizens Larder Trust"))
    offer("Walking Group", description="A walk")
    assert names(client.get(URL, {"q": "larder"})) == ["Community Larder", "Debt Advice"]
    assert names(client.get(URL, {"q": "LARDER groceries"})) == ["Community Larder"]
    # "pantries" is only in the name of the need the larder is tagged with.
    assert names(client.get(URL, {"q": "pantries"})) == [larder.name]
    assert names(client.get(URL, {"q": "larder nothing-like-this"})) == []


def test_a_parent_need_finds_services_tagged_with_its_children(client, taxonomy):
    offer("Food Bank", needs=[taxonomy["food-banks"]])
    offer("Cooking Club", needs=[taxonomy["cooking-skills"]])
    offer("Job Club", needs=[taxonomy["job-search"]])
    assert names(client.get(URL, {"need": str(taxonomy["food"].uuid)})) == ["Cooking Club", "Food Bank"]
    assert names(client.get(URL, {"need": str(taxonomy["food-banks"].uuid)})) == ["Food Bank"]


def test_postcode_and_distance_order_by_distance_and_show_it(client, taxonomy, cotmanhay):
    offer("Far Away", lat=COTMANHAY[0] + 0.06, lng=COTMANHAY[1])  # about 6.7 km north
    offer("Next Door", lat=COTMANHAY[0] + 0.001, lng=COTMANHAY[1])
    offer("Down The Road", lat=COTMANHAY[0] + 0.02, lng=COTMANHAY[1])
    response = client.get(URL, {"postcode": "de78qa"})
    assert names(response) == ["Next Door", "Down The Road"]
    html = response.content.decode()
    assert "2 results within 5 km of DE7 8QA" in html
    assert "– less than 0.1 miles (0.2 km) away" in html  # as the service and places pages write it
    assert "– 1.4 miles (2.2 km) away" in html
    assert 'id="results-map"' in html
    assert "data-points=" in html
    assert names(client.get(URL, {"postcode": "DE7 8QA", "distance": "10"})) == [
        "Next Door",
        "Down The Road",
        "Far Away",
    ]


def test_locality_finds_services_there_or_serving_it(client, taxonomy, cotmanhay):
    elsewhere = LocalityFactory(slug="shirebrook", name="Shirebrook")
    offer("At The Centre", locality=cotmanhay)
    serving = offer("Outreach", lat=53.2, lng=-1.2)
    serving.localities.set([cotmanhay])
    offer("Shirebrook Only").localities.set([elsewhere])
    assert names(client.get(URL, {"locality": "cotmanhay"})) == ["At The Centre", "Outreach"]


def test_open_now_reads_weekly_schedules_in_london_time(taxonomy):
    open_service = offer("Monday Mornings")
    ScheduleFactory(service=open_service, byday="MO,WE", opens_at=datetime.time(9), closes_at=datetime.time(12))
    shut = offer("Friday Only")
    ScheduleFactory(service=shut, byday="FR", opens_at=datetime.time(9), closes_at=datetime.time(12))
    offer("No Times Given")
    # 10:30 on Monday 13 July 2026 in London is 09:30 UTC (summer time).
    monday = datetime.datetime(2026, 7, 13, 9, 30, tzinfo=datetime.UTC)
    found = search.matching(search.Criteria(open_now=True, now=monday))
    assert [row.service.name for row in found] == ["Monday Mornings"]
    evening = datetime.datetime(2026, 7, 13, 11, 30, tzinfo=datetime.UTC)  # 12:30 in London
    assert not search.matching(search.Criteria(open_now=True, now=evening)).exists()


def test_open_now_and_free_filters_through_the_page(client, taxonomy, monkeypatch):
    monkeypatch.setattr(search.timezone, "now", lambda: datetime.datetime(2026, 7, 13, 9, 30, tzinfo=datetime.UTC))
    open_service = offer("Open Free")
    ScheduleFactory(service=open_service, byday="MO", opens_at=datetime.time(9), closes_at=datetime.time(17))
    paid = offer("Open Paid", is_free=False)
    ScheduleFactory(service=paid, byday="MO", opens_at=datetime.time(9), closes_at=datetime.time(17))
    offer("Closed Free")
    assert names(client.get(URL, {"open_now": "on"})) == ["Open Free", "Open Paid"]
    assert names(client.get(URL, {"open_now": "on", "free": "on"})) == ["Open Free"]
    assert names(client.get(URL, {"free": "on"})) == ["Closed Free", "Open Free"]


def test_only_active_and_temporarily_closed_services_are_found(client, taxonomy):
    offer("Alpha Active")
    offer("Alpha Paused", status=Service.Status.TEMPORARILY_CLOSED)
    closed = offer("Alpha Closed", status=Service.Status.CLOSED)
    offer("Alpha Inactive", status=Service.Status.INACTIVE)
    response = client.get(URL, {"q": "alpha"})
    assert names(response) == ["Alpha Active", "Alpha Paused"]
    assert "Temporarily closed" in response.content.decode()
    # A closed service leaves search but keeps its page.
    assert client.get(reverse("directory:service", args=[closed.uuid])).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "not a postcode"}, "Enter a real postcode, like DE7 4AA"),
        ({"postcode": "DE7 9ZZ"}, "We do not know the postcode DE7 9ZZ"),
        ({"postcode": "DE7 8QA", "distance": "far"}, "Distance must be a whole number of kilometres"),
        ({"postcode": "DE7 8QA", "distance": "0"}, "Distance must be 1 kilometre or more"),
        ({"postcode": "DE7 8QA", "distance": "500"}, "Distance must be 50 kilometres or fewer"),
        ({"need": "not-a-uuid"}, "Choose a need from the list"),
        ({"need": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}, "Choose a need from the list"),
        ({"locality": "atlantis"}, "Choose a locality from the list"),
    ],
)
def test_bad_input_shows_the_error_summary_with_400(client, taxonomy, cotmanhay, params, message):
    offer("Something")
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "(error)" in html.split("</title>")[0]


def test_a_page_past_the_end_shows_the_last_page(client, taxonomy):
    for n in range(25):
        offer(f"Service {n:02d}")
    response = client.get(URL, {"q": "service", "page": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no page 9" in html
    assert "This is the last page" in html
    assert names(response) == [f"Service {n:02d}" for n in range(20, 25)]
    assert names(client.get(URL, {"q": "service", "page": "nonsense"}))[0] == "Service 00"
    empty = client.get(URL, {"q": "nothing-matches", "page": "3"})
    assert empty.status_code == 200
    assert "nothing matches this search" in empty.content.decode()


def test_results_are_paginated_twenty_a_page(client, taxonomy):
    for n in range(45):
        offer(f"Service {n:02d}")
    response = client.get(URL, {"q": "service", "page": "2"})
    assert names(response) == [f"Service {n:02d}" for n in range(20, 40)]
    html = response.content.decode()
    assert "45 results" in html
    assert "Showing 21 to 40 of 45" in html
    assert 'rel="next"' in html
    assert 'rel="prev"' in html


def test_a_results_page_takes_at_most_five_queries(client, taxonomy, cotmanhay, django_assert_max_num_queries):
    for n in range(60):
        offer(
            f"Food Service {n:02d}",
            needs=[taxonomy["food-banks"], taxonomy["community-meals"]],
            lat=COTMANHAY[0] + n * 0.0005,
            lng=COTMANHAY[1],
        )
    params = {
        "q": "food",
        "need": str(taxonomy["food"].uuid),
        "postcode": "DE7 8QA",
        "distance": "5",
        "locality": "cotmanhay",
        "free": "on",
        "open_now": "",
    }
    client.get(URL, params)  # the needs and localities are now cached, as on a running site
    with django_assert_max_num_queries(5):
        response = client.get(URL, {**params, "page": "2", "locality": ""})
    assert response.status_code == 200
    assert len(names(response)) == 20
    assert "Food banks and parcels" in response.content.decode()


def test_a_need_added_after_the_snapshot_is_found_at_once(client, taxonomy):
    client.get(URL)  # takes the snapshot of needs
    newer = TaxonomyTerm.objects.create(taxonomy=taxonomy["food"].taxonomy, code="allotments", name="Allotments")
    offer("Grow Your Own", needs=[newer])
    LocalityFactory(slug="gamesley", name="Gamesley")
    response = client.get(URL, {"need": str(newer.uuid)})
    assert response.status_code == 200
    assert names(response) == ["Grow Your Own"]
    assert client.get(URL, {"locality": "gamesley"}).status_code == 200


def test_the_selects_keep_the_choice_and_group_needs_by_taxonomy(client, taxonomy, cotmanhay):
    from thriving.directory.models import Taxonomy

    other = Taxonomy.objects.create(name="Council vocabulary")
    TaxonomyTerm.objects.create(taxonomy=other, code="warm-spaces", name="Warm <spaces>")
    cache.clear()
    food = taxonomy["food"]
    html = client.get(URL, {"need": str(food.uuid), "locality": "cotmanhay"}).content.decode()
    assert re.search(rf'<option value="{food.uuid}" selected>', html)
    assert '<option value="cotmanhay" selected>Cotmanhay</option>' in html
    assert html.count(" selected>") == 2
    assert '<optgroup label="Council vocabulary">' in html
    assert "Warm &lt;spaces&gt;" in html
    # Another choice on the next page: the cached options do not keep the last one selected.
    html = client.get(URL, {"q": "food"}).content.decode()
    assert re.findall(r'<option value="([^"]*)" selected>', html) == ["", ""]
    response = client.get(URL, {"need": "not-a-need"})
    assert response.status_code == 400
    assert "Choose a need from the list" in response.content.decode()
