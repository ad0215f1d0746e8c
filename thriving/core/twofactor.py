"""The second factor, through django-otp: time-based one-time codes (TOTP) from an authenticator app,
and recovery codes (django-otp's static tokens, kept as keyed hashes) for when the app is not to hand.

Reads (which devices a person has), the writes a person makes to their own devices (confirming an
app, issuing recovery codes), and checking a code with a message for the person."""

import base64
import math
import secrets
from typing import Any

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticToken

from thriving.core import audit
from thriving.core.models import AuthenticatorApp, RecoveryCodes, SiteSettings

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/i/l to misread
_RECOVERY_SALT = "thriving.core.twofactor.recovery-code"


def second_factor_required(user: Any) -> bool:
    """Whether this person must give a one-time code: always once they have set one up, and for
    everyone when an administrator requires it. Recovery codes are issued only with an app (and
    removed with it), so the app alone decides: one query, not one per kind of device."""
    return (
        AuthenticatorApp.objects.filter(user=user, confirmed=True).exists() or SiteSettings.load().require_two_factor
    )


def needs_second_factor(request: Any) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return second_factor_required(user)


def confirmed_device(user: Any) -> AuthenticatorApp | None:
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> AuthenticatorApp:
    """The unconfirmed device a person is setting up, made once and kept until confirmed."""
    device = AuthenticatorApp.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorApp.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_for_typing(device: AuthenticatorApp) -> str:
    """The device's key as people type it into an app that cannot scan: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code(device: AuthenticatorApp) -> segno.QRCode:
    """The QR code of the device's provisioning address (`otpauth://totp/...`), for the app to scan."""
    return segno.make(device.config_url, error="m")


def qr_data_uri(device: AuthenticatorApp) -> str:
    """The QR code as a standalone SVG image (with its XML namespace, so browsers draw it) in a
    data: address, which the Content Security Policy allows for images."""
    return qr_code(device).svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def check_code(device: Any, code: str, *, what: str = "code") -> str | None:
    """None when the code is right; otherwise what to tell the person. After a few wrong codes each
    further try has to wait (see `models.PatientThrottling`); only then is the person told to wait,
    and for how long."""
    with transaction.atomic():
        # One try at a time per device, so that a code (or a recovery code) cannot be used twice at once.
        device = type(device).objects.select_for_update().get(pk=device.pk)
        return _check_locked(device, code, what)


def _check_locked(device: Any, code: str, what: str) -> str | None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        seconds = math.ceil(((details or {})["locked_until"] - timezone.now()).total_seconds())
        wait = _duration(max(seconds, 1))
        return f"You have entered a wrong {what} too many times. Wait {wait}, then try again"
    if device.verify_token(code):
        return None
    if what == "recovery code":
        return "The recovery code is not right or has already been used. Check it and try again"
    return "The code is not right or has expired. Enter the code shown in the app now"


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@transaction.atomic
def confirm_app(*, acting_user: Any, device: AuthenticatorApp) -> list[str]:
    """The person has shown they can read codes from the app: it becomes their authenticator, and
    they are given their first recovery codes (returned, to be shown once)."""
    if device.user_id != acting_user.pk:
        raise ValueError("A person confirms only their own authenticator app")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(acting_user, "user.second_factor_set_up", acting_user, action=audit.Action.CHANGED)
    return issue_recovery_codes(acting_user=acting_user)


def _digest(code: str) -> str:
    """The keyed hash kept in place of a recovery code (16 characters, as django-otp's token field)."""
    typed = "".join(code.split()).replace("-", "").lower()
    return salted_hmac(_RECOVERY_SALT, typed, algorithm="sha256").hexdigest()[:16]


def _new_code() -> str:
    characters = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{characters[:5]}-{characters[5:]}"


@transaction.atomic
def issue_recovery_codes(*, acting_user: Any) -> list[str]:
    """Ten new recovery codes for the person, replacing any they had (those stop working). Returned
    once, to be shown once: only their hashes are kept."""
    if confirmed_device(acting_user) is None:
        raise ValueError("Recovery codes are issued only to a person with an authenticator app")
    # The same device keeps its tokens' place: a person signed in with a recovery code stays signed in.
    device = recovery_device(acting_user)
    if device is None:
        device = RecoveryCodes.objects.create(user=acting_user, name="Recovery codes", confirmed=True)
    old = StaticToken.objects.filter(device__user=acting_user)
    had = old.count()
    old.delete()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=_digest(code)) for code in codes])
    audit.record(
        acting_user,
        "user.recovery_codes_issued",
        acting_user,
        action=audit.Action.CHANGED,
        changes={"recovery_codes_left": [str(had), str(RECOVERY_CODE_COUNT)]},
    )
    return codes


def recovery_device(user: Any) -> RecoveryCodes | None:
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def use_recovery_code(user: Any, device: RecoveryCodes, code: str) -> str | None:
    """Check a recovery code: right, it is used up (django-otp deletes it) and None is returned;
    wrong or used before, the message for the person. Both are recorded in the audit trail."""
    problem = check_code(device, _digest(code), what="recovery code")
    if problem is None:
        audit.record(
            user,
            "user.recovery_code_used",
            user,
            action=audit.Action.SIGNED_IN,
            changes={"recovery_codes_left": [str(device.token_set.count() + 1), str(device.token_set.count())]},
        )
    else:
        audit.record(user, "user.recovery_code_refused", user, action=audit.Action.SIGN_IN_FAILED)
    return problem
