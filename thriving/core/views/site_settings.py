"""The service's security settings, for administrators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.core import queries, services
from thriving.core.forms import site_settings as forms
from thriving.core.policy import policy


@policy("core.manage_site_settings")
def site_settings(request: HttpRequest) -> HttpResponse:
    current = queries.site_settings()
    form = forms.SiteSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"require_two_factor": current.require_two_factor},
    )
    if request.method == "POST" and form.is_valid():
        services.update_site_settings(
            acting_user=request.user, require_two_factor=form.cleaned_data["require_two_factor"]
        )
        messages.success(request, "The security settings have been saved")
        return redirect("core:site-settings")
    return render(request, "core/site_settings.html", {"form": form, "settings": current})
