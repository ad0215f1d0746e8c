"""Security headers, production settings, and error pages that never show a stack trace."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from thriving.core.models import Role


def test_pages_send_security_headers(client, db):
    response = client.get(reverse("core:start"), secure=True)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    # The inline script that marks the page as JavaScript-enabled carries the nonce.
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def settings_in_a_fresh_process(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SECURE_COOKIES"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'thriving.settings'; django.setup(); "
        f"from django.conf import settings; print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_needs_a_secret_key():
    result = settings_in_a_fresh_process({}, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_cookies_are_secure():
    result = settings_in_a_fresh_process(
        {"SECRET_KEY": "x" * 50},
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.DEBUG",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True 31536000 False"


def test_the_demo_runs_in_debug_without_a_key():
    result = settings_in_a_fresh_process({"DEBUG": "true"}, "settings.DEBUG")
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize("path", ["/no-such-page/", "/localities/no-such-place/"])
def test_unknown_addresses_get_a_404_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_a_server_error_gets_the_govuk_500_page(db, settings):
    settings.ROOT_URLCONF = "thriving.core.tests.broken_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "ZeroDivisionError" not in body


def test_refused_access_is_audited(client, user_with_role):
    from thriving.core.models import AuditEvent

    hub = user_with_role(Role.HUB_WORKER)
    client.force_login(hub)
    response = client.get(reverse("core:audit"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()
    assert AuditEvent.objects.filter(actor=hub, event="access.refused", object_label="/audit/").exists()
