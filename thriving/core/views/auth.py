"""Signing in and out, the second factor, and passwords."""

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from thriving.core import audit, public_forms, twofactor
from thriving.core.backends import normalise_email
from thriving.core.forms import auth as forms
from thriving.core.policy import SIGNED_IN, policy, public


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """Shown instead of signing in once an account or address has had too many wrong tries."""
    return render(request, "core/auth/locked_out.html", status=429)


class SignInView(auth_views.LoginView):
    thriving_policy = "public"
    template_name = "core/auth/sign_in.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        super().form_valid(form)
        if twofactor.second_factor_required(form.get_user()):
            target = self.get_redirect_url()
            url = reverse_lazy("core:second-factor")
            return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
        return redirect(self.get_success_url())


class SignOutView(auth_views.LogoutView):
    thriving_policy = "public"


@public
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "core/auth/signed_out.html")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _check_code(device: Any, code: str) -> str | None:
    """None when the code is right; otherwise what to tell the person. Wrong codes slow down
    further tries (django-otp's throttling)."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "There have been too many wrong codes. Wait a minute, then enter the code shown now"
    if device.verify_token(code):
        return None
    return "The code is not right or has expired. Enter the code shown in the app now"


@policy("core.second_factor")
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the one-time code; send people with no authenticator app set up to set one up."""
    if request.user.is_verified():
        return redirect(_safe_next(request, reverse_lazy("core:home")))
    device = twofactor.confirmed_device(request.user)
    if device is None:
        return redirect("core:two-factor-setup")
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _check_code(device, form.cleaned_data["code"])
        if problem is None:
            otp_login(request, device)
            audit.record(request.user, "user.second_factor_passed", request.user, action=audit.Action.SIGNED_IN)
            return redirect(_safe_next(request, reverse_lazy("core:home")))
        form.add_error("code", problem)
    return render(request, "core/auth/second_factor.html", {"form": form, "next": _safe_next(request, "")})


def _qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@policy("core.second_factor")
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then confirm a code."""
    user = request.user
    if twofactor.confirmed_device(user) is not None and not user.is_verified():
        return redirect("core:second-factor")
    device = twofactor.pending_device(user)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _check_code(device, form.cleaned_data["code"])
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record(user, "user.second_factor_set_up", user, action=audit.Action.CHANGED)
            messages.success(
                request, "Your authenticator app is set up. You will need a code from it each time you sign in."
            )
            return redirect("core:account")
        form.add_error("code", problem)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "already": twofactor.confirmed_device(user) is not None,
    }
    return render(request, "core/auth/two_factor_setup.html", context)


@policy(SIGNED_IN)
def account(request: HttpRequest) -> HttpResponse:
    from thriving.core.policy import memberships

    return render(
        request,
        "core/auth/account.html",
        {
            "memberships": memberships(request.user),
            "has_device": twofactor.confirmed_device(request.user) is not None,
        },
    )


def _public_view(cls: Any, **kwargs: Any) -> Any:
    view = cls.as_view(**kwargs)
    view.thriving_policy = "public"
    return view


def _typed_address(group: str, request: HttpRequest) -> str:
    return normalise_email(request.POST.get("email"))


class PasswordResetView(auth_views.PasswordResetView):
    """Anyone may ask for a reset link, so the page is throttled as every public form is: per client
    address, and per email address (normalised, so capitals do not reset the count) against
    flooding one person's inbox. A robot caught by the honeypot or the time trap sees the usual
    "sent" page and nothing is sent."""

    thriving_policy = "public"
    template_name = "core/auth/password_reset.html"
    form_class = forms.PublicPasswordResetForm
    email_template_name = "core/auth/password_reset_email.txt"
    subject_template_name = "core/auth/password_reset_subject.txt"
    success_url = reverse_lazy("core:password-reset-sent")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if public_forms.over_limit(request, "core:password-reset"):
            return public_forms.refuse(request, self.template_name, self.get_context_data(form=form), form)
        if not form.is_valid():
            return self.form_invalid(form)
        if form.is_robot:
            return redirect(self.success_url)
        if public_forms.over_limit(request, "core:password-reset-address", key=_typed_address):
            return public_forms.refuse(request, self.template_name, self.get_context_data(form=form), form)
        return self.form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        """The form again with its mistakes (or "sent too fast"), as every form with errors: 400."""
        response = super().form_invalid(form)
        response.status_code = 400
        return response


password_reset = PasswordResetView.as_view()
password_reset_sent = _public_view(
    auth_views.PasswordResetDoneView, template_name="core/auth/password_reset_sent.html"
)
password_reset_confirm = _public_view(
    auth_views.PasswordResetConfirmView,
    template_name="core/auth/password_reset_confirm.html",
    form_class=forms.SetPasswordForm,
    success_url=reverse_lazy("core:password-reset-complete"),
)
password_reset_complete = _public_view(
    auth_views.PasswordResetCompleteView, template_name="core/auth/password_reset_complete.html"
)
password_change = policy(SIGNED_IN)(
    auth_views.PasswordChangeView.as_view(
        template_name="core/auth/password_change.html",
        form_class=forms.PasswordChangeForm,
        success_url=reverse_lazy("core:account"),
    )
)
