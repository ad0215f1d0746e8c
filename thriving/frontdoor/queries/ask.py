"""What the person who asked for help may see of their request, with its reference and postcode."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from thriving.core import workdays
from thriving.frontdoor.models import HelpRequest, Referral

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


def urgent_call_words(now: datetime.datetime | None = None) -> str:
    """When the hub calls back about a request that says someone is at risk, in words for its
    confirmation page: "today" on a working day, else the next working day by name."""
    today = timezone.localdate(now or timezone.now())
    if workdays.is_working_day(today):
        return "today"
    day = today + datetime.timedelta(days=1)
    while not workdays.is_working_day(day):
        day += datetime.timedelta(days=1)
    return f"first thing on {day:%A} {day.day} {day:%B}"
