"""Authentication helpers: the one spelling of a sign-in address that lockout and rate limits key
on, and model permissions for the Django admin site from Thriving roles rather than per-user flags."""

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from thriving.core import policy

# Nobody changes or deletes the audit trail, whatever their role.
NEVER = {"core.change_auditevent", "core.delete_auditevent", "core.add_auditevent"}


def normalise_email(value: str | None) -> str:
    """An email address as lockout, rate limits and password reset count it: without surrounding
    spaces, in lower case (addresses are saved so, and signing in ignores case), so that
    `LoCkMe@example.com` is the same person as `lockme@example.com`."""
    return (value or "").strip().lower()


def lockout_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """django-axes' AXES_USERNAME_CALLABLE: the normalised address from the credentials (or the
    posted form), so that varying the capitals neither gets round a lockout nor spreads the count."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username") if request is not None else None
    return None if typed is None else normalise_email(typed)


class RoleBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm in NEVER:
            return False
        return policy.can(user_obj, "core.use_admin")

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return policy.can(user_obj, "core.use_admin")
