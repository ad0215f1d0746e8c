"""What a connected team sees of its locality at the front door: counts and references, never
names (used by `thriving.teams`)."""

from typing import Any

from django.db.models import Count, QuerySet

from thriving.frontdoor.models import HelpRequest, Referral


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
