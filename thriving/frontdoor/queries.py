"""What each worker may see at the front door, as querysets. Views never list or fetch
requests, people or referrals except through these."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.core import policy
from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, Person, Referral
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


def visible_people(user: Any) -> QuerySet[Person]:
    """People whose records the person may open: hub workers (in their localities) and anyone who
    can see one of the person's requests. Merged-away records are not listed."""
    found = Person.objects.filter(merged_into__isnull=True)
    localities = hub_localities(user)
    if localities is None:
        return found
    condition = Exists(visible_requests(user).filter(person=OuterRef("pk")))
    if localities:
        condition |= Q(locality_id__in=localities)
    return found.filter(condition)


def can_see_person(user: Any, person: Person) -> bool:
    return visible_people(user).filter(pk=person.pk).exists()


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


# What the person who asked may see of their request, with its reference and postcode.
PASSED_ON = (Referral.Status.AWAITING, Referral.Status.ACCEPTED, Referral.Status.COMPLETED)


@dataclass(frozen=True)
class Stage:
    title: str
    explanation: str
    organisations: list[str]


def public_stage(reference: str, postcode: str) -> Stage | None:
    """Where a request has got to, for the person who made it: the stage in plain words and the
    names of the organisations it was passed to, nothing more. None when the reference and postcode
    do not belong together (a request made without a postcode cannot be checked here)."""
    found = HelpRequest.objects.filter(reference=reference, postcode=postcode).values("pk", "status").first()
    if not postcode or found is None:
        return None
    organisations = sorted(set(
        Referral.objects.filter(request_id=found["pk"], status__in=PASSED_ON).values_list(
            "organisation__name", flat=True)
    ))
    status = found["status"]
    if status == HelpRequest.Status.NEW:
        return Stage("Received", "We have your request. Someone from the hub will look at it soon.", [])
    if status == HelpRequest.Status.TRIAGED:
        return Stage("Being looked at", "Someone from the hub is working out the best help for you.", [])
    if status == HelpRequest.Status.REFERRED:
        return Stage("Passed to an organisation",
                     "We have passed your request to an organisation that can help. They will be in touch.",
                     organisations)
    if status == HelpRequest.Status.IN_PROGRESS:
        return Stage("Being helped", "An organisation is helping you.", organisations)
    return Stage("Closed", "We have finished working on this request. If you still need help, ask again.", [])


# --- What a connected team sees of its locality (counts and references, never names). ---


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
    from django.db.models import Count

    rows = (HelpRequest.objects.filter(locality=locality).exclude(status=HelpRequest.Status.CLOSED)
            .values("level").annotate(count=Count("id")).order_by())
    return {row["level"]: row["count"] for row in rows}


def weekly_requests_in(locality: Any, since: Any) -> list[Any]:
    """When each request in the locality was made since the given moment (for a weekly count)."""
    return list(HelpRequest.objects.filter(locality=locality, created_at__gte=since)
                .order_by("created_at").values_list("created_at", flat=True))
