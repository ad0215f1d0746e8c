"""Whatever goes wrong under /openreferral/, the answer is problem details: an endpoint that
raises is a 500 with no traceback, logged and signalled as Django's own handler does."""

import logging

import pytest
from django.test import Client

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
