"""Key journeys in headless Chromium, each page checked with axe-core."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core.models import Role
from thriving.core.tests.test_auth import PASSWORD, code_for

pytestmark = pytest.mark.browser


def test_a_staff_member_signs_in_with_a_code_and_sees_their_work(page, axe, user_with_role):
    worker = user_with_role(Role.HUB_WORKER)
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)

    page.goto("/")
    axe(page, "start page")
    page.get_by_role("link", name="Staff sign in").click()
    axe(page, "sign-in page")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/sign-in/code/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Enter the code from your authenticator app"
    axe(page, "second factor page")
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/home/")
    assert page.get_by_role("heading", name="Hub worker").is_visible()
    assert page.get_by_role("link", name="Find the locality of a postcode").is_visible()
    axe(page, "staff home")


def test_a_wrong_password_shows_the_error_summary(page, axe, user_with_role):
    worker = user_with_role(Role.HUB_WORKER)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    axe(page, "sign-in page with errors")


def test_an_unauthorised_person_is_refused(page, axe, user_with_role):
    worker = user_with_role(Role.HUB_WORKER)
    page.goto("/audit/")
    page.wait_for_url("**/sign-in/**")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Organisations").is_visible()
    assert nav.get_by_role("link", name="Audit trail").count() == 0
    axe(page, "403 page")


def test_an_administrator_requires_two_factor_and_staff_set_it_up(page, axe, user_with_role):
    admin = user_with_role(Role.ADMINISTRATOR)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Settings").click()
    axe(page, "security settings")
    page.get_by_label("Require every member of staff to use an authenticator app").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Sign out").click()

    worker = user_with_role(Role.HUB_WORKER)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/two-factor/")
    axe(page, "authenticator set-up")
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/account/")
    assert "Your authenticator app is set up" in page.locator(".govuk-notification-banner").inner_text()
    axe(page, "account page")


def test_the_browser_enforces_the_content_security_policy_and_hears_its_refusals(page, axe):
    page.goto("/")
    assert page.csp_refusals == []
    # What htmx used to do: add an inline <style>. The policy refuses it and the browser says so.
    page.evaluate("""() => { const s = document.createElement('style');
        s.textContent = 'body { color: red }'; document.head.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in refusal for refusal in page.csp_refusals)
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    page.csp_refusals.clear()  # proven: the fixture's own check at the end must not fail this test
    axe(page, "start page")


def _menu_rows(page) -> int:
    items = page.locator(".govuk-service-navigation__item")
    assert items.count() >= 4
    return len({round(items.nth(i).bounding_box()["y"]) for i in range(items.count())})


def test_the_menu_fits_on_one_line_at_1280_pixels_for_a_person_with_every_role(page, axe, sign_in):
    from thriving.core.tests.factories import MembershipFactory, UserFactory

    everything = UserFactory()
    for role in Role.values:
        MembershipFactory(user=everything, role=role)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    assert _menu_rows(page) == 1, "The public menu wraps at 1280 pixels"
    sign_in(page, everything)
    assert _menu_rows(page) == 1, "The staff menu wraps at 1280 pixels"
    axe(page, "home of a person with every role")

    # A section's own items are a second row, shown while the person is in that section.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Administration").click()
    section = page.get_by_role("navigation", name="Administration")
    for label in ["Organisations", "Users", "Audit trail", "Settings"]:
        assert section.get_by_role("link", name=label).is_visible()
    section.get_by_role("link", name="Audit trail").click()
    page.wait_for_url("**/audit/")
    assert page.get_by_role("navigation", name="Administration").get_by_role("link", name="Audit trail").get_attribute(
        "aria-current"
    ) == "page"
    axe(page, "audit trail with the section's menu")
