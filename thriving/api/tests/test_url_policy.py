"""Deny by default: every URL pattern and every API operation declares an access policy."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from thriving.api.base import api
from thriving.core.policy import API, POLICY, PUBLIC, SIGNED_IN, declared


def walk(patterns, prefix="", namespaces=()):
    """Every URL pattern of the site: its route, its view, its namespaces and its name."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback, namespaces, entry.name


ALL_PATTERNS = [(route, callback, namespaces) for route, callback, namespaces, _ in walk(get_resolver().url_patterns)]
KNOWN_ACTIONS = {PUBLIC, SIGNED_IN, API}


def test_the_walk_finds_the_site():
    routes = {route for route, _, _ in ALL_PATTERNS}
    assert "sign-in/" in routes
    assert "admin/" in routes
    assert len(ALL_PATTERNS) > 20


@pytest.mark.parametrize(("route", "callback", "namespaces"), ALL_PATTERNS, ids=[p[0] or "/" for p in ALL_PATTERNS])
def test_every_url_declares_a_policy(route, callback, namespaces):
    if "admin" in namespaces:
        # The admin site is wholly behind core.use_admin, enforced by PolicyMiddleware.
        return
    action = declared(callback)
    assert action, f"{route} ({callback}) declares no access policy"
    assert action in KNOWN_ACTIONS or action in POLICY, f"{route} declares unknown action {action}"


def api_operations():
    """Every API operation: its methods and path, the operation, and the URL name of its path."""
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                url_name = api.get_operation_url_name(path_view.operations[0], router)
                yield f"{','.join(operation.methods)} {prefix}{path}", operation, f"{api.urls_namespace}:{url_name}"


API_OPERATIONS = [(name, operation.view_func) for name, operation, _ in api_operations()]


def test_the_api_has_operations():
    assert len(API_OPERATIONS) >= 3


@pytest.mark.parametrize(("name", "view_func"), API_OPERATIONS, ids=[o[0] for o in API_OPERATIONS])
def test_every_api_operation_declares_a_policy(name, view_func):
    action = getattr(view_func, "thriving_policy", None)
    assert action, f"API operation {name} declares no access policy"
    assert action in KNOWN_ACTIONS or action in POLICY, f"{name} declares unknown action {action}"


def test_a_view_without_a_policy_is_refused(client, settings):
    """The middleware itself refuses an undeclared view, so forgetting the policy fails closed."""
    settings.ROOT_URLCONF = "thriving.api.tests.undeclared_urls"
    response = client.get("/undeclared/")
    assert response.status_code == 403
