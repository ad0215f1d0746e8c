"""A release serves pages: `collectstatic` with the production manifest storage succeeds on the built
front end, pages then render through that storage with debug off, and `/health/` says so, or fails
when they cannot."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.template import engines
from django.test import override_settings
from django.urls import reverse

from thriving.core.models import Role
from thriving.core.tests.test_security import settings_in_a_fresh_process

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
DIST = Path(django_settings.BASE_DIR) / "static" / "dist"
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def manifest_storages() -> dict:
    return {**django_settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic --noinput` with the production storage, once per module."""
    assert (DIST / "thriving.css").exists(), "Build the front end first: make assets"
    root = tmp_path_factory.mktemp("static_root")
    with override_settings(STATIC_ROOT=root, STORAGES=manifest_storages()):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def release(collected, settings, db):
    """Settings as in production: debug off, static files from the collected manifest."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = manifest_storages()
    settings.WHITENOISE_USE_FINDERS = False
    return collected


def test_production_uses_the_manifest_storage():
    result = settings_in_a_fresh_process(
        {"SECRET_KEY": "x" * 50, "STATIC_MANIFEST": ""}, "settings.STORAGES['staticfiles']['BACKEND']"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == MANIFEST


def test_collectstatic_writes_a_manifest_of_the_built_front_end(release):
    manifest = (release / "staticfiles.json").read_text()
    for name in ["dist/thriving.css", "dist/leaflet/leaflet.js", "dist/leaflet/leaflet.js.map", "dist/htmx.min.js"]:
        assert f'"{name}"' in manifest


def test_every_static_file_a_template_names_is_in_the_manifest(release):
    """Pages that need data to show (such as the map) find their files too."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    names = set()
    for directory in engines["django"].template_dirs:
        for path in Path(directory).rglob("*.html"):
            names.update(STATIC_TAG.findall(path.read_text()))
    assert "dist/leaflet/leaflet.js" in names
    missing = []
    for name in sorted(names):
        try:
            staticfiles_storage.url(name)
        except ValueError:
            missing.append(name)
    assert not missing


@pytest.mark.parametrize(
    "url", [reverse("core:start"), reverse("core:sign-in"), reverse("directory:search") + "?q=food"]
)
def test_public_pages_render_with_the_manifest_storage(release, client, url):
    response = client.get(url)
    assert response.status_code == 200
    stylesheet = re.search(r'href="(/static/dist/thriving\.[0-9a-f]{12}\.css)"', response.content.decode())
    assert stylesheet, "the page links the hashed stylesheet"
    assert client.get(stylesheet.group(1)).status_code == 200  # served by WhiteNoise from STATIC_ROOT


def test_staff_pages_render_with_the_manifest_storage(release, client, user_with_role):
    client.force_login(user_with_role(Role.HUB_WORKER))
    assert client.get(reverse("core:home")).status_code == 200


def test_health_is_ok_when_pages_render(release, client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "pages": "ok"}}


def test_health_fails_when_static_files_were_not_collected(client, db, settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path  # no manifest: every page would be a 500
    settings.STORAGES = manifest_storages()
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "pages": "error"}}
    assert response["Content-Type"] == "application/json"


def test_health_fails_when_the_database_does_not_answer(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refuse)
        response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == "error"
