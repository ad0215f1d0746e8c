"""Help requests each worker may see, as querysets: views and the API never list or fetch
requests except through `visible_requests` (people and referrals have theirs in
`queries.people` and `queries.referrals`)."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.core import policy
from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.frontdoor.policy import HUB_ROLES


def hub_localities(user: Any) -> set[int] | None:
    """The localities whose requests the person works on as a hub worker or safeguarding lead:
    None means every locality; an empty set means none."""
    scoped: set[int] = set()
    for membership in policy.memberships(user):
        if membership.role in HUB_ROLES:
            if membership.locality_id is None:
                return None
            scoped.add(membership.locality_id)
    return scoped


def _request_filter(user: Any) -> Q | None:
    """None: every request. Otherwise the condition a visible request meets."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    localities = hub_localities(user)
    if localities is None:
        return None
    condition = Q(taken_by=user)
    if localities or policy.roles_of(user) & set(HUB_ROLES):
        # Requests with no locality (no or an unknown postcode) reach every hub worker: no wrong door.
        condition |= Q(locality_id__in=localities) | Q(locality__isnull=True)
    organisations = policy.organisation_ids(user, Role.ORGANISATION_STAFF)
    if organisations:
        condition |= Exists(Referral.objects.filter(request=OuterRef("pk"), organisation_id__in=organisations))
    return condition


def visible_requests(user: Any) -> QuerySet[HelpRequest]:
    condition = _request_filter(user)
    found = HelpRequest.objects.all()
    return found if condition is None else found.filter(condition)


def can_see_request(user: Any, request: HelpRequest) -> bool:
    return visible_requests(user).filter(pk=request.pk).exists()
