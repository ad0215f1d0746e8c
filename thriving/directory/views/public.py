"""Public pages (no sign-in): search, a service, a place, platforms. Each is fetched through the
public "view" scope of its model (`thriving.directory.policy`)."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import Context
from django.template.loader import get_template

from thriving.core import chrome
from thriving.core.policy import get_visible_or_404, public
from thriving.directory import forms, search, search_page
from thriving.directory.queries import needs
from thriving.directory.queries import public as queries


@public
def service_search(request: HttpRequest) -> HttpResponse:
    """Find services by words, need, postcode and distance, locality, open now and cost. Bad
    input shows the error summary with status 400. A search asked again at the same version of
    the directory is answered from the page kept for it (`search_page`)."""
    version, kept = search_page.cached(request)
    form = None  # a kept page's form had no errors: the layout's title needs no form to say so
    status = 200
    if kept is None:
        form, kept = _search_content(request)
        status = 400 if form.errors else 200
        if version is not None and status == 200:
            search_page.keep(request, version, kept)
    if status != 200:  # the title says "(error)": the layout rendered in full
        return render(
            request, "directory/search.html",
            {"form": form, "content": kept.content, "exit_this_page": kept.exit_this_page, "with_map": kept.with_map},
            status=status,
        )
    return chrome.render_public(
        request, "directory/search.html", kept.content, {"exit_this_page": kept.exit_this_page,
                                                          "with_map": kept.with_map})


def _search_content(request: HttpRequest) -> tuple[forms.SearchForm, search_page.Kept]:
    form = forms.SearchForm(request.GET or None)
    context: dict = {"form": form, "needs": needs.tree(), "map_tile_url": settings.MAP_TILE_URL,
                     "map_attribution": settings.MAP_TILE_ATTRIBUTION}
    about_domestic_abuse, with_map = False, False
    if form.is_bound and form.is_valid():
        criteria = form.criteria()
        context["criteria"] = criteria
        about_domestic_abuse = bool(criteria.need) and needs.is_about_domestic_abuse(
            needs.descendant_ids(criteria.need))
        if criteria.given:
            results = search.search(criteria, request.GET.get("page"))
            with_map = bool(results.points)
            context["results"] = results
            context["page_obj"] = results.page
            context["points_json"] = json.dumps(results.points)
            context["results_html"] = search_page.results_html(
                list(results.page.object_list), criteria.postcode.postcode if criteria.postcode else None)
    return form, search_page.Kept(_render_content(request, context), about_domestic_abuse, with_map)


def _render_content(request: HttpRequest, context: dict) -> str:
    """The content inside the layout, rendered without the context processors: it uses none of
    what they give (the menu, the user, messages, the CSP nonce), only the request's query
    string for the pages' links (`{% querystring %}` reads `context.request`). The layout, which
    does use them, is rendered with them as every page is."""
    plain = Context(context, autoescape=True)
    plain.request = request  # type: ignore[attr-defined]
    return get_template("directory/_search_content.html").template.render(plain)  # type: ignore[attr-defined]


@public
def service_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """A service; `?postcode=` (carried from a search) shows how far each of its places is."""
    near = queries.postcode_or_none(request.GET.get("postcode", ""))
    page = queries.service_page(get_visible_or_404(queries.services_for_pages(), request.user, uuid=uuid), near)
    return render(request, "directory/service.html", {"page": page, "service": page.service,
                                                      "share_url": request.build_absolute_uri()})


@public
def location_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    page = queries.location_page(get_visible_or_404(queries.locations_for_pages(), request.user, uuid=uuid))
    return render(request, "directory/location.html", {"page": page, "location": page.location})


@public
def platform_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/platform_list.html", {"platforms": queries.platforms(request.user)})


@public
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.platform_page(get_visible_or_404(queries.platforms_for_pages(), request.user, slug=slug))
    return render(request, "directory/platform.html", {"page": page, "platform": page.platform})
