"""Raising a safeguarding concern on a request: a hub worker or safeguarding lead who works on an
at-risk or urgent request records that they are worried someone is not safe, in the request's
history and the audit trail, so that the concern, who raised it and when are there for everyone
who works on the request."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit, policy
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.services.common import Action, record_event


def raise_concern(*, acting_user: Any, request: HelpRequest, text: str) -> RequestEvent:
    """Record a safeguarding concern on the request (`frontdoor.raise_safeguarding_concern`)."""
    with transaction.atomic():
        policy.require(acting_user, "frontdoor.raise_safeguarding_concern", request)
        event = record_event(request, RequestEvent.Kind.SAFEGUARDING_CONCERN, acting_user, text.strip())
        HelpRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())
        audit.record(acting_user, "request.safeguarding_concern_raised", request, action=Action.CHANGED,
                     subject=request.person.full_name, purpose="safeguarding")
    return event
