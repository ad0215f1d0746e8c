"""What a connected team sees of its locality at the front door: counts and references, never
names (used by `thriving.teams`)."""

from typing import Any

from django.db.models import Count, QuerySet

from thriving.frontdoor.models import HelpRequest, Level, Referral, RequestEvent


def huddle_requests_in(locality: Any) -> QuerySet[HelpRequest]:
    """Open requests in the locality that a worker flagged to bring to the team's huddle."""
    return HelpRequest.objects.filter(locality=locality, bring_to_huddle=True).exclude(
        status=HelpRequest.Status.CLOSED).order_by("created_at", "id")


def overdue_referrals_in(locality: Any, now: Any) -> QuerySet[Referral]:
    """Referrals of requests in the locality still awaiting an answer after they were due."""
    return Referral.objects.filter(
        request__locality=locality, status=Referral.Status.AWAITING, due_by__lt=now
    ).select_related("request", "organisation").order_by("due_by", "id")


def open_requests_by_level_in(locality: Any) -> dict[int | None, int]:
    """How many open requests the locality has at each level of the Hierarchy of Help
    (None: not triaged yet)."""
    rows = (HelpRequest.objects.filter(locality=locality).exclude(status=HelpRequest.Status.CLOSED)
            .values("level").annotate(count=Count("id")).order_by())
    return {row["level"]: row["count"] for row in rows}


def weekly_requests_in(locality: Any, since: Any) -> list[Any]:
    """When each request in the locality was made since the given moment (for a weekly count)."""
    return list(HelpRequest.objects.filter(locality=locality, created_at__gte=since)
                .order_by("created_at").values_list("created_at", flat=True))


FLAGGED = "Bring to the huddle"  # how `services.requests.set_huddle` opens the event it records


def huddle_flags(request_ids: Any) -> dict[int, list[dict[str, Any]]]:
    """Why each request is flagged for the huddle: every time a hub worker flagged it since it was
    last taken off the agenda, oldest first, as {"at", "by", "reason"} (the reason may be "")."""
    found: dict[int, list[dict[str, Any]]] = {}
    events = (RequestEvent.objects.filter(request_id__in=list(request_ids), kind=RequestEvent.Kind.HUDDLE)
              .select_related("actor").order_by("at", "id"))
    for event in events:
        if not event.text.startswith(FLAGGED):
            found.pop(event.request_id, None)  # taken off: earlier flags no longer count
            continue
        reason = event.text[len(FLAGGED):].lstrip(": ").strip()
        by = (event.actor.full_name or event.actor.email) if event.actor else ""
        found.setdefault(event.request_id, []).append({"at": event.at, "by": by, "reason": reason})
    return found


def huddle_facts(request_ids: Any) -> dict[int, dict[str, Any]]:
    """What a team member who may see a request reads of it on the agenda: its level of help (the
    label, or "" before triage) and its needs, by name."""
    facts: dict[int, dict[str, Any]] = {}
    for request in HelpRequest.objects.filter(pk__in=list(request_ids)).prefetch_related("needs"):
        facts[request.pk] = {"level": Level(request.level).label if request.level else "",
                             "needs": sorted(need.name for need in request.needs.all())}
    return facts
