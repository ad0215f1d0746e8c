"""Public pages about places: the localities and which locality a postcode is in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.policy import public
from thriving.places import queries as places


@public
def locality_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/places/locality_list.html", {"localities": places.localities()})


@public
def locality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    locality = places.locality(slug)
    if locality is None:
        raise Http404("No such locality")
    return render(request, "core/places/locality_detail.html", {"locality": locality})


@public
def postcode(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("postcode")
    context: dict = {"value": raw or ""}
    if raw is not None:
        try:
            context["answer"] = places.lookup_postcode(raw)
        except places.PostcodeError as error:
            context["error"] = str(error)
    status = 400 if "error" in context else 200
    return render(request, "core/places/postcode.html", context, status=status)
