"""Organisations: the council, partners and community groups. Staff find them; administrators
add and change them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.core import queries, services
from thriving.core.conflicts import Conflict
from thriving.core.forms import organisations as forms
from thriving.core.models import Organisation
from thriving.core.policy import can, get_visible_or_404, policy

PER_PAGE = 25


def _organisation_or_404(request: HttpRequest, slug: str) -> Organisation:
    return get_visible_or_404(queries.organisations(request.user), request.user, slug=slug)


@policy("core.view_organisations")
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = forms.OrganisationFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.organisations(request.user, **filters)
    context = {
        "form": form,
        "page_obj": queries.page_of(found, request.GET.get("page"), PER_PAGE),
        "can_manage": can(request.user, "core.manage_organisations"),
    }
    return render(request, "core/organisations/list.html", context)


@policy("core.view_organisations")
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    can_manage = can(request.user, "core.manage_organisations")
    context = {
        "organisation": organisation,
        "can_manage": can_manage,
        "member_count": queries.organisation_member_count(organisation) if can_manage else None,
    }
    return render(request, "core/organisations/detail.html", context)


@policy("core.manage_organisations")
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = forms.OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(acting_user=request.user, **form.organisation_fields())
        messages.success(request, f"{organisation.name} has been added")
        return redirect("core:organisation-detail", slug=organisation.slug)
    return render(request, "core/organisations/form.html", {"form": form, "heading": "Add an organisation"})


@policy("core.manage_organisations")
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    context = {"heading": f"Change {organisation.name}", "organisation_name": organisation.name, "slug": slug}
    if request.method != "POST":
        context["form"] = forms.OrganisationForm(instance=organisation, initial={"version": organisation.version})
        return render(request, "core/organisations/form.html", context)
    # The form fills in the instance as it validates; the service reads the saved one afresh.
    form = forms.OrganisationForm(request.POST, instance=organisation)
    context["form"] = form
    if form.is_valid():
        try:
            services.update_organisation(
                acting_user=request.user,
                organisation=organisation,
                expected_version=form.cleaned_data["version"],
                **form.organisation_fields(),
            )
        except Conflict as conflict:
            current = _organisation_or_404(request, slug)
            form.add_error(None, str(conflict))
            context["conflicts"] = form.differences_from(current)
            # Saving again, having seen what changed, replaces it with what the person typed.
            form.data = form.data.copy()
            form.data["version"] = str(current.version)
        else:
            messages.success(request, "The organisation's details have been saved")
            return redirect("core:organisation-detail", slug=slug)
    return render(request, "core/organisations/form.html", context)
