"""Answers that may hold personal data carry `Cache-Control: no-store`, so that no browser, shared
computer or proxy keeps a copy: whatever a signed-in person is shown, every page whose policy is not
public, and everything under /api/. Public pages seen by someone not signed in stay cacheable."""

import pytest
from django.urls import reverse

from thriving.core.models import Role


@pytest.fixture
def hub_client(client, user_with_role):
    client.force_login(user_with_role(Role.HUB_WORKER))
    return client


def test_a_public_page_seen_by_someone_not_signed_in_may_be_cached(client, db):
    response = client.get(reverse("core:start"))
    assert response.status_code == 200
    assert "Cache-Control" not in response


@pytest.mark.parametrize("name", ["core:start", "core:home", "core:account", "core:locality-list"])
def test_every_page_a_signed_in_person_sees_is_not_stored(hub_client, name):
    response = hub_client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_refusal_shown_to_a_signed_in_person_is_not_stored(hub_client):
    response = hub_client.get(reverse("core:audit"))
    assert response.status_code == 403
    assert response["Cache-Control"] == "no-store"


def test_a_page_that_is_not_public_is_not_stored_even_on_its_way_to_sign_in(client, db):
    response = client.get(reverse("core:user-list"))
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/api/v1/localities", "/api/v1/openapi.json", "/api/v1/no-such-thing", "/api/x"])
def test_every_api_answer_is_not_stored(client, db, path):
    response = client.get(path)
    assert response["Cache-Control"] == "no-store"


def test_a_view_that_sets_its_own_caching_keeps_it(hub_client):
    response = hub_client.get(reverse("core:health"))
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_static_files_are_left_alone(hub_client, settings):
    response = hub_client.get(f"{settings.STATIC_URL}dist/no-such-file.css")
    assert "no-store" not in response.get("Cache-Control", "")
