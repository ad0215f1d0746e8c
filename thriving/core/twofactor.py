"""Time-based one-time codes (TOTP) as a second factor, through django-otp."""

from typing import Any

from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core.models import SiteSettings


def second_factor_required(user: Any) -> bool:
    """Whether this person must give a one-time code: always once they have set one up, and for
    everyone when an administrator requires it."""
    return user_has_device(user, confirmed=True) or SiteSettings.load().require_two_factor


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return second_factor_required(user)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device a person is setting up, made once and kept until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device
