"""Public pages (no sign-in): search, a service, a place, platforms, reporting a problem."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.core import public_forms
from thriving.core.policy import public
from thriving.directory import forms, needs, queries, search, services


@public
def service_search(request: HttpRequest) -> HttpResponse:
    """Find services by words, need, postcode and distance, locality, open now and cost. Bad
    input shows the error summary with status 400."""
    form = forms.SearchForm(request.GET or None)
    context: dict = {"form": form, "needs": needs.tree(), "map_tile_url": settings.MAP_TILE_URL,
                     "map_attribution": settings.MAP_TILE_ATTRIBUTION}
    status = 200
    if form.is_bound:
        if form.is_valid():
            criteria = form.criteria()
            context["criteria"] = criteria
            if criteria.given:
                results = search.search(criteria, request.GET.get("page"))
                context["results"] = results
                context["page_obj"] = results.page
                context["points_json"] = json.dumps(results.points)
        else:
            status = 400
    return render(request, "directory/search.html", context, status=status)


def _service_page_or_404(uuid: str) -> queries.ServicePage:
    page = queries.service_page(uuid)
    if page is None:
        raise Http404("No such service")
    return page


@public
def service_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    page = _service_page_or_404(uuid)
    return render(request, "directory/service.html", {"page": page, "service": page.service,
                                                      "share_url": request.build_absolute_uri()})


@public
@public_forms.limit("directory:report")
def report_problem(request: HttpRequest, uuid: str) -> HttpResponse:
    """Anyone may report a problem: past the rate limit the page comes back (429) with what was
    typed; a robot caught by the honeypot or the time trap sees the usual "sent" page, and nothing
    is saved or emailed."""
    page = _service_page_or_404(uuid)
    form = forms.ProblemReportForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "service": page.service}
    if request.method == "POST":
        if public_forms.is_limited(request):
            return public_forms.refuse(request, "directory/report.html", context, form)
        if form.is_valid():
            if not form.is_robot:
                services.report_problem(
                    service=page.service,
                    description=form.cleaned_data["description"],
                    reporter_email=form.cleaned_data["email"],
                )
            return redirect("directory:report-sent", uuid=page.service.uuid)
        return render(request, "directory/report.html", context, status=400)
    return render(request, "directory/report.html", context)


@public
def report_sent(request: HttpRequest, uuid: str) -> HttpResponse:
    page = _service_page_or_404(uuid)
    return render(request, "directory/report_sent.html", {"service": page.service})


@public
def location_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    page = queries.location_page(uuid)
    if page is None:
        raise Http404("No such place")
    return render(request, "directory/location.html", {"page": page, "location": page.location})


@public
def platform_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/platform_list.html", {"platforms": queries.platforms()})


@public
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.platform_page(slug)
    if page is None:
        raise Http404("No such platform")
    return render(request, "directory/platform.html", {"page": page, "platform": page.platform})
