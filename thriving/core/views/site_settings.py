"""The service's security settings, for administrators."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.models import SiteSettings
from thriving.core.policy import policy


@policy("core.manage_site_settings")
def site_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "core/site_settings.html", {"settings": SiteSettings.load()})
