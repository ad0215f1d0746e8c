"""The second factor through the real pages: the code step, setting up an app (its QR code and key),
recovery codes, the page asked for surviving every step, and wrong codes."""

import base64
import datetime
import re
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core import twofactor
from thriving.core.models import FREE_WRONG_CODES, AuditEvent, Role, SiteSettings
from thriving.core.tests.test_auth import code_for, sign_in

ASKED_FOR = "/organisations/?page=1"


@pytest.fixture
def hub_worker(user_with_role):
    return user_with_role(Role.HUB_WORKER)


@pytest.fixture
def device(hub_worker):
    return TOTPDevice.objects.create(user=hub_worker, name="app", confirmed=True)


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, stopped, and moved on only when the test says (codes still follow real time)."""

    class Clock:
        now = timezone.now()

        def advance(self, seconds: float) -> None:
            self.now += datetime.timedelta(seconds=seconds)

    stopped = Clock()
    monkeypatch.setattr(timezone, "now", lambda: stopped.now)
    return stopped


@pytest.fixture
def recovery(hub_worker):
    """A worker who set up their app, with the recovery codes they were given."""
    pending = twofactor.pending_device(hub_worker)
    return twofactor.confirm_app(acting_user=hub_worker, device=pending)


def wrong_code_for(device) -> str:
    return "000000" if code_for(device) != "000000" else "111111"


def codes_on(page) -> list[str]:
    return re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", page.content.decode())


def signed_in_to_code_step(client, user, target=ASKED_FOR):
    """A person who asked for a page, was sent to sign in, and gave their password."""
    asked = client.get(target)
    assert asked.url.startswith(reverse("core:sign-in"))
    response = client.post(asked.url, {"username": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 302
    return response


class TestCodeStep:
    def test_a_person_with_an_app_gives_a_code_and_lands_on_the_page_they_asked_for(self, client, hub_worker, device):
        response = signed_in_to_code_step(client, hub_worker)
        assert response.url == f"{reverse('core:second-factor')}?next=%2Forganisations%2F%3Fpage%3D1"
        # Until the code is given, staff pages send them back to the code step, and then on to that page.
        assert client.get(reverse("core:home")).url == f"{reverse('core:second-factor')}?next=%2Fhome%2F"
        page = client.get(response.url)
        assert f'name="next" value="{ASKED_FOR}"' in page.content.decode()

        done = client.post(response.url, {"code": code_for(device), "next": ASKED_FOR})
        assert done.url == ASKED_FOR
        assert client.get(ASKED_FOR).status_code == 200
        assert AuditEvent.objects.filter(actor=hub_worker, event="user.second_factor_passed").exists()

    def test_one_wrong_code_says_it_is_wrong_and_the_right_code_works_straight_away(self, client, hub_worker, device):
        sign_in(client, hub_worker.email)
        wrong = client.post(reverse("core:second-factor"), {"code": wrong_code_for(device)})
        body = wrong.content.decode()
        assert "The code is not right or has expired" in body
        assert "too many" not in body
        malformed = client.post(reverse("core:second-factor"), {"code": "12ab"})
        assert "Enter the code as 6 digits" in malformed.content.decode()
        assert AuditEvent.objects.filter(actor=hub_worker, event="user.second_factor_failed").count() == 1

        right = client.post(reverse("core:second-factor"), {"code": code_for(device)})  # no waiting
        assert right.url == reverse("core:home")

    def test_only_after_several_wrong_codes_must_the_person_wait_and_is_told_how_long(
        self, client, hub_worker, device, clock
    ):
        sign_in(client, hub_worker.email)
        for _ in range(FREE_WRONG_CODES):
            response = client.post(reverse("core:second-factor"), {"code": wrong_code_for(device)})
            assert "The code is not right" in response.content.decode()
        # The waits double with each further wrong code: 1, 2, 4 seconds...
        for wait in ("1 second", "2 seconds", "4 seconds"):
            throttled = client.post(reverse("core:second-factor"), {"code": code_for(device)})
            told = f"You have entered a wrong code too many times. Wait {wait}, then try again"
            assert told in throttled.content.decode()
            assert not client.session.get("otp_device_id")
            clock.advance(int(wait.split()[0]))
            wrong = client.post(reverse("core:second-factor"), {"code": wrong_code_for(device)})
            assert "The code is not right" in wrong.content.decode()

        clock.advance(8)
        assert client.post(reverse("core:second-factor"), {"code": code_for(device)}).url == reverse("core:home")

    def test_the_longest_wait_is_fifteen_minutes(self, hub_worker, device):
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=40, throttling_failure_timestamp=timezone.now()
        )
        app = twofactor.confirmed_device(hub_worker)
        assert twofactor.check_code(app, code_for(device)).endswith("Wait 15 minutes, then try again")

    def test_wrong_codes_do_not_lock_the_password(self, client, hub_worker, device, settings):
        sign_in(client, hub_worker.email)
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            client.post(reverse("core:second-factor"), {"code": wrong_code_for(device)})
        client.post(reverse("core:sign-out"))
        assert sign_in(client, hub_worker.email).url == reverse("core:second-factor")

    @pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/home/"])
    def test_a_page_on_another_site_is_not_followed(self, client, hub_worker, device, target):
        response = sign_in(client, hub_worker.email, next=target)
        assert response.url == reverse("core:second-factor")
        done = client.post(reverse("core:second-factor"), {"code": code_for(device), "next": target})
        assert done.url == reverse("core:home")

    def test_without_the_requirement_no_code_is_asked(self, client, hub_worker):
        assert sign_in(client, hub_worker.email).url == reverse("core:home")


def qr_svg(page_body: str) -> ElementTree.Element:
    uri = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', page_body).group(1)
    assert uri.startswith("data:image/svg+xml;charset=utf-8,")
    return ElementTree.fromstring(unquote(uri.split(",", 1)[1]))


class TestSetUp:
    def test_when_required_a_person_sets_up_an_app_gets_recovery_codes_and_goes_on(self, client, hub_worker):
        SiteSettings.objects.update_or_create(pk=1, defaults={"require_two_factor": True})
        response = signed_in_to_code_step(client, hub_worker)
        setup = client.get(response.url)
        assert setup.url == f"{reverse('core:two-factor-setup')}?next=%2Forganisations%2F%3Fpage%3D1"
        page = client.get(setup.url)
        assert page.status_code == 200
        body = page.content.decode()
        device = TOTPDevice.objects.get(user=hub_worker, confirmed=False)

        # The QR code is a standalone SVG image (namespaced, so a browser draws it) of the device's
        # provisioning address; the same key is shown to type in.
        svg = qr_svg(body)
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        expected = segno.make(device.config_url, error="m").svg_data_uri(
            scale=5, border=4, dark="#0b0c0c", light="#ffffff"
        )
        assert f'<img src="{expected}"' in body
        secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', body).group(1)
        assert base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key
        assert f'name="next" value="{ASKED_FOR}"' in body

        wrong = client.post(setup.url, {"code": wrong_code_for(device), "next": ASKED_FOR})
        assert "The code is not right" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=hub_worker, confirmed=True).exists()

        done = client.post(setup.url, {"code": code_for(device), "next": ASKED_FOR})  # straight after the wrong one
        assert done.status_code == 200
        shown = done.content.decode()
        assert "Your authenticator app is set up" in shown
        assert "Save your recovery codes" in shown
        assert f'href="{ASKED_FOR}"' in shown  # "I have saved my recovery codes" goes on to the page asked for
        codes = codes_on(done)
        assert len(codes) == len(set(codes)) == 10
        assert "no-store" in done["Cache-Control"]
        # Only keyed hashes are kept.
        kept = set(StaticToken.objects.filter(device__user=hub_worker).values_list("token", flat=True))
        assert len(kept) == 10
        assert not kept & {code.replace("-", "") for code in codes}
        assert not kept & set(codes)
        assert TOTPDevice.objects.filter(user=hub_worker, confirmed=True).count() == 1
        assert client.get(ASKED_FOR).status_code == 200
        events = set(AuditEvent.objects.filter(actor=hub_worker).values_list("event", flat=True))
        assert {"user.second_factor_set_up", "user.recovery_codes_issued"} <= events

    def test_set_up_from_the_account_page_goes_back_there(self, client, hub_worker):
        client.force_login(hub_worker)
        account = client.get(reverse("core:account")).content.decode()
        assert "Not set up" in account
        assert "Recovery codes" not in account
        client.get(reverse("core:two-factor-setup"))
        device = TOTPDevice.objects.get(user=hub_worker, confirmed=False)
        done = client.post(reverse("core:two-factor-setup"), {"code": code_for(device)})
        assert f'href="{reverse("core:account")}"' in done.content.decode()
        assert "10 of 10 unused" in client.get(reverse("core:account")).content.decode()

    def test_a_person_with_an_app_is_not_offered_a_second_one(self, client, hub_worker, recovery):
        client.force_login(hub_worker)
        assert client.get(reverse("core:two-factor-setup")).url.startswith(reverse("core:second-factor"))


class TestRecoveryCodes:
    def test_a_recovery_code_signs_in_once_and_lands_on_the_page_asked_for(self, client, hub_worker, recovery):
        response = signed_in_to_code_step(client, hub_worker)
        step = client.get(response.url).content.decode()
        recovery_url = f"{reverse('core:recovery-code')}?next=%2Forganisations%2F%3Fpage%3D1"
        assert f'href="{recovery_url}"' in step
        assert "Use a recovery code instead" in step

        page = client.get(recovery_url)
        assert f'name="next" value="{ASKED_FOR}"' in page.content.decode()
        done = client.post(recovery_url, {"code": recovery[0].upper().replace("-", " "), "next": ASKED_FOR})
        assert done.url == ASKED_FOR
        landed = client.get(ASKED_FOR).content.decode()
        assert "You have 9 recovery codes left" in landed
        used = AuditEvent.objects.get(actor=hub_worker, event="user.recovery_code_used")
        assert used.changes == {"recovery_codes_left": ["10", "9"]}

        client.post(reverse("core:sign-out"))
        sign_in(client, hub_worker.email)
        again = client.post(reverse("core:recovery-code"), {"code": recovery[0]})
        assert again.status_code == 200
        assert "The recovery code is not right or has already been used" in again.content.decode()
        assert AuditEvent.objects.filter(actor=hub_worker, event="user.recovery_code_refused").exists()
        assert client.get(reverse("core:home")).url.startswith(reverse("core:second-factor"))
        assert client.post(reverse("core:recovery-code"), {"code": recovery[1]}).url == reverse("core:home")

    def test_a_badly_typed_code_is_explained(self, client, hub_worker, recovery):
        sign_in(client, hub_worker.email)
        response = client.post(reverse("core:recovery-code"), {"code": "abc"})
        assert "Enter the recovery code as 10 letters and numbers" in response.content.decode()
        assert "There is a problem" in response.content.decode()

    def test_without_recovery_codes_the_code_step_does_not_offer_them(self, client, hub_worker, device):
        sign_in(client, hub_worker.email)
        assert "Use a recovery code instead" not in client.get(reverse("core:second-factor")).content.decode()
        assert client.get(reverse("core:recovery-code")).url == reverse("core:second-factor")

    def test_new_codes_from_the_account_page_replace_the_old_ones(self, client, hub_worker, recovery):
        sign_in(client, hub_worker.email)
        client.post(reverse("core:recovery-code"), {"code": recovery[0]})
        account = client.get(reverse("core:account")).content.decode()
        assert "9 of 10 unused" in account
        assert f'href="{reverse("core:recovery-codes")}"' in account

        confirm = client.get(reverse("core:recovery-codes"))
        assert "You have 9 unused recovery codes left" in confirm.content.decode()
        issued = client.post(reverse("core:recovery-codes"))
        assert "Your old recovery codes no longer work" in issued.content.decode()
        new = codes_on(issued)
        assert len(new) == 10
        assert not set(new) & set(recovery)
        assert StaticDevice.objects.filter(user=hub_worker).count() == 1
        event = AuditEvent.objects.filter(actor=hub_worker, event="user.recovery_codes_issued").first()
        assert event.changes == {"recovery_codes_left": ["9", "10"]}
        # Signed in with a recovery code, the person stays signed in when the codes are replaced.
        assert client.get(reverse("core:account")).status_code == 200

        client.post(reverse("core:sign-out"))
        sign_in(client, hub_worker.email)
        old = client.post(reverse("core:recovery-code"), {"code": recovery[1]})
        assert "has already been used" in old.content.decode()
        assert client.post(reverse("core:recovery-code"), {"code": new[0]}).url == reverse("core:home")

    def test_new_codes_need_the_second_factor_first(self, client, hub_worker, recovery):
        sign_in(client, hub_worker.email)
        response = client.post(reverse("core:recovery-codes"))
        assert response.url == reverse("core:second-factor")
        assert AuditEvent.objects.filter(actor=hub_worker, event="user.recovery_codes_issued").count() == 1

    def test_a_person_without_an_app_is_sent_to_set_one_up(self, client, hub_worker):
        client.force_login(hub_worker)
        assert client.get(reverse("core:recovery-codes")).url == reverse("core:two-factor-setup")
        assert not StaticDevice.objects.filter(user=hub_worker).exists()

    def test_an_administrator_resetting_the_second_factor_removes_the_codes(self, admin_client, hub_worker, recovery):
        admin_client.post(reverse("core:user-reset-second-factor", args=[hub_worker.uuid]))
        assert not StaticDevice.objects.filter(user=hub_worker).exists()
        assert not TOTPDevice.objects.filter(user=hub_worker).exists()
