"""What coaching reads of the front door for a person's timeline: the help requests and the
referrals of some people (a person, or a family's members), only those the reader may see
(the HelpRequest and Referral "view" scopes of `thriving.frontdoor.policy`), in one query."""

import datetime
import uuid as uuid_module
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from thriving.frontdoor.models import HelpRequest, Referral

LIMIT = 200  # the newest; a person's front-door history is rarely longer


@dataclass(frozen=True)
class Entry:
    """One request or referral, as a timeline shows it."""

    kind: str  # "request" or "referral"
    at: datetime.datetime
    reference: str  # the request's
    person: str  # whose request
    status: str  # in words
    service: str = ""  # a referral's service
    organisation: str = ""  # and who runs it
    uuid: str = ""  # a referral's, for its page

    @property
    def on(self) -> datetime.date:
        return timezone.localdate(self.at)


def requests_and_referrals_of(user: Any, people: Any) -> list[Entry]:
    """The requests of these people and the referrals of their requests that the person may see,
    newest first. `people`: person ids, or a queryset of them (`.values("person_id")`)."""
    blank = Value("", output_field=CharField())
    requests = HelpRequest.objects.visible_to(user).filter(person__in=people).order_by().values(
        fd_kind=Value("request", output_field=CharField()),
        fd_at=F("created_at"),
        fd_reference=F("reference"),
        fd_person=Concat("person__given_name", Value(" "), "person__family_name", output_field=CharField()),
        fd_status=F("status"),
        fd_service=blank,
        fd_organisation=blank,
        fd_uuid=blank,
    )
    referrals = Referral.objects.visible_to(user).filter(request__person__in=people).order_by().values(
        fd_kind=Value("referral", output_field=CharField()),
        fd_at=F("created_at"),
        fd_reference=F("request__reference"),
        fd_person=Concat("request__person__given_name", Value(" "), "request__person__family_name",
                         output_field=CharField()),
        fd_status=F("status"),
        fd_service=F("service__name"),
        fd_organisation=F("organisation__name"),
        fd_uuid=Cast("uuid", output_field=CharField()),
    )
    rows = requests.union(referrals, all=True).order_by("-fd_at")[:LIMIT]
    request_status = dict(HelpRequest.Status.choices)
    referral_status = dict(Referral.Status.choices)
    return [
        Entry(kind=row["fd_kind"], at=row["fd_at"], reference=row["fd_reference"], person=row["fd_person"].strip(),
              status=str((request_status if row["fd_kind"] == "request" else referral_status).get(
                  row["fd_status"], row["fd_status"])),
              service=row["fd_service"], organisation=row["fd_organisation"],
              uuid=str(uuid_module.UUID(row["fd_uuid"])) if row["fd_uuid"] else "")
        for row in rows
    ]
