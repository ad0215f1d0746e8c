"""Organisation staff keep their services true: list them, propose new services and changes,
confirm they are still right, and see each service's history.

A service the person does not keep (another organisation's) is a 404, as one that does not exist:
the "change" scope of `Service` in `thriving.directory.policy`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.core.conflicts import ActionRefused
from thriving.core.policy import get_visible_or_404, policy
from thriving.core.queries import page_of
from thriving.directory import forms
from thriving.directory.queries import editing as queries
from thriving.directory.services import editing as services

PER_PAGE = 25


@policy("directory.edit_services")
def my_services(request: HttpRequest) -> HttpResponse:
    found = queries.staff_services(request.user)
    page = page_of(found, request.GET.get("page"), PER_PAGE)
    for service in page:
        service.unchecked = queries.is_unchecked(service)
    context = {"page_obj": page, "check_months": settings.DIRECTORY_CHECK_MONTHS}
    return render(request, "directory/staff/my_services.html", context)


def _form(request: HttpRequest, organisations: list, locations: list, fixed: bool, initial: dict | None = None):
    return forms.ServiceForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisations=organisations,
        locations=locations,
        fixed_organisation=fixed,
    )


@policy("directory.edit_services")
def service_create(request: HttpRequest) -> HttpResponse:
    organisations = queries.staff_organisations(request.user)
    if not organisations:
        raise PermissionDenied("directory.edit_services")
    locations = queries.organisation_locations(organisations[0]) if len(organisations) == 1 else []
    form = _form(request, organisations, locations, fixed=False, initial={"is_free": True, "status": "active"})
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        services.propose_service(acting_user=request.user, organisation=organisation, data=form.proposal())
        messages.success(request, "The new service has been sent to the directory editors to approve")
        return redirect("directory:my-services")
    status = 400 if form.is_bound else 200
    context = {"form": form, "heading": "Add a service"}
    return render(request, "directory/staff/service_form.html", context, status=status)


@policy("directory.edit_services")
def service_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    service = get_visible_or_404(queries.kept_services(), request.user, "change", uuid=uuid)
    locations = queries.organisation_locations(service.organisation)
    linked = {location.pk for location in locations}
    locations += [loc for loc in service.locations.order_by("name") if loc.pk not in linked]
    form = _form(request, [service.organisation], locations, fixed=True,
                 initial=forms.initial_from(queries.snapshot(service)))
    base_version = request.POST.get("base_version") if request.method == "POST" else service.version
    context = {"form": form, "heading": f"Change {service.name}", "service": service, "base_version": base_version}
    try:
        services.refuse_if_from_feed(service)
    except ActionRefused as refused:  # the page says so, and shows no form
        context.update(form=None, from_feed=str(refused), error_message=str(refused) if form.is_bound else "")
        return render(request, "directory/staff/service_form.html", context, status=400 if form.is_bound else 200)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(base_version or service.version)
        except ValueError:
            version = service.version
        services.propose_change(acting_user=request.user, service=service, data=form.proposal(), base_version=version)
        messages.success(request, f"Your changes to {service.name} have been sent to the directory editors to approve")
        return redirect("directory:my-services")
    return render(request, "directory/staff/service_form.html", context, status=400 if form.is_bound else 200)


@require_POST
@policy("directory.edit_services")
def service_confirm(request: HttpRequest, uuid: str) -> HttpResponse:
    service = get_visible_or_404(queries.kept_services(), request.user, "change", uuid=uuid)
    try:
        services.confirm_still_right(acting_user=request.user, service=service)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Thank you: {service.name} is marked as checked today")
    return redirect("directory:my-services")


@policy("directory.edit_services")
def service_history(request: HttpRequest, uuid: str) -> HttpResponse:
    service = get_visible_or_404(queries.kept_services(), request.user, "change", uuid=uuid)
    context = {"service": service, "versions": queries.history(request.user, service)}
    return render(request, "directory/staff/history.html", context)
