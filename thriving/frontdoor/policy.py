"""Who may do what at the front door. Rules join the one access policy in core.

Personal data is seen on a need-to-know basis: hub workers and safeguarding leads see the requests
in their localities (every locality if their membership names none); organisation staff see the
requests referred to their organisation and those they took themselves; analysts and boards see
only counts. Objects are narrowed by `thriving.frontdoor.queries.requests.visible_requests` and friends.
"""

from typing import Any

import rules

from thriving.core.models import Role
from thriving.core.policy import add_rule, has_role, is_signed_in, organisation_ids

# Anyone who works with residents may take a request for someone ("no wrong door").
WORKER_ROLES = (
    Role.HUB_WORKER,
    Role.ORGANISATION_STAFF,
    Role.TEAM_MEMBER,
    Role.COACH,
    Role.SAFEGUARDING_LEAD,
)
HUB_ROLES = (Role.HUB_WORKER, Role.SAFEGUARDING_LEAD)
DEMAND_ROLES = (Role.HUB_WORKER, Role.ANALYST, Role.BOARD_MEMBER, Role.ENABLER, Role.SAFEGUARDING_LEAD)

is_worker = is_signed_in & has_role(*WORKER_ROLES)
is_hub = is_signed_in & has_role(*HUB_ROLES)
is_safeguarding_lead = is_signed_in & has_role(Role.SAFEGUARDING_LEAD)
is_organisation_staff = is_signed_in & has_role(Role.ORGANISATION_STAFF)


# Rules about one object: a named action passes it (`policy.require(user, action, obj)`).


@rules.predicate
def sees_person(user: Any, person: Any) -> bool:
    """The person's record is one the worker may open."""
    from thriving.frontdoor.queries.people import can_see_person  # the queries use this module's roles

    return person is not None and can_see_person(user, person)


@rules.predicate
def sees_request(user: Any, request: Any) -> bool:
    """The help request is one the worker may see."""
    from thriving.frontdoor.queries.requests import can_see_request

    return request is not None and can_see_request(user, request)


@rules.predicate
def on_its_staff(user: Any, organisation: Any) -> bool:
    """The person is on the staff of the organisation."""
    return organisation is not None and organisation.pk in organisation_ids(user, Role.ORGANISATION_STAFF)


add_rule("frontdoor.take_request", is_worker)
add_rule("frontdoor.view_requests", is_worker)  # each request is checked with visible_requests
add_rule("frontdoor.work_queue", is_hub)
add_rule("frontdoor.triage", is_hub)
add_rule("frontdoor.refer", is_hub)
add_rule("frontdoor.view_people", is_hub)
add_rule("frontdoor.merge_people", is_hub)
add_rule("frontdoor.view_safeguarding", is_safeguarding_lead)
add_rule("frontdoor.override_consent", is_safeguarding_lead)
add_rule("frontdoor.answer_referrals", is_organisation_staff)
add_rule("frontdoor.view_demand", is_signed_in & has_role(*DEMAND_ROLES))

# Named actions on one object.
add_rule("frontdoor.change_person", is_worker & sees_person)  # details, consent, household
add_rule("frontdoor.work_on_request", is_hub & sees_request)  # notes on a request
add_rule("frontdoor.manage_referral_settings", is_organisation_staff & on_its_staff)
