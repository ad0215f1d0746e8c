"""Who may do what at the front door, and which records: rules join the one access policy in core,
scopes narrow the rows (`thriving.core.access`).

Personal data is seen on a need-to-know basis: hub workers and safeguarding leads see the requests
in their localities (every locality if their membership names none; requests with no known
locality reach every hub worker); organisation staff see the requests referred to their
organisation and those they took themselves; analysts and boards see only counts.

Scopes (`Model.objects.visible_to(user, action)`, `get_visible_or_404(...)`), by model and action:

- HelpRequest "view": as above;
- HelpRequest "work": hub workers and safeguarding leads, the requests in their localities and those
  with none (triage, referring, notes, the huddle flag, closing, reopening, sending information);
- Person "view": hub workers, the people in their localities; anyone, the people of the requests
  they see. Merged-away records are never in it (their kept record is);
- Person "change": the people a worker may view;
- Person "match": every kept record, for a worker taking a request. Record matching at intake looks
  beyond the person's own scope: only `queries.people.offer_matches` asks for it, shows as little
  as it can, and records each look-up in the audit trail;
- Referral "view": those to the person's organisations (as its staff), and those on requests they
  see as a hub worker;
- Referral "answer": those to the organisations the person is on the staff of.

A rule about one object (`policy.require(user, "frontdoor.refer", help_request)`) holds when the
object is in the scope of its action; asked without an object (as a view's declaration is), it
says whether the person may take the action at all.
"""

from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.core import policy
from thriving.core.access import restrict
from thriving.core.models import Role
from thriving.core.policy import add_rule, add_scope, has_role, in_scope, is_signed_in, organisation_ids
from thriving.frontdoor.models import HelpRequest, Person, Referral

# Anyone who works with residents may take a request for someone ("no wrong door").
WORKER_ROLES = (
    Role.HUB_WORKER,
    Role.ORGANISATION_STAFF,
    Role.TEAM_MEMBER,
    Role.COACH,
    Role.COACH_LEAD,
    Role.SAFEGUARDING_LEAD,
)
HUB_ROLES = (Role.HUB_WORKER, Role.SAFEGUARDING_LEAD)
DEMAND_ROLES = (Role.HUB_WORKER, Role.ANALYST, Role.BOARD_MEMBER, Role.ENABLER, Role.SAFEGUARDING_LEAD)

is_worker = is_signed_in & has_role(*WORKER_ROLES)
is_hub = is_signed_in & has_role(*HUB_ROLES)
is_safeguarding_lead = is_signed_in & has_role(Role.SAFEGUARDING_LEAD)
is_organisation_staff = is_signed_in & has_role(Role.ORGANISATION_STAFF)


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


# ---------------------------------------------------------------------------------------------
# Scopes: which rows


def requests_seen_by(user: Any, queryset: QuerySet) -> QuerySet:
    """HelpRequest "view"."""
    if not is_signed_in.test(user):
        return queryset.none()
    localities = hub_localities(user)
    if localities is None:
        return queryset
    condition = Q(taken_by=user)
    if is_hub.test(user):
        # Requests with no locality (no or an unknown postcode) reach every hub worker: no wrong door.
        condition |= Q(locality_id__in=localities) | Q(locality__isnull=True)
    organisations = organisation_ids(user, Role.ORGANISATION_STAFF)
    if organisations:
        condition |= Exists(Referral.objects.filter(request=OuterRef("pk"), organisation_id__in=organisations))
    return queryset.filter(condition)


def requests_worked_by(user: Any, queryset: QuerySet) -> QuerySet:
    """HelpRequest "work": the hub's requests in the person's localities, and those with none."""
    if not is_hub.test(user):
        return queryset.none()
    localities = hub_localities(user)
    if localities is None:
        return queryset
    return queryset.filter(Q(locality_id__in=localities) | Q(locality__isnull=True))


def people_seen_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Person "view": hub workers see the people in their localities, and anyone the people of
    the requests they can see. Merged-away records are not in it (their kept record is)."""
    found = queryset.filter(merged_into__isnull=True)
    localities = hub_localities(user)
    if localities is None:
        return found
    condition = Exists(restrict(HelpRequest.objects.all(), user).filter(person=OuterRef("pk")))
    if localities:
        condition |= Q(locality_id__in=localities)
    return found.filter(condition)


def people_changed_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Person "change": the people a worker may view."""
    return people_seen_by(user, queryset) if is_worker.test(user) else queryset.none()


def people_matched_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Person "match": every kept record, for a worker taking a request, so that a new one is not
    made for someone already known. Beyond the person's own scope: only record matching at intake
    asks for it, shows as little as it can, and records each look-up in the audit trail."""
    return queryset.filter(merged_into__isnull=True) if is_worker.test(user) else queryset.none()


def referrals_seen_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Referral "view"."""
    condition = Q(organisation_id__in=organisation_ids(user, Role.ORGANISATION_STAFF))
    if is_hub.test(user):
        condition |= Q(request__in=restrict(HelpRequest.objects.all(), user))
    return queryset.filter(condition)


def referrals_answered_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Referral "answer": those to the organisations the person is on the staff of."""
    return queryset.filter(organisation_id__in=organisation_ids(user, Role.ORGANISATION_STAFF))


add_scope(HelpRequest, "view", requests_seen_by)
add_scope(HelpRequest, "work", requests_worked_by)
add_scope(Person, "view", people_seen_by)
add_scope(Person, "change", people_changed_by)
add_scope(Person, "match", people_matched_by)
add_scope(Referral, "view", referrals_seen_by)
add_scope(Referral, "answer", referrals_answered_by)


# ---------------------------------------------------------------------------------------------
# Rules: who may take each action (`in_scope(Model, action)`: the object is in that scope)


@rules.predicate
def on_its_staff(user: Any, organisation: Any) -> bool:
    """The person is on the staff of the organisation."""
    return organisation is not None and organisation.pk in organisation_ids(user, Role.ORGANISATION_STAFF)


works_on_request = in_scope(HelpRequest, "work")


@rules.predicate
def is_at_risk(user: Any, help_request: Any) -> bool:
    """The request says someone is at immediate risk, or was triaged as urgent (any, asked without one)."""
    if help_request is None:
        return True
    return bool(help_request.immediate_risk) or help_request.urgency == HelpRequest.Urgency.URGENT


add_rule("frontdoor.take_request", is_worker)
add_rule("frontdoor.view_requests", is_worker)  # which requests: the HelpRequest "view" scope
add_rule("frontdoor.work_queue", is_hub)
add_rule("frontdoor.triage", is_hub & works_on_request)  # also the huddle flag, notes, closing, information
add_rule("frontdoor.refer", is_hub & works_on_request)
add_rule("frontdoor.view_people", is_hub)
add_rule("frontdoor.merge_people", is_hub)
add_rule("frontdoor.view_safeguarding", is_safeguarding_lead)
# Hub workers and safeguarding leads, on an at-risk or urgent request in their localities.
add_rule("frontdoor.raise_safeguarding_concern", is_hub & works_on_request & is_at_risk)
add_rule("frontdoor.override_consent", is_safeguarding_lead)
add_rule("frontdoor.answer_referrals", is_organisation_staff & in_scope(Referral, "answer"))
add_rule("frontdoor.view_demand", is_signed_in & has_role(*DEMAND_ROLES))
add_rule("frontdoor.change_person", is_worker & in_scope(Person, "change"))  # details, consent, household
add_rule("frontdoor.manage_referral_settings", is_organisation_staff & on_its_staff)
