"""The choices of the front door's records, named for other apps' forms, schemas and hints (the
JSON API's enums): what a request's status, urgency, channel and asker may be, how to contact a
person and how they gave consent, the kinds of step in a request's history, a referral's status and
the reasons to decline one, and the levels of the Hierarchy of Help."""

from thriving.frontdoor.models import Consent, ContactMethod, HelpRequest, Level, Referral, RequestEvent

RequestStatus = HelpRequest.Status
Urgency = HelpRequest.Urgency
Channel = HelpRequest.Channel
Asker = HelpRequest.Asker
ConsentMethod = Consent.Method
EventKind = RequestEvent.Kind
ReferralStatus = Referral.Status
DeclineReason = Referral.DeclineReason

__all__ = [
    "Asker",
    "Channel",
    "ConsentMethod",
    "ContactMethod",
    "DeclineReason",
    "EventKind",
    "Level",
    "ReferralStatus",
    "RequestStatus",
    "Urgency",
]
