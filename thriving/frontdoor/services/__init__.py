"""Changing front-door records: every change goes through here, inside one transaction, with
a step in the request's history and an entry in the audit trail.

Two people editing the same request never silently overwrite each other: each change names the
version it was made against (`version=`), and a change against an old version raises `Conflict`.

Split by concept; the front door's own modules import the one they use:

- `people`: a person's details, consent, safeguarding notes, merging two records;
- `households`: adding, linking and removing the members of a household;
- `requests`: a request's life (opening it, triage, the huddle flag, notes, closing, reopening);
- `referrals`: referring, answering a referral, an organisation's referral settings;
- `common`: the errors, a step in a request's history, where a postcode is.

The names below are also offered here for the JSON API (`thriving.api.frontdoor`), which uses them
as `services.<name>`.
"""

from thriving.core.workdays import add_working_days, is_working_day
from thriving.frontdoor.services.common import Conflict, ConsentMissing, FrontDoorError, locate, record_event
from thriving.frontdoor.services.people import (
    PERSON_FIELDS,
    active_share_consent,
    record_consent,
    save_person,
    update_person,
    withdraw_consent,
)
from thriving.frontdoor.services.referrals import (
    DEFAULT_RESPONSE_WORKING_DAYS,
    accept_referral,
    complete_referral,
    decline_referral,
    notify_new_referral,
    organisation_addresses,
    refer,
    response_days,
)
from thriving.frontdoor.services.requests import (
    SHARE_STATEMENT,
    NewRequest,
    add_note,
    close,
    create_request,
    reopen,
    send_information,
    set_huddle,
    triage,
)

__all__ = [
    "DEFAULT_RESPONSE_WORKING_DAYS",
    "PERSON_FIELDS",
    "SHARE_STATEMENT",
    "Conflict",
    "ConsentMissing",
    "FrontDoorError",
    "NewRequest",
    "accept_referral",
    "active_share_consent",
    "add_note",
    "add_working_days",
    "close",
    "complete_referral",
    "create_request",
    "decline_referral",
    "is_working_day",
    "locate",
    "notify_new_referral",
    "organisation_addresses",
    "record_consent",
    "record_event",
    "refer",
    "reopen",
    "response_days",
    "save_person",
    "send_information",
    "set_huddle",
    "triage",
    "update_person",
    "withdraw_consent",
]
