"""Help requests each worker may see, through the HelpRequest scopes of `thriving.frontdoor.policy`
(`HelpRequest.objects.visible_to(user)`); people and referrals have theirs in `queries.people` and
`queries.referrals`. Other apps (the API, connected teams) read requests only through here."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from thriving.frontdoor.models import HelpRequest, Referral, RequestEvent


def visible_requests(user: Any, action: str = "view") -> QuerySet[HelpRequest]:
    """The requests the person may take the action on ("view", or "work" for the hub's changes)."""
    return HelpRequest.objects.visible_to(user, action)


def with_history() -> QuerySet[HelpRequest]:
    """Requests with what reading one of them shows: the person, the locality, the needs, the
    history and the referrals. Narrow it to a person with `get_visible_or_404` or `visible_to`."""
    return HelpRequest.objects.select_related("person", "locality").prefetch_related(
        "needs",
        Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
        Prefetch("referrals", queryset=Referral.objects.select_related("service", "organisation")),
    )


def taken_by(user: Any, reference: str) -> HelpRequest | None:
    """A request the worker took, by its reference (for when they may not open it themselves)."""
    return HelpRequest.objects.filter(reference=reference, taken_by=user).only("reference").first()


def by_submission_key(key: Any) -> HelpRequest | None:
    """The request a form sent with this submission key made, if any."""
    return HelpRequest.objects.filter(submission_key=key).first()
