"""What the staff home page shows of the front door: the work waiting for the person, as counts
that link to the queue that holds it. Core's home page calls these through `home_sections` on the
front door's AppConfig; each starts from what the person may work on or answer."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from thriving.frontdoor.models import HelpRequest, Referral


def _queue(**query: str) -> str:
    return f"{reverse('frontdoor:queue')}?{urlencode(query)}"


def hub_work(user: Any) -> dict[str, Any]:
    """The open requests the person works on as a hub worker: how many are new and not triaged
    yet, how many are urgent, and how many are to be brought to the huddle (one query)."""
    open_requests = HelpRequest.objects.visible_to(user, "work").exclude(status=HelpRequest.Status.CLOSED)
    counted = open_requests.aggregate(
        untriaged=Count("pk", filter=Q(status=HelpRequest.Status.NEW)),
        urgent=Count("pk", filter=Q(urgency=HelpRequest.Urgency.URGENT)),
        huddle=Count("pk", filter=Q(bring_to_huddle=True)),
    )
    return {
        "untriaged": counted["untriaged"],
        "urgent": counted["urgent"],
        "huddle": counted["huddle"],
        "untriaged_url": _queue(status=HelpRequest.Status.NEW),
        "urgent_url": _queue(urgency=HelpRequest.Urgency.URGENT),
        "huddle_url": _queue(huddle="on"),
    }


def referrals_waiting(user: Any) -> dict[str, Any]:
    """The referrals to the person's organisations awaiting their answer, and how many of those
    are past the day the answer was due (one query)."""
    awaiting = Referral.objects.visible_to(user, "answer").filter(status=Referral.Status.AWAITING)
    counted = awaiting.aggregate(
        awaiting=Count("pk"),
        overdue=Count("pk", filter=Q(due_by__lt=timezone.now())),
    )
    return {**counted, "url": reverse("frontdoor:referral-queue")}


def hub_context(user: Any) -> dict[str, Any]:
    """The context of the hub's box on the staff home page (`frontdoor/_home_hub.html`)."""
    return {"hub_work": hub_work(user)}


def referrals_context(user: Any) -> dict[str, Any]:
    """The context of the referrals box on the staff home page (`frontdoor/_home_referrals.html`)."""
    return {"referrals_waiting": referrals_waiting(user)}
