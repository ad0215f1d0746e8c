"""Whatever goes wrong under /openreferral/, the answer is problem details: an endpoint that
raises is a 500 with no traceback, logged and signalled as Django's own handler does, and a method
the read-only API does not take is a 405 with an Allow header (never Django's CSRF page)."""

import logging
import uuid

import pytest
from django.test import Client
from django.urls.resolvers import RegexPattern

from thriving.core.tests.factories import UserFactory
from thriving.directory import openreferral_urls
from thriving.directory.tests.factories import build_directory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


class Boom(Exception):
    pass


def explode(*args, **kwargs):
    raise Boom("secret detail of what went wrong")


@pytest.fixture
def quiet():
    """A client that answers as the site would, instead of raising the view's exception."""
    return Client(raise_request_exception=False)


BROKEN = [
    ("/openreferral/", "thriving.directory.openreferral.views.VERSION", None),
    ("/openreferral/services", "thriving.directory.openreferral.querysets.services", explode),
    ("/openreferral/services/{service}", "thriving.directory.openreferral.serialisers.service_full", explode),
    ("/openreferral/service_at_locations", "thriving.directory.openreferral.querysets.service_at_locations", explode),
    ("/openreferral/organizations", "thriving.directory.openreferral.querysets.organisations", explode),
    ("/openreferral/taxonomies", "thriving.directory.openreferral.querysets.taxonomies", explode),
    ("/openreferral/taxonomy_terms/{term}", "thriving.directory.openreferral.serialisers.term", explode),
]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(("url", "target", "replacement"), BROKEN, ids=[b[0] for b in BROKEN])
def test_an_endpoint_that_raises_is_a_500_in_problem_details(quiet, monkeypatch, settings, url, target, replacement,
                                                             debug):
    settings.DEBUG = debug
    built = build_directory(services=2, organisations=1)
    if replacement is None:  # a value the view puts in its answer that cannot be turned into JSON
        replacement = object()
    monkeypatch.setattr(target, replacement)
    address = url.format(service=built["services"][0].uuid, term=built["terms"][0].uuid)
    response = quiet.get(address)
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["status"], body["title"]) == (500, "Something went wrong")
    assert "secret detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_500_is_logged_with_its_traceback_and_reaches_the_test_client(client, quiet, monkeypatch, caplog):
    monkeypatch.setattr("thriving.directory.openreferral.querysets.taxonomies", explode)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        quiet.get("/openreferral/taxonomies")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.status_code == 500
    assert record.exc_info[0] is Boom
    with pytest.raises(Boom):
        client.get("/openreferral/taxonomies")


def open_referral_addresses() -> list[str]:
    """Every address of the Open Referral URLconf, with a sample for each parameter."""
    samples = {"id": str(uuid.uuid4()), "path": "no/such/endpoint"}
    addresses = []
    for pattern in openreferral_urls.urlpatterns:
        if isinstance(pattern.pattern, RegexPattern):
            addresses.append(f"/openreferral/{samples['path']}")
        else:
            route = str(pattern.pattern)
            for name, value in samples.items():
                route = route.replace(f"<str:{name}>", value)
            assert "<" not in route, f"give a sample for {pattern.pattern}"
            addresses.append(f"/openreferral/{route}")
    return addresses


ADDRESSES = open_referral_addresses()


def test_the_walk_finds_every_endpoint():
    assert "/openreferral/" in ADDRESSES
    assert len(ADDRESSES) == len(openreferral_urls.urlpatterns) >= 12


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("address", ADDRESSES)
def test_a_method_the_api_does_not_take_is_a_405_with_allow_not_a_csrf_page(method, address, signed_in):
    strict = Client(enforce_csrf_checks=True)
    if signed_in:  # a session cookie, as a browser would send, still gets the 405 and no CSRF page
        strict.force_login(UserFactory())
    response = getattr(strict, method)(address, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Method not allowed"


def test_a_cors_preflight_is_still_answered_for_any_origin():
    response = Client().options(
        "/openreferral/services", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("address", ["/openreferral/", "/openreferral/services"])
def test_get_and_head_are_answered(client, address):
    assert client.get(address).status_code == 200
    assert client.head(address).status_code == 200
