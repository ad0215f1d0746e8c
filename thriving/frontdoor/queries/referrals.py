"""Referrals each worker may see, and an organisation's queue of them."""

from typing import Any

from django.db.models import Q, QuerySet

from thriving.core import policy
from thriving.core.models import Role
from thriving.frontdoor.models import Referral
from thriving.frontdoor.policy import HUB_ROLES
from thriving.frontdoor.queries.requests import visible_requests


def visible_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals to the person's organisations (as organisation staff), and those on requests
    they can see as a hub worker."""
    organisations = policy.organisation_ids(user, Role.ORGANISATION_STAFF)
    condition = Q(organisation_id__in=organisations)
    if policy.roles_of(user) & set(HUB_ROLES):
        condition |= Q(request__in=visible_requests(user))
    return Referral.objects.filter(condition)


def referral_queue(user: Any) -> QuerySet[Referral]:
    """The referrals an organisation has to answer or is working on, oldest first."""
    organisations = policy.organisation_ids(user, Role.ORGANISATION_STAFF)
    return (
        Referral.objects.filter(organisation_id__in=organisations)
        .select_related("request", "service", "organisation", "request__person")
        .order_by("due_by", "id")
    )
