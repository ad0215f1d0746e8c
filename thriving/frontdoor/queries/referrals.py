"""Referrals each worker may see or answer (the Referral scopes of `thriving.frontdoor.policy`),
and an organisation's queue of them."""

from typing import Any

from django.db.models import QuerySet

from thriving.frontdoor.models import Referral


def referral_queue(user: Any) -> QuerySet[Referral]:
    """The referrals the person's organisations have to answer or are working on, oldest due first."""
    return (
        Referral.objects.visible_to(user, "answer")
        .select_related("request", "service", "organisation", "request__person")
        .order_by("due_by", "id")
    )


def to_answer() -> QuerySet[Referral]:
    """Referrals with what answering one needs: its request, service and organisation. Narrow it to
    a person with `get_visible_or_404(to_answer(), user, "answer", uuid=...)`."""
    return Referral.objects.select_related("request", "service", "organisation")
