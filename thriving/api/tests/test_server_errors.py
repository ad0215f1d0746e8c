"""Whatever goes wrong under /api/, the answer is problem details, never an HTML page: an
operation that raises is a 500 with no traceback (logged and signalled as Django's own handler
does), a method an address does not take is a 405 with its Allow header, and an address with no
operation is a 404."""

import logging

import pytest
from django.test import Client

from thriving.api.base import api
from thriving.core.models import Role
from thriving.places.tests.factories import LocalityFactory

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


@pytest.fixture
def broken_places(monkeypatch):
    """The list of localities fails as it renders its first locality."""
    LocalityFactory()
    monkeypatch.setattr("thriving.api.places._locality", explode)


@pytest.fixture
def broken_requests(monkeypatch):
    monkeypatch.setattr("thriving.frontdoor.queries.requests.visible_requests", explode)


def assert_server_error(response):
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["status"], body["title"]) == (500, "Something went wrong")
    assert "secret detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    return body


@pytest.mark.parametrize("debug", [False, True])
def test_a_public_operation_that_raises_is_a_500_in_problem_details(quiet, broken_places, settings, debug):
    settings.DEBUG = debug
    body = assert_server_error(quiet.get("/api/v1/localities"))
    assert body["instance"] == "/api/v1/localities"


def test_a_staff_operation_that_raises_is_a_500_in_problem_details(quiet, broken_requests, user_with_role):
    quiet.force_login(user_with_role(Role.HUB_WORKER))
    assert_server_error(quiet.get("/api/v1/requests"))


def test_the_schema_failing_is_a_500_in_problem_details(quiet, monkeypatch):
    monkeypatch.setattr(api, "get_openapi_schema", explode)
    assert_server_error(quiet.get("/api/v1/openapi.json"))


def test_the_500_is_logged_with_its_traceback(quiet, broken_places, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        quiet.get("/api/v1/localities")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.status_code == 500
    assert record.exc_info[0] is Boom


def test_the_exception_still_reaches_the_test_client(client, broken_places):
    """Signalled as Django signals it, so a test that does not expect a failure sees it raised."""
    with pytest.raises(Boom):
        client.get("/api/v1/localities")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/v1/localities", "GET"),
        ("delete", "/api/v1/localities/cotmanhay", "GET"),
        ("put", "/api/v1/requests", "GET, POST"),
        ("patch", "/api/v1/referrals", "GET"),
        ("post", "/api/v1/openapi.json", "GET, HEAD"),
    ],
)
def test_a_method_an_address_does_not_take_is_a_405_in_problem_details(method, path, allowed):
    strict = Client(enforce_csrf_checks=True)
    response = getattr(strict, method)(path)
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert sorted(response["Allow"].split(", ")) == sorted(allowed.split(", "))
    assert response.json()["status"] == 405


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/", "/api/", "/api/v1/nothing", "/api/v2/requests"])
def test_an_address_with_no_operation_is_a_404_in_problem_details(method, path):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Not found"
