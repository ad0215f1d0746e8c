"""One role-by-page matrix, generated from the URL walk: every non-admin URL pattern and every API
operation, against anonymous and each role in `Role`, each pair one test asserting the exact status
the access policy implies (a person with no role at all: `test_access_people.py`).

- a public page (or operation) answers everyone its own status;
- anonymous on any other page is sent to sign in (302 to the sign-in page), or 401 from the API;
- a role that `policy.can(user, action)` refuses for the declared action gets 403;
- a role it allows gets the page's own status, unless the page is about one object outside the
  person's scope (`Page.scope`, the query the page finds the object with): then the page's 404;
  or a rule about that object refuses them (`Page.rule`): then 403.

The objects are made once (`matrix_world.py`, `matrix_samples.py`); each test runs in a savepoint
rolled back after it, so that a change one page makes is not seen by the next. What each page takes
and answers, where it is not a GET answering 200, is in `matrix_pages.py`.
"""

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from thriving.api.openapi import PROBLEM
from thriving.api.tests.matrix_pages import PAGES, Page
from thriving.api.tests.matrix_samples import SAMPLES
from thriving.api.tests.matrix_world import build_world
from thriving.api.tests.test_url_policy import api_operations, walk
from thriving.api.urls import api
from thriving.core import audit_guard, policy
from thriving.core.models import Role
from thriving.core.policy import API, PUBLIC, declared

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role.values]


def url_patterns() -> dict[str, tuple[str, object]]:
    """Every non-admin URL pattern by its name (its route when it has none), with its view. The
    paths of API operations are left to the operations below, one test each."""
    from django.urls import get_resolver

    found = {}
    for route, callback, namespaces, name in walk(get_resolver().url_patterns):
        if "admin" in namespaces:
            continue
        key = f"{':'.join(namespaces)}:{name}" if name else route
        if declared(callback) == API and key != "api-1:api-root":
            continue
        found[key] = (route, callback)
    return found


URLS = url_patterns()
OPERATIONS = {f"api-1:{operation.view_func.__name__}": (label, operation, url_name)
              for label, operation, url_name in api_operations()}
# The address of a pattern with no name (that cannot be reversed), from its keyword arguments.
UNNAMED = {"^api/(?P<rest>.*)$": "/api/{rest}"}
SIGN_IN = reverse("core:sign-in")
HAS_PARAMETERS = {key for key, (route, _) in URLS.items() if "<" in route or "(?P" in route}
HAS_PARAMETERS |= {url_name for label, _, url_name in OPERATIONS.values() if "{" in label}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The sample objects, every URL's keyword arguments and each role's signed-in session, made
    once in a transaction rolled back when the module is done. Each test runs in a savepoint of it
    (`db` below), which is much quicker than pytest-django's transaction per test."""
    with django_db_blocker.unblock():
        assert connection.settings_dict["NAME"] == connection.creation._get_test_db_name(), "not the test database"
        outer = transaction.atomic()
        outer.__enter__()
        try:
            audit_guard.enable(connection)
            made = build_world()
            made.kwargs = {key: SAMPLES[key](made) for key in sorted(HAS_PARAMETERS & SAMPLES.keys())}
            made.sessions = {}
            for role, user in made.users.items():
                signed_in = Client()
                signed_in.force_login(user)
                made.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
            yield made
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def db(world):
    """This module's own `db`: a savepoint in the module's transaction (see `world`), so that what
    a page changes is undone after it. Its name is also what tells pytest-django to set up the
    test database for these tests."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _audit_trail_guard(db):
    """In place of the suite's own: the audit trail's triggers are on for the whole module (see
    `world`), and PostgreSQL refuses to switch them again inside a transaction holding rows."""
    return


@pytest.fixture(scope="module")
def documented():
    """The error statuses the OpenAPI schema documents for each operation."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {
        operation["operationId"]: {int(status) for status in operation["responses"]}
        for methods in schema["paths"].values()
        for operation in methods.values()
    }


