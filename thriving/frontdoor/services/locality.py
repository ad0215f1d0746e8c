"""A hub worker setting or changing the locality a request belongs to: a request from a postcode in
no locality (or with no postcode) reaches every hub worker, and one of them places it with the
locality whose connected team will help, usually the nearest."""

from typing import Any

from django.db import transaction

from thriving.core import audit, policy
from thriving.core.conflicts import save_if_unchanged
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.services.common import REQUEST_CHANGED, Action, FrontDoorError, record_event


def set_locality(
    *, acting_user: Any, request: HelpRequest, version: int, locality: Any, reason: str = ""
) -> HelpRequest:
    """Put the request in `locality` (a places.Locality), recording what it was before and why. The
    demand picture's weeks it touches are marked stale with the step in its history."""
    policy.require(acting_user, "frontdoor.triage", request)
    if locality is None:
        raise FrontDoorError("Choose the locality.")
    if request.status == HelpRequest.Status.CLOSED:
        raise FrontDoorError("This request is closed. Reopen it to change its locality.")
    if request.locality_id == locality.pk:
        raise FrontDoorError(f"The request is already in {locality.name}.")
    before = request.locality.name if request.locality else ""
    with transaction.atomic():
        request.locality = locality
        save_if_unchanged(request, version=version, fields=["locality"], message=REQUEST_CHANGED)
        text = f"Moved from {before} to {locality.name}" if before else f"Placed in {locality.name}"
        record_event(request, RequestEvent.Kind.LOCALITY, acting_user, text + (f": {reason}" if reason else ""),
                     {"locality": [before, locality.name]})
        audit.record(acting_user, "request.locality_changed", request, action=Action.CHANGED,
                     subject=request.person.full_name, changes={"locality": [before, locality.name]})
    return request
