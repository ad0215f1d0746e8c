"""The second factor: the code step of signing in (or a recovery code instead), setting up an
authenticator app, and issuing new recovery codes. The page a person asked for before signing in
(`next`) is carried through every step and checked before they are sent there."""

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from thriving.core import audit, twofactor
from thriving.core.forms import auth as forms
from thriving.core.policy import SIGNED_IN, policy


def safe_next(request: HttpRequest, fallback: str = "") -> str:
    """The page asked for, if it is on this site; otherwise the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def with_next(name: str, target: str) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


@policy("core.second_factor")
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the one-time code; send people with no authenticator app set up to set one up."""
    target = safe_next(request)
    user: Any = request.user
    if user.is_verified():
        return redirect(target or "core:home")
    device = twofactor.confirmed_device(user)
    if device is None:
        return redirect(with_next("core:two-factor-setup", target))
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = twofactor.check_code(device, form.cleaned_data["code"])
        if problem is None:
            otp_login(request, device)
            audit.record(user, "user.second_factor_passed", user, action=audit.Action.SIGNED_IN)
            return redirect(target or "core:home")
        audit.record(user, "user.second_factor_failed", user, action=audit.Action.SIGN_IN_FAILED)
        form.add_error("code", problem)
    context = {
        "form": form,
        "next": target,
        "recovery_url": with_next("core:recovery-code", target),
        "has_recovery_codes": twofactor.recovery_codes_left(user) > 0,
    }
    return render(request, "core/auth/second_factor.html", context)


@policy("core.second_factor")
@never_cache
def recovery_code(request: HttpRequest) -> HttpResponse:
    """Sign in with one of the recovery codes instead of a code from the app; each works once."""
    target = safe_next(request)
    user: Any = request.user
    if user.is_verified():
        return redirect(target or "core:home")
    device = twofactor.recovery_device(user)
    if device is None or twofactor.confirmed_device(user) is None:
        return redirect(with_next("core:second-factor", target))
    form = forms.RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = twofactor.use_recovery_code(user, device, form.cleaned_data["code"])
        if problem is None:
            otp_login(request, device)
            left = twofactor.recovery_codes_left(user)
            messages.warning(
                request,
                f"You signed in with a recovery code, which cannot be used again. You have {left} "
                f"recovery code{'s' if left != 1 else ''} left: you can get new ones from your account page.",
            )
            return redirect(target or "core:home")
        form.add_error("code", problem)
    context = {"form": form, "next": target, "code_url": with_next("core:second-factor", target)}
    return render(request, "core/auth/recovery_code.html", context)


def _show_codes(request: HttpRequest, codes: list[str], continue_to: str) -> HttpResponse:
    """The codes, shown this once (only their hashes are kept), with a text file to download."""
    email = getattr(request.user, "email", "")
    text = "Thriving recovery codes for {}\nEach code works once.\n\n{}\n".format(email, "\n".join(codes))
    context = {
        "codes": codes,
        "download": "data:text/plain;charset=utf-8," + quote(text),
        "continue_to": continue_to,
    }
    return render(request, "core/auth/recovery_codes.html", context)


@policy("core.second_factor")
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then confirm a code. The
    person is then given their recovery codes, and goes on to the page they asked for."""
    user: Any = request.user
    target = safe_next(request)
    if twofactor.confirmed_device(user) is not None:
        if not user.is_verified():
            return redirect(with_next("core:second-factor", target))
        return redirect(target or "core:account")
    device = twofactor.pending_device(user)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = twofactor.check_code(device, form.cleaned_data["code"])
        if problem is None:
            codes = twofactor.confirm_app(acting_user=user, device=device)
            otp_login(request, device)
            messages.success(
                request, "Your authenticator app is set up. You will need a code from it each time you sign in."
            )
            return _show_codes(request, codes, target or reverse("core:account"))
        form.add_error("code", problem)
    context: dict[str, Any] = {
        "form": form,
        "next": target,
        "qr": twofactor.qr_data_uri(device),
        "secret": twofactor.secret_for_typing(device),
    }
    return render(request, "core/auth/two_factor_setup.html", context)


@policy(SIGNED_IN)
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes from the account page: the old ones stop working."""
    if twofactor.confirmed_device(request.user) is None:
        return redirect("core:two-factor-setup")
    if request.method == "POST":
        codes = twofactor.issue_recovery_codes(acting_user=request.user)
        messages.success(request, "You have new recovery codes. Your old recovery codes no longer work.")
        return _show_codes(request, codes, reverse("core:account"))
    return render(request, "core/auth/recovery_codes_new.html", {"left": twofactor.recovery_codes_left(request.user)})
