"""What every form that anyone can send (no account) shares to keep robots and floods out, without a
CAPTCHA:

- a **honeypot**: a text field people never see (`website`), which robots fill in;
- a **time trap**: a signed token made when the form is shown, holding that moment and a
  submission key; a form sent sooner than `FRONTDOOR_MIN_SECONDS` after it was shown is a robot's.
  Signed, so it cannot be forged, and held in the page rather than the session, so it works across
  web processes. The key lets a view make one record of a form sent twice;
- a **rate limit** per client address (django-ratelimit, `FRONTDOOR_ASK_RATE`), counted in the
  shared cache, answered with the form's own page, status 429, keeping what was typed.

A form sent too fast is shown again with its answers and the error `TOO_FAST` (status 400), so a
quick person is told and sends it again: the form keeps the moment it was first shown, so the
second send, a few seconds later, goes through. Nothing refused is ever passed off as sent. A
robot caught by the honeypot, which no person can see or reach, is shown the usual "sent" page and
nothing is saved or sent, so it learns nothing. Forms inherit `PublicForm` (or call `time_trap`);
views use `limit` / `over_limit` and `refuse`. `make_token` and `read_token` are there for views
that keep a journey outside a form.
"""

import datetime
import time
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

HONEYPOT = "website"
TOKEN = "token"
SALT = "thriving.public_form"
DAY = datetime.timedelta(days=1)
EXPIRED = "This form had expired. Check your answers and send it again."
TOO_FAST = ("This form was sent very quickly after it was shown, so we have not taken it yet. "
            "Check your answers and send it again.")


# ---------------------------------------------------------------------------------------------
# The time trap's token


def make_token(key: uuid.UUID | None = None, *, shown_at: float | None = None, salt: str = SALT) -> str:
    """A signed token holding a submission key and the moment the form was shown (now, unless
    `shown_at`, seconds since the epoch, says otherwise)."""
    shown = time.time() if shown_at is None else shown_at
    return signing.dumps({"k": str(key or uuid.uuid4()), "t": shown}, salt=salt)


def read_token(
    token: str, *, max_age: datetime.timedelta | None = DAY, salt: str = SALT
) -> tuple[uuid.UUID, float] | None:
    """(submission key, seconds since the form was shown), or None for a missing, forged or (with
    `max_age`) expired token."""
    try:
        data = signing.loads(token or "", salt=salt, max_age=max_age)
        key, age = uuid.UUID(data["k"]), time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if max_age is not None and age > max_age.total_seconds():
        return None
    return key, age


def too_fast(age: float) -> bool:
    """Sent sooner after the form was shown than a person could fill it in: a robot."""
    return age < settings.FRONTDOOR_MIN_SECONDS


def time_trap(form: forms.Form, age: float | None) -> None:
    """Add the "sent too fast" error to a form sent sooner than a person could have filled it in."""
    if age is not None and too_fast(age):
        form.add_error(None, TOO_FAST)


def honeypot_filled(data: Any, prefix: str = "") -> bool:
    """Whether the honeypot came back filled in, for views that read the posted data themselves."""
    return bool((data.get(f"{prefix}-{HONEYPOT}" if prefix else HONEYPOT) or "").strip())


# ---------------------------------------------------------------------------------------------
# The form


class HoneypotInput(forms.TextInput):
    """A text input inside a box moved off the screen and hidden from assistive technology. Django
    counts it as hidden, so it stays out of the error summary and the visible fields."""

    template_name = "core/public_forms/honeypot.html"
    is_hidden = True  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


class PublicForm(forms.Form):
    """A form anyone can send: inherit it beside the GOV.UK form (`class F(PublicForm, Form)`) and
    render `{{ form.website }}{{ form.token }}` (or `{{ form }}`) inside the <form>.

    A form sent too fast is not valid (`TOO_FAST`) and keeps its token, so sending it again once a
    few seconds have passed works. After `is_valid()`: `is_robot` (the honeypot was filled in) says
    to drop the submission quietly; `submission_key` is the form's own key. A missing, forged or
    day-old token is a mistake the person fixes by sending again; the form then carries a fresh
    token."""

    website = forms.CharField(label="Leave this empty", required=False, widget=HoneypotInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and TOKEN not in self.initial:
            self.initial = {**self.initial, TOKEN: make_token()}

    def clean_token(self) -> tuple[uuid.UUID, float] | None:
        return read_token(self.cleaned_data.get(TOKEN, ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if TOKEN in cleaned and cleaned[TOKEN] is None:
            self.add_error(None, EXPIRED)
        elif cleaned.get(TOKEN) and not cleaned.get(HONEYPOT):
            time_trap(self, cleaned[TOKEN][1])
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and read_token(self.data.get(self.add_prefix(TOKEN), "")) is None:
            # Shown again after the mistake, the form times itself from now.
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN)] = make_token()

    @property
    def is_robot(self) -> bool:
        """The honeypot was filled in (a form sent too fast is not valid, so never gets here)."""
        return bool(self.cleaned_data.get(HONEYPOT)) or self.cleaned_data.get(TOKEN) is None

    @property
    def submission_key(self) -> uuid.UUID:
        return self.cleaned_data[TOKEN][0]


# ---------------------------------------------------------------------------------------------
# The rate limit


def client_ip(request: HttpRequest) -> str:
    """The client's address behind one proxy: the last address in X-Forwarded-For (set as
    RATELIMIT_IP_META_KEY when BEHIND_PROXY is on)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    return addresses[-1] if addresses else request.META.get("REMOTE_ADDR", "")


def public_rate(group: str, request: HttpRequest) -> str:
    """Posts allowed per client address to each public form (django-ratelimit syntax, `10/h`)."""
    return settings.FRONTDOOR_ASK_RATE


def limit(group: str) -> Callable:
    """Decorate a view: count its POSTs per client address in `group`; past the limit,
    `request.limited` is true and the view answers with `refuse`."""
    return ratelimit(group=group, key="ip", rate=public_rate, method="POST", block=False)


def over_limit(request: HttpRequest, group: str, key: str | Callable = "ip") -> bool:
    """Count this POST in `group` (per client address, or per what `key(group, request)` gives)
    and say whether it is past the limit. For class-based views and second counts, such as per
    email address."""
    limited = is_ratelimited(request, group=group, key=key, rate=public_rate, method="POST", increment=True)
    request.limited = getattr(request, "limited", False) or limited  # type: ignore[attr-defined]
    return limited


def is_limited(request: HttpRequest) -> bool:
    return bool(getattr(request, "limited", False))


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def wait_words() -> str:
    """How long until the limit lifts, in words, from the configured rate (such as `10/h`)."""
    per = settings.FRONTDOOR_ASK_RATE.split("/", 1)[1]
    period = int(per[:-1] or 1) * PERIODS[per[-1].lower()]
    for seconds, words in ((60, "a minute"), (3600, "an hour"), (86400, "a day")):
        if period <= seconds:
            return words
    return f"{round(period / 86400)} days"


def refuse(request: HttpRequest, template: str, context: dict[str, Any], form: forms.Form) -> HttpResponse:
    """The form's own page again, status 429, with what was typed and a message at the top."""
    form.add_error(
        None,
        "You have sent this form too many times from your connection. Nothing was sent this time. "
        f"What you typed is kept below: try again in {wait_words()}.",
    )
    return render(request, template, {**context, "form": form}, status=429)
