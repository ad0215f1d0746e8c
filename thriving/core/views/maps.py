"""The base map as GeoJSON, for maps drawn without a tile server: the localities and wards the
service already holds, simplified, with where to write their names. Public (boundaries are open
data), same-origin (the content security policy allows it), and cacheable."""

import json

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from thriving.core.policy import public
from thriving.places import queries as places


@public
@require_GET
def base_map(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(json.dumps(places.base_map(), separators=(",", ":")),
                            content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=places.BASE_MAP_CACHE_SECONDS)
    return response
