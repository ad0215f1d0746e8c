"""Public pages about places: the localities and which locality a postcode is in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core import resident_links
from thriving.core.policy import public
from thriving.places import queries as places


@public
def locality_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/places/locality_list.html", {"localities": places.localities()})


@public
def locality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = places.locality_page(slug)
    if page is None:
        raise Http404("No such locality")
    context = {"locality": page.locality, "areas": page.areas, "outline": page.outline}
    return render(request, "core/places/locality_detail.html", context)


@public
def postcode(request: HttpRequest) -> HttpResponse:
    """Which locality a postcode is in, and always a way on: help near it, the nearest localities
    when it is in none, and asking for help. A malformed postcode is a 400, an unknown one a 404."""
    raw = request.GET.get("postcode")
    context: dict = {"value": (raw or "")[:100], "links": resident_links.links()}
    status = 200
    if raw is not None:
        try:
            answer = places.lookup_postcode(raw)
        except places.MalformedPostcode as error:
            context["error"], status = str(error), 400
        except places.UnknownPostcode as error:
            context["error"], context["unknown"], status = str(error), True, 404
        else:
            context["answer"], context["place"] = answer, places.place_of(answer)
            context["links"] = resident_links.links(answer.postcode)
    return render(request, "core/places/postcode.html", context, status=status)
