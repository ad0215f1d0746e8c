"""Sign-in events go to the audit trail."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from thriving.core import audit


@receiver(user_logged_in)
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(user, "user.signed_in", user, action=audit.Action.SIGNED_IN)


@receiver(user_logged_out)
def signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(user, "user.signed_out", user, action=audit.Action.SIGNED_OUT)


@receiver(user_login_failed)
def sign_in_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    audit.record(
        None,
        "user.sign_in_failed",
        action=audit.Action.SIGN_IN_FAILED,
        actor_label=str(credentials.get("username", ""))[:254],
    )


@receiver(user_locked_out)
def locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    audit.record(
        None, "user.locked_out", action=audit.Action.LOCKED_OUT, actor_label=(username or "")[:254]
    )
