"""Fixtures shared by the whole suite."""

import pytest

from thriving.core.models import Role
from thriving.core.tests.factories import MembershipFactory, UserFactory


def _data_migrations_again() -> None:
    """A transactional (browser) test ends by emptying every table, the rows data migrations made
    included: make those again when they are missing, so that every test finds them as a migrated
    database has them (one query when they are there)."""
    import importlib

    from django.apps import apps

    from thriving.coaching.models import Measure

    if Measure.objects.filter(organisation__isnull=True).count() < 5:
        importlib.import_module("thriving.coaching.migrations.0002_measures").create(apps, None)


@pytest.fixture(autouse=True)
def _audit_trail_guard(request):
    """Keep the audit trail's database triggers on in every test, and lift them only for the
    flush that ends a transactional (browser) test; make the data migrations' rows again if that
    flush took them."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    marked_transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    transactional = "transactional_db" in names or "live_server" in names or marked_transactional
    if not transactional and "db" not in names and marker is None:
        yield
        return
    from django.db import connection

    from thriving.core import audit_guard

    request.getfixturevalue("transactional_db" if transactional else "db")
    audit_guard.enable(connection)
    _data_migrations_again()
    yield
    if transactional:
        audit_guard.suspend(connection)


@pytest.fixture
def user_with_role(db):
    """Make a signed-up person holding one role (scoped as given)."""

    def make(role: str, **scope):
        user = UserFactory()
        MembershipFactory(user=user, role=role, **scope)
        return user

    return make


@pytest.fixture
def administrator(user_with_role):
    return user_with_role(Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


# --- Browser tests: Playwright driving a Chromium found by scripts/chromium.sh (run by `make test`). ---

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path(playwright) -> str:  # noqa: ANN001
    """THRIVING_CHROMIUM when set (as `make test` does); else Debian's Chromium; else Playwright's
    own download. A browser that is not there fails the browser tests: they are never skipped."""
    import os
    from pathlib import Path

    configured = os.environ.get("THRIVING_CHROMIUM")
    if configured:
        return configured
    if Path(DEBIAN_CHROMIUM).exists():
        return DEBIAN_CHROMIUM
    return playwright.chromium.executable_path


@pytest.fixture(scope="session")
def chromium():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's ORM is used from the same thread in tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        path = chromium_path(playwright)
        try:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as error:
            pytest.fail(f"Cannot start Chromium at {path} for the browser tests ({error}). "
                        "Run them through `make test`, which finds or installs one, or set THRIVING_CHROMIUM.")
        yield browser
        browser.close()


def _is_csp_report(message) -> bool:  # noqa: ANN001
    return "Content Security Policy" in message.text or "Content-Security-Policy" in message.text


@pytest.fixture
def page(chromium, live_server):
    """A page in a fresh browser context that enforces the pages' own content security policy.
    axe-core is injected by evaluation (thriving/core/tests/accessibility.py), which the policy
    allows, and every console message about the policy fails the test when it ends."""
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused: list[str] = []
    page.csp_refusals = refused  # type: ignore[attr-defined]  # read by the test that proves it works
    page.on(
        "console",
        lambda message: refused.append(f"{page.url}: {message.text}") if _is_csp_report(message) else None,
    )
    page.on(
        "pageerror",
        lambda error: refused.append(f"{page.url}: {error}") if "Content Security Policy" in str(error) else None,
    )
    yield page
    context.close()
    assert not refused, "The content security policy refused something:\n" + "\n".join(refused)


@pytest.fixture
def axe():
    from thriving.core.tests.accessibility import check_accessibility

    return check_accessibility


@pytest.fixture
def sign_in():
    """Sign a person in through the sign-in page in the browser: `sign_in(page, user)`."""

    def signer(page, user) -> None:  # noqa: ANN001
        from thriving.core.tests.test_auth import PASSWORD

        page.context.clear_cookies()  # whoever was signed in before
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/home/")

    return signer
