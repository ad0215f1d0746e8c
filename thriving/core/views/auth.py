"""Signing in and out, the account page, and passwords (the second factor: `views/twofactor.py`)."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from thriving.core import public_forms, twofactor
from thriving.core.backends import normalise_email
from thriving.core.forms import auth as forms
from thriving.core.policy import SIGNED_IN, policy, public
from thriving.core.views.twofactor import with_next


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
            return redirect(with_next("core:second-factor", self.get_redirect_url()))
        return redirect(self.get_success_url())


class SignOutView(auth_views.LogoutView):
    thriving_policy = "public"


@public
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "core/auth/signed_out.html")


@policy(SIGNED_IN)
def account(request: HttpRequest) -> HttpResponse:
    from thriving.core.policy import memberships

    return render(
        request,
        "core/auth/account.html",
        {
            "memberships": memberships(request.user),
            "has_device": twofactor.confirmed_device(request.user) is not None,
            "recovery_codes_left": twofactor.recovery_codes_left(request.user),
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
