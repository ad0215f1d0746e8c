"""Signing in, lockout, the second factor, passwords, sessions and CSRF, through the real pages."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core.models import AuditEvent, Role
from thriving.core.public_forms import make_token

PASSWORD = "correct horse battery staple"


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("core:sign-in"), {"username": email, "password": password, **extra})


@pytest.fixture
def hub_worker(user_with_role):
    return user_with_role(Role.HUB_WORKER)


def test_production_hashes_passwords_with_argon2():
    import thriving.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_in_lands_on_the_home_page_and_is_audited(client, hub_worker):
    response = sign_in(client, hub_worker.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert "Hub worker" in home.content.decode()
    assert AuditEvent.objects.filter(actor=hub_worker, event="user.signed_in").exists()


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", "", "Enter your email address"),
        ("nobody@example.org", "wrong", "Enter a correct email address and password"),
        ("x" * 300 + "@example.org", "wrong", "Enter an email address of 254 characters or fewer"),
    ],
)
def test_wrong_sign_in_shows_an_error_summary(client, hub_worker, email, password, message):
    response = sign_in(client, email, password)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_audited(client, hub_worker):
    sign_in(client, hub_worker.email, "not the password")
    assert AuditEvent.objects.filter(event="user.sign_in_failed", actor_label=hub_worker.email).exists()


def test_repeated_failures_lock_the_account(client, hub_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, hub_worker.email, "not the password")
    response = sign_in(client, hub_worker.email)  # even the right password is refused now
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="user.locked_out").exists()


@pytest.fixture
def lock_me(user_with_role):
    person = user_with_role(Role.HUB_WORKER)
    person.email = "lockme@example.com"
    person.save()
    return person


def sign_in_from(client, number: int, email: str, password: str = PASSWORD):
    """Each try from its own address, so that only the lockout by email address can stop them."""
    data = {"username": email, "password": password}
    return client.post(reverse("core:sign-in"), data, REMOTE_ADDR=f"192.0.2.{number}")


@pytest.mark.parametrize("typed", ["LoCkMe@example.com", "  lockme@example.com ", "LOCKME@EXAMPLE.COM"])
def test_a_locked_account_stays_locked_however_the_address_is_typed(client, lock_me, settings, typed):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, number, "lockme@example.com", "not the password")
    response = sign_in_from(client, 99, typed)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_tries_count_together_whatever_their_capitals(client, lock_me, settings):
    typed = ["LoCkMe@example.com", "lockme@EXAMPLE.com", " LOCKME@example.com", "lockMe@example.com "]
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, number, typed[number % len(typed)], "not the password")
    response = sign_in_from(client, 99, "lockme@example.com")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="user.locked_out", actor_label="lockme@example.com").exists()


def test_an_inactive_account_cannot_sign_in(client, hub_worker):
    hub_worker.is_active = False
    hub_worker.save()
    response = sign_in(client, hub_worker.email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_ends_the_session(client, hub_worker):
    client.force_login(hub_worker)
    assert client.get(reverse("core:sign-out")).status_code == 405
    response = client.post(reverse("core:sign-out"))
    assert response.url == reverse("core:signed-out")
    assert client.get(reverse("core:home")).status_code == 302


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_an_expired_session_goes_back_to_sign_in(client, hub_worker):
    client.force_login(hub_worker)
    client.session.flush()
    session = client.session
    session.set_expiry(-1)
    session.save()
    client.cookies.pop("sessionid", None)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("core:sign-in") in response.url


def test_a_forged_csrf_token_gets_a_clear_page(db, hub_worker):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("core:sign-in"), {"username": hub_worker.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def ask_for_a_reset(client, email, **extra):
    """The password reset page sent at a person's pace (its form was shown a minute ago)."""
    data = {"email": email, "token": make_token(shown_at=time.time() - 60), **extra}
    return client.post(reverse("core:password-reset"), data)


class TestPasswords:
    @pytest.fixture(autouse=True)
    def _fresh_counts(self):
        cache.clear()  # the reset page's rate-limit counts live in the cache
        yield
        cache.clear()

    def test_reset_by_email(self, client, hub_worker):
        response = ask_for_a_reset(client, hub_worker.email)
        assert response.url == reverse("core:password-reset-sent")
        assert len(mail.outbox) == 1
        link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)

        form = client.get(link, follow=True)
        assert "Choose a new password" in form.content.decode()
        weak = client.post(form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
        assert "There is a problem" in weak.content.decode()
        new = "a brand new long passphrase"
        done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        assert done.url == reverse("core:password-reset-complete")
        client.logout()
        assert sign_in(client, hub_worker.email, new).url == reverse("core:home")

    def test_reset_for_the_address_typed_with_capitals_and_spaces_goes_to_the_saved_one(self, client, lock_me):
        response = ask_for_a_reset(client, "  LoCkMe@Example.COM ")
        assert response.url == reverse("core:password-reset-sent")
        assert [message.to for message in mail.outbox] == [["lockme@example.com"]]

    def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(self, client, db):
        response = ask_for_a_reset(client, "nobody@example.org")
        assert response.url == reverse("core:password-reset-sent")
        assert mail.outbox == []

    def test_a_used_or_forged_link_is_refused_clearly(self, client, db):
        response = client.get(reverse("core:password-reset-confirm", args=["MQ", "forged-token"]))
        assert "The link has expired" in response.content.decode()

    def test_change_password(self, client, hub_worker):
        client.force_login(hub_worker)
        new = "another long passphrase here"
        response = client.post(
            reverse("core:password-change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.url == reverse("core:account")
        hub_worker.refresh_from_db()
        assert hub_worker.check_password(new)
