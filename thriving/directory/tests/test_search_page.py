"""The search page kept whole at the directory's version: a search asked again costs one query;
a change to the entries is seen at once; bad input, "open now" and a cache turned off are never
kept; the list of results written in one pass escapes every value and writes distances in miles and
kilometres as the service and places pages do."""


from django.test import override_settings

from thriving.directory import search_index
from thriving.directory.models import Service, TaxonomyTerm
from thriving.directory.services import needs
from thriving.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from thriving.directory.tests.test_search import COTMANHAY, URL, names, offer
from thriving.places.tests.factories import PostcodeFactory


def test_a_search_asked_again_costs_one_query_and_answers_the_same(client, cotmanhay, django_assert_num_queries):
    for n in range(25):
        offer(f"Food Service {n:02d}", lat=COTMANHAY[0] + n * 0.0005)
    params = {"q": "food", "postcode": "DE7 8QA", "page": "2"}
    first = client.get(URL, params)
    with django_assert_num_queries(1):  # the directory's version
        again = client.get(URL, params)
    assert again.status_code == 200
    assert names(again) == names(first) == [f"Food Service {n:02d}" for n in range(20, 25)]
    assert 'id="results-map"' in again.content.decode()
    assert "dist/js/map.js" in again.content.decode()  # the kept page still loads the map
    assert "(error)" not in again.content.decode()


def test_a_change_to_the_entries_is_seen_at_once_through_the_kept_page(client, cotmanhay):
    service = offer("Warm Space")
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Space"]
    offer("Warm Welcome")  # saving a service refreshes its entries and moves the version on
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Space", "Warm Welcome"]
    Service.objects.filter(pk=service.pk).update(status=Service.Status.CLOSED)  # no signal: still kept
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Space", "Warm Welcome"]
    search_index.refresh([service.pk])  # as an approval or a harvest does
    assert names(client.get(URL, {"q": "warm"})) == ["Warm Welcome"]


def test_a_page_about_domestic_abuse_keeps_exit_this_page_when_kept(client, db):
    needs.load_taxonomy()
    abuse = TaxonomyTerm.objects.get(code="domestic-abuse")
    offer("Safe Haven", needs=[abuse])
    for _ in range(2):
        html = client.get(URL, {"need": str(abuse.uuid)}).content.decode()
        assert 'data-testid="exit-this-page"' in html
        assert "Safe Haven" in html


def test_bad_input_is_never_kept(client, cotmanhay):
    offer("Warm Space")
    assert client.get(URL, {"q": "warm", "postcode": "NG16 1AA"}).status_code == 400
    PostcodeFactory(postcode="NG16 1AA", area=None, lat=COTMANHAY[0], lng=COTMANHAY[1])
    response = client.get(URL, {"q": "warm", "postcode": "NG16 1AA"})
    assert response.status_code == 200
    assert names(response) == ["Warm Space"]


def test_open_now_is_never_kept(client, cotmanhay, django_assert_max_num_queries):
    offer("Warm Space")
    params = {"q": "warm", "open_now": "on"}
    client.get(URL, params)
    with django_assert_max_num_queries(5) as queries:
        client.get(URL, params)
    assert any('FROM "directory_searchentry"' in query["sql"] for query in queries.captured_queries)  # afresh


@override_settings(DIRECTORY_SEARCH_CACHE_SECONDS=0)
def test_with_the_cache_off_nothing_is_kept_and_a_search_costs_at_most_four_queries(
    client, cotmanhay, django_assert_max_num_queries
):
    service = offer("Warm Space")
    client.get(URL, {"q": "warm", "postcode": "DE7 8QA"})
    Service.objects.filter(pk=service.pk).update(name="Warm Room")  # no signal, and the entry keeps the name
    with django_assert_max_num_queries(4):  # the postcode (two), the rows with the total, their needs
        response = client.get(URL, {"q": "warm", "postcode": "DE7 8QA"})
    assert names(response) == ["Warm Room"]  # the service's name is read afresh with the rows


def test_every_value_in_the_results_is_escaped(client, cotmanhay):
    needs.load_taxonomy()
    term = TaxonomyTerm.objects.get(code="food-banks")
    term.name = "Food <banks>"
    term.save()
    service = ServiceFactory(name="Tom & Jerry's <Club>", organisation__name="<Trust> & Co")
    service.needs.set([term])
    location = LocationFactory(
        name='Hall "A"', address_1="1 <Road>", postcode="DE7 8QA", latitude=COTMANHAY[0], longitude=COTMANHAY[1]
    )
    ServiceAtLocationFactory(service=service, location=location)
    html = client.get(URL, {"q": "jerry", "postcode": "de7 8qa"}).content.decode()
    assert "Tom &amp; Jerry&#x27;s &lt;Club&gt;</a>" in html
    assert "&lt;Trust&gt; &amp; Co</p>" in html
    assert "Hall &quot;A&quot;</a>, 1 &lt;Road&gt;, DE7 8QA" in html
    assert "Helps with: Food &lt;banks&gt;</p>" in html
    assert "– less than 0.1 miles (0.2 km) away" in html
    assert f'href="/services/{service.uuid}/?postcode=DE7%208QA"' in html
    assert "<Club>" not in html
    assert "<Trust>" not in html
