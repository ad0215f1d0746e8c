"""API operations on places: localities and postcode look-up."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema

from thriving.api.base import api, operation_policy, problem
from thriving.api.openapi import problems
from thriving.core.policy import PUBLIC
from thriving.places import queries as places
from thriving.places.models import Locality


class LocalAuthorityOut(Schema):
    code: str
    name: str


class LocalityOut(Schema):
    id: str
    slug: str
    name: str
    local_authority: LocalAuthorityOut
    ward_codes: list[str]
    ward_names: list[str]


class LocalityDetailOut(LocalityOut):
    boundary: dict | None


class PostcodeOut(Schema):
    postcode: str
    latitude: float
    longitude: float
    local_authority: LocalAuthorityOut | None
    lsoa_code: str | None
    locality: LocalityOut | None
    message: str


def _locality(locality: Locality) -> dict:
    return {
        "id": str(locality.uuid),
        "slug": locality.slug,
        "name": locality.name,
        "local_authority": {"code": locality.local_authority.code, "name": locality.local_authority.name},
        "ward_codes": locality.ward_codes,
        "ward_names": locality.ward_names,
    }


@api.get("/localities", response=list[LocalityOut], tags=["places"], summary="All localities")
@operation_policy(PUBLIC)
def list_localities(request: HttpRequest) -> list[dict]:
    return [_locality(locality) for locality in places.localities()]


@api.get(
    "/localities/{slug}",
    response={200: LocalityDetailOut, **problems(404)},
    tags=["places"],
    summary="One locality, with its boundary",
)
@operation_policy(PUBLIC)
def get_locality(request: HttpRequest, slug: str) -> dict:
    locality = places.locality(slug)
    if locality is None:
        raise Http404(f"There is no locality '{slug}'.")
    return {**_locality(locality), "boundary": locality.boundary}


@api.get(
    "/postcodes/{postcode}",
    response={200: PostcodeOut, **problems(400, 404)},
    tags=["places"],
    summary="Which locality a postcode is in",
    description=(
        "Any spelling of a postcode is accepted (`de74aa`, `DE7 4AA`). A postcode outside every "
        "locality answers with `locality` null and a `message` saying so."
    ),
    openapi_extra={
        "responses": {
            400: {"description": "Malformed postcode"},
            404: {"description": "Unknown postcode"},
        }
    },
)
@operation_policy(PUBLIC)
def get_postcode(request: HttpRequest, postcode: str) -> dict | HttpResponse:
    try:
        answer = places.lookup_postcode(postcode)
    except places.MalformedPostcode as error:
        return problem(request, 400, "Malformed postcode", str(error))
    except places.UnknownPostcode as error:
        return problem(request, 404, "Unknown postcode", str(error))
    la = answer.local_authority
    return {
        "postcode": answer.postcode,
        "latitude": answer.lat,
        "longitude": answer.lng,
        "local_authority": {"code": la.code, "name": la.name} if la else None,
        "lsoa_code": answer.area.code if answer.area else None,
        "locality": _locality(answer.locality) if answer.locality else None,
        "message": answer.message,
    }
