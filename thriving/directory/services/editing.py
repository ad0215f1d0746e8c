"""Writes of organisation staff keeping their services true: proposing a new service or changes
to one (which wait for a directory editor, see `review`), and confirming a service is still right.

Organisation staff act on their own organisation's services only, editors on any: the rule
`directory.change_service` in `policy.py`, checked here on the organisation itself."""

from django.db import transaction
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import ActionRefused
from thriving.core.models import Organisation, User
from thriving.directory.models import Service, ServiceChange
from thriving.directory.queries import feeds


class KeptInItsFeed(ActionRefused):
    """A service that comes from a partner's feed is changed in the feed, not here."""


def refuse_if_from_feed(service: Service) -> None:
    feed = feeds.source_of(service)
    if feed is not None:
        raise KeptInItsFeed(f"This service comes from {feed.name}'s feed; change it there")


def _propose(acting_user: User, organisation: Organisation, service: Service | None, data: dict,
             base_version: int | None) -> ServiceChange:
    policy.require(acting_user, "directory.change_service", organisation)
    change = ServiceChange.objects.create(
        service=service,
        organisation=organisation,
        data=data,
        base_version=base_version,
        proposed_by=acting_user,
    )
    audit.record(acting_user, "service_change.proposed", change, action=audit.Action.CREATED)
    return change


@transaction.atomic
def propose_service(*, acting_user: User, organisation: Organisation, data: dict) -> ServiceChange:
    """Propose a new service for the organisation."""
    return _propose(acting_user, organisation, None, data, None)


@transaction.atomic
def propose_change(*, acting_user: User, service: Service, data: dict, base_version: int) -> ServiceChange:
    """Propose changes to a service, against the version the person saw. A service from a
    partner's feed is refused: it is changed in the feed."""
    refuse_if_from_feed(service)
    return _propose(acting_user, service.organisation, service, data, base_version)


@transaction.atomic
def confirm_still_right(*, acting_user: User, service: Service) -> Service:
    """Someone who keeps the service says it is still right today (not of a service from a
    partner's feed, which the feed keeps)."""
    policy.require(acting_user, "directory.change_service", service.organisation_id)
    refuse_if_from_feed(service)
    today = timezone.localdate()
    Service.objects.filter(pk=service.pk).update(last_checked=today, last_checked_by=acting_user.email)
    before = str(service.last_checked or "")
    service.last_checked, service.last_checked_by = today, acting_user.email
    audit.record(
        acting_user,
        "service.checked",
        service,
        action=audit.Action.CHANGED,
        changes={"last_checked": [before, str(today)]},
    )
    return service
