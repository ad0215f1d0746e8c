"""What every front-door change shares: its errors, a step in a request's history, and where a
postcode is (`locate` for a person, `where` for a request).

A change that cannot be made raises `FrontDoorError` (an `ActionRefused`), with a message for the
person; one made against an old version raises core's `Conflict` with the front door's own words
(`REQUEST_CHANGED`, `PERSON_CHANGED`, `REFERRAL_CHANGED`)."""

import datetime
from typing import Any

from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import ActionRefused
from thriving.frontdoor.demand import services as demand
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.queries import keys
from thriving.places import queries as places

Action = audit.Action


REQUEST_CHANGED = ("Someone else changed this request while you were working on it. "
                   "Check what changed, then make your change again.")
PERSON_CHANGED = ("Someone else changed this person's details while you were working on them. "
                  "Check what changed, then make your change again.")
REFERRAL_CHANGED = "Someone else answered this referral while you were working on it. Check its answer."


class FrontDoorError(ActionRefused):
    """A change that cannot be made, with a message to show the person."""


class ConsentMissing(FrontDoorError):
    """A referral without the person's consent to share, and no safeguarding override."""


# Steps that change no figure of the demand picture.
UNCOUNTED = {
    RequestEvent.Kind.NOTE,
    RequestEvent.Kind.SAFEGUARDING_CONCERN,
    RequestEvent.Kind.HUDDLE,
    RequestEvent.Kind.INFORMATION_SENT,
    RequestEvent.Kind.REMINDED,
    RequestEvent.Kind.REFERRAL_OUTCOME,
    RequestEvent.Kind.RESIDENT_ASKED,
}


def record_event(
    request: HelpRequest,
    kind: str,
    actor: Any,
    text: str = "",
    changes: dict | None = None,
    *,
    touched: tuple[datetime.datetime | None, ...] = (),
) -> RequestEvent:
    """Add a step to the request's history, and mark the weeks of the demand picture it changes
    as stale (with any moments `touched` that the request no longer records, such as when a
    reopened request had closed)."""
    if kind not in UNCOUNTED:
        demand.mark_stale(request, *touched)
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        text=text,
        changes=changes or {},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
    )


def locate(postcode: str) -> tuple[str, Any]:
    """(normalised postcode, locality or None). An unknown or malformed postcode gives ("", None):
    forms check postcodes before this is called."""
    if not postcode:
        return "", None
    try:
        answer = places.lookup_postcode(postcode)
    except places.PostcodeError:
        return keys.postcode_key(postcode), None
    return answer.postcode, answer.locality


def where(postcode: str) -> dict[str, Any]:
    """What a request records about where its postcode is: the postcode (normalised), its locality,
    local authority and ward, and for a postcode in no locality, the nearest locality and how far
    away it is. An unknown or malformed postcode records only its matching key, as `locate`."""
    found: dict[str, Any] = {"postcode": "", "locality": None, "local_authority": None, "ward_code": "",
                             "ward_name": "", "nearest_locality": None, "nearest_locality_metres": None}
    if not postcode:
        return found
    try:
        answer = places.lookup_postcode(postcode)
    except places.PostcodeError:
        return {**found, "postcode": keys.postcode_key(postcode)}
    place = places.place_of(answer, limit=1)
    found.update(postcode=answer.postcode, locality=answer.locality, local_authority=answer.local_authority)
    if place.ward is not None:
        found.update(ward_code=place.ward.code, ward_name=place.ward.name)
    if place.nearest:
        found.update(nearest_locality=place.nearest[0].locality,
                     nearest_locality_metres=round(place.nearest[0].metres))
    return found
