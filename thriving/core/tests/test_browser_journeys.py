"""Key journeys in headless Chromium, each page checked with axe-core."""

from pathlib import Path

import pytest
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core import twofactor
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
    page.get_by_label("Code from your authenticator app").fill("000000" if code_for(device) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    assert "The code is not right or has expired" in summary.inner_text()
    assert "too many" not in page.content()
    axe(page, "second factor page with a wrong code")
    # The right code, straight after the wrong one, is taken: no wait after one mistake.
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/home/")
    assert page.get_by_role("heading", name="Hub worker").is_visible()
    assert page.get_by_role("link", name="Find the locality of a postcode").is_visible()
    axe(page, "staff home")


def test_a_link_followed_before_signing_in_leads_through_the_code_step_to_its_page(page, axe, user_with_role):
    worker = user_with_role(Role.HUB_WORKER)
    device = TOTPDevice.objects.create(user=worker, name="app", confirmed=True)
    page.goto("/organisations/?page=1")
    page.wait_for_url("**/sign-in/?next=**")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code/?next=**")
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/organisations/?page=1")
    assert page.get_by_role("heading", level=1).inner_text() == "Organisations"
    axe(page, "the page asked for, after the code step")


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


def drawn_modules(page, modules: int) -> list[list[bool]]:
    """The QR code as the browser drew it: each module's centre read back from a canvas (dark or
    light), so the test sees the image itself, not the markup that names it."""
    return page.evaluate(
        """([modules]) => {
            const img = document.querySelector("main img");
            const canvas = document.createElement("canvas");
            canvas.width = img.naturalWidth;
            canvas.height = img.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(img, 0, 0);
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            const step = canvas.width / modules;
            const rows = [];
            for (let y = 0; y < modules; y++) {
                const row = [];
                for (let x = 0; x < modules; x++) {
                    const at = (Math.floor((y + 0.5) * step) * canvas.width + Math.floor((x + 0.5) * step)) * 4;
                    row.push(pixels[at] < 128);
                }
                rows.push(row);
            }
            return rows;
        }""",
        [modules],
    )


def test_an_administrator_requires_two_factor_and_staff_set_it_up(page, axe, user_with_role):
    admin = user_with_role(Role.ADMINISTRATOR)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Admin").click()
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Settings").click()
    axe(page, "security settings")
    page.get_by_label("Require every member of staff to use an authenticator app").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Sign out").click()

    # A worker follows a link to the organisations, signs in, and must set up an app first.
    worker = user_with_role(Role.HUB_WORKER)
    page.goto("/organisations/")
    page.wait_for_url("**/sign-in/**")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/two-factor/**")
    axe(page, "authenticator set-up")
    device = TOTPDevice.objects.get(user=worker, confirmed=False)

    # The QR code is drawn, and what it draws is the QR code of the app's provisioning address.
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0")
    expected = segno.make(device.config_url, error="m")
    assert device.config_url.startswith("otpauth://totp/Thriving%3A")
    modules = expected.symbol_size(scale=1, border=4)[0]
    assert drawn_modules(page, modules) == [[bool(bit) for bit in row] for row in expected.matrix_iter(border=4)]
    # People who cannot scan type the same key in.
    typed = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert f"secret={typed}&" in device.config_url

    # A wrong code says so; the right one, at once after it, is taken.
    page.get_by_label("Code from your authenticator app").fill("000000" if code_for(device) != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    assert "The code is not right or has expired" in page.locator(".govuk-error-summary").inner_text()
    assert "too many" not in page.content()
    axe(page, "authenticator set-up with a wrong code")
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Confirm").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Save your recovery codes"
    assert "Your authenticator app is set up" in page.locator(".govuk-notification-banner").inner_text()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(set(codes)) == 10
    axe(page, "recovery codes")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the codes as a text file").click()
    saved = Path(download.value.path()).read_text()
    assert download.value.suggested_filename == "thriving-recovery-codes.txt"
    assert all(code in saved for code in codes)

    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_url("**/organisations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Organisations"
    axe(page, "the page asked for")

    page.goto("/account/")
    assert "10 of 10 unused" in page.locator(".govuk-summary-list").inner_text()
    axe(page, "account page")


def test_a_worker_without_their_phone_signs_in_with_a_recovery_code_and_gets_new_ones(page, axe, user_with_role):
    worker = user_with_role(Role.HUB_WORKER)
    codes = twofactor.confirm_app(acting_user=worker, device=twofactor.pending_device(worker))

    page.goto("/organisations/")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_role("link", name="Use a recovery code instead").click()
    page.wait_for_url("**/sign-in/recovery-code/**")
    axe(page, "recovery code step")
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/organisations/")
    assert "You have 9 recovery codes left" in page.locator(".govuk-notification-banner").inner_text()
    axe(page, "the page asked for, after a recovery code")

    page.get_by_role("navigation", name="Your account").get_by_role("link", name=worker.full_name).click()
    page.wait_for_url("**/account/")
    assert "9 of 10 unused" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("link", name="Get new codes for signing in without your app").click()
    page.wait_for_url("**/account/recovery-codes/")
    axe(page, "get new recovery codes")
    page.get_by_role("button", name="Get new recovery codes").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Save your recovery codes"
    new = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(new) == 10
    assert not set(new) & set(codes)
    axe(page, "new recovery codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_url("**/account/")
    assert "10 of 10 unused" in page.locator(".govuk-summary-list").inner_text()

    # The old codes no longer work.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Use a recovery code instead").click()
    page.get_by_label("Recovery code").fill(codes[1])
    page.get_by_role("button", name="Continue").click()
    assert "has already been used" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "recovery code step with a used code")


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
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Admin").click()
    section = page.get_by_role("navigation", name="Admin")
    for label in ["Organisations", "Users", "Audit trail", "Settings"]:
        assert section.get_by_role("link", name=label).is_visible()
    section.get_by_role("link", name="Audit trail").click()
    page.wait_for_url("**/audit/")
    assert page.get_by_role("navigation", name="Admin").get_by_role("link", name="Audit trail").get_attribute(
        "aria-current"
    ) == "page"
    axe(page, "audit trail with the section's menu")
