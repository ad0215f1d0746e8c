"""Small helpers the front door's service tests share: a moment in UK time, a request's history,
and the latest audit entry of a kind."""

import datetime
import zoneinfo

from thriving.core.models import AuditEvent
from thriving.frontdoor.models import HelpRequest, RequestEvent

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def events(request: HelpRequest) -> list[str]:
    return list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))


def audited(event: str) -> AuditEvent:
    return AuditEvent.objects.filter(event=event).latest("at")