@pytest.fixture(scope="module", autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_url_with_parameters_has_sample_objects():
    missing = sorted(HAS_PARAMETERS - SAMPLES.keys())
    assert not missing, f"add these to SAMPLES in matrix_samples.py: {missing}"


def test_the_tables_name_only_urls_that_exist():
    known = set(URLS) | set(OPERATIONS) | {url_name for _, _, url_name in OPERATIONS.values()}
    assert not (SAMPLES.keys() - known), sorted(SAMPLES.keys() - known)
    assert not (PAGES.keys() - known), sorted(PAGES.keys() - known)


def test_every_pattern_with_no_name_has_an_address():
    unnamed = {key for key in URLS if ":" not in key}
    assert unnamed <= UNNAMED.keys(), f"add to UNNAMED: {sorted(unnamed - UNNAMED.keys())}"


def test_the_walk_covers_the_site():
    assert len(URLS) > 150
    assert {"core:sign-in", "frontdoor:request", "teams:huddle", "openreferral:services"} <= URLS.keys()
    assert len(OPERATIONS) >= 10


def _client(world, role: str) -> tuple[Client, object]:
    client = Client()
    if role == ANONYMOUS:
        return client, None
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client, world.users[role]


def _expected(page: Page, action: str, user, world, kwargs: dict, refused_anonymous: int) -> int:
    """The status the policy implies, then the object's scope (hidden) and rule (refused)."""
    if action == PUBLIC:
        return page.signed_in if user is not None and page.signed_in is not None else page.ok
    if user is None:
        return refused_anonymous
    if not policy.can(user, action):
        return 403
    if page.scope is not None and not page.scope(user, world, kwargs):
        return page.hidden
    if page.rule is not None and not page.rule(user, world, kwargs):
        return 403
    return page.ok


def _send(client: Client, method: str, url: str, data: dict | None, as_json: bool):
    if as_json and method != "get":
        return getattr(client, method)(url, data=json.dumps(data or {}), content_type="application/json")
    return getattr(client, method)(url, data or {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(URLS))
def test_page(db, world, key, role):
    route, callback = URLS[key]
    if key in HAS_PARAMETERS and key not in SAMPLES:
        pytest.fail(f"{route} takes parameters: give it sample objects in SAMPLES (matrix_samples.py)")
    page = PAGES.get(key, Page())
    kwargs = world.kwargs.get(key, {})
    url = UNNAMED[key].format(**kwargs) if key in UNNAMED else reverse(key, kwargs=kwargs)
    action = declared(callback)
    action = PUBLIC if action == API else action  # the API's root answers everyone alike
    client, user = _client(world, role)
    expected = _expected(page, action, user, world, kwargs, refused_anonymous=302)

    if page.method != "get":
        cache.clear()  # the rate limits of what anyone may post start afresh

    response = _send(client, page.method, url, page.data(world) if page.data else None, as_json=False)

    assert response.status_code == expected, f"{role} {page.method.upper()} {url} ({action})"
    if response.status_code == 302:
        to_sign_in = response.url.startswith(f"{SIGN_IN}?next=")
        assert to_sign_in is (user is None and action != PUBLIC), f"{role} sent to {response.url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_api_operation(db, world, documented, key, role):
    label, operation, url_name = OPERATIONS[key]
    if url_name in HAS_PARAMETERS and url_name not in SAMPLES:
        pytest.fail(f"{label} takes parameters: give {url_name} sample objects in SAMPLES (matrix_samples.py)")
    page = PAGES.get(key, Page(method=operation.methods[0].lower()))
    kwargs = world.kwargs.get(url_name, {})
    url = reverse(url_name, kwargs=kwargs)
    action = operation.view_func.thriving_policy
    client, user = _client(world, role)
    expected = _expected(page, action, user, world, kwargs, refused_anonymous=401)

    response = _send(client, page.method, url, page.data(world) if page.data else None, as_json=True)

    assert response.status_code == expected, f"{role} {label} ({action}): {response.content[:300]}"
    if expected >= 400:
        assert response["Content-Type"] == PROBLEM
    assert response.status_code in documented[api.get_openapi_operation_id(operation)], "not in the schema"
