"""Organisations: the council, partners and community groups."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.models import Organisation
from thriving.core.policy import policy


@policy("core.view_organisations")
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.prefetch_related("localities")
    return render(request, "core/organisations/list.html", {"organisations": organisations})
