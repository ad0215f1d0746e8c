"""Pledges: what people and organisations do when they sign a pledge, and what the staff running
a campaign do (set it up, publish it, record how organisations are getting on with what they
committed to).

Signing needs no account. The same person signing twice is counted once: each signature carries
a `person_key` (their email if they gave one, otherwise their name and postcode, otherwise their
name) and the database refuses a second signature with the same key, so two clicks at once still
make one signature. Everything that touches personal data is written to the audit trail.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.community.models import CommitmentProgress, OrganisationPledge, PledgeCampaign, PledgeSignature
from thriving.community.queries import pledges as queries
from thriving.community.services.common import CommunityError, change
from thriving.core import audit, policy

Action = audit.Action
PUBLIC_FORM = "public form"
RUN = "community.run_pledges"


CHANGED_FIRST = ("Someone else changed this campaign while you were working on it. "
                 "Check what changed, then make your change again.")


class PledgeError(CommunityError):
    """A change that cannot be made, with a message to show the person. (Someone else changing the
    campaign first is core's `Conflict`, with the message above.)"""


class AlreadySigned(PledgeError):
    """The organisation has already signed this pledge."""


def _tidy(text: str) -> str:
    return " ".join((text or "").split())


def person_key(*, name: str, email: str = "", postcode: str = "") -> str:
    """Who a signature is from, so that the same person is counted once: their email if given,
    otherwise their name with their postcode, otherwise their name alone (case and spacing ignored)."""
    if email.strip():
        return f"email:{email.strip().casefold()}"
    folded = _tidy(name).casefold()
    if postcode.strip():
        return f"name:{folded}|{_tidy(postcode).upper()}"
    return f"name:{folded}"


def organisation_key(name: str) -> str:
    """An organisation's name with case and spacing ignored: one signature per organisation."""
    return _tidy(name).casefold()


def refusal(campaign: PledgeCampaign, today: datetime.date | None = None) -> str:
    """Why the campaign cannot be signed today, or "" if it can."""
    today = today or timezone.localdate()
    if not campaign.is_published:
        return "This pledge is not open for signatures."
    if campaign.opens_on > today:
        return f"This pledge opens for signatures on {campaign.opens_on:%-d %B %Y}."
    if campaign.closes_on is not None and campaign.closes_on < today:
        return f"This pledge closed on {campaign.closes_on:%-d %B %Y}. Thank you for your interest."
    return ""


def _open_campaign(campaign: PledgeCampaign) -> PledgeCampaign:
    """The campaign read again inside the transaction, refused if it is not open. (Not locked: a
    popular pledge takes many signatures at once, and each is kept apart by its own key.)"""
    current = PledgeCampaign.objects.get(pk=campaign.pk)
    reason = refusal(current)
    if reason:
        raise PledgeError(reason)
    return current


# ---------------------------------------------------------------------------------------------
# Signing (the public)


def sign_as_person(
    campaign: PledgeCampaign, *, acting_user: Any = None, name: str, show_name: bool, email: str = "",
    postcode: str = "",
) -> tuple[PledgeSignature, bool]:
    """Sign the pledge as a person. Returns (signature, True) for a new signature, or the earlier
    signature and False when the same person has already signed: then nothing changes."""
    name, email, postcode = _tidy(name), email.strip(), _tidy(postcode).upper()
    key = person_key(name=name, email=email, postcode=postcode)
    with transaction.atomic():
        current = _open_campaign(campaign)
        earlier = PledgeSignature.objects.filter(campaign=current, person_key=key).first()
        if earlier is not None:
            return earlier, False
        try:
            with transaction.atomic():
                signature = PledgeSignature.objects.create(
                    campaign=current, name=name, show_name=show_name, email=email, postcode=postcode,
                    person_key=key,
                )
        except IntegrityError:  # the same person signing at the same moment, from another request
            return PledgeSignature.objects.get(campaign=current, person_key=key), False
        audit.record(acting_user, "pledge.signed", signature, action=Action.CREATED, subject=name,
                     purpose="signing a pledge", actor_label=PUBLIC_FORM,
                     changes={"show_name": show_name, "email given": bool(email), "postcode given": bool(postcode)})
    return signature, True


def sign_as_organisation(
    campaign: PledgeCampaign, *, acting_user: Any = None, organisation_name: str, commitment: str, signed_by: str,
    contact_email: str,
) -> OrganisationPledge:
    """Sign the pledge for an organisation with what it commits to. An organisation signs once:
    a second signature under the same name is refused."""
    organisation_name, signed_by = _tidy(organisation_name), _tidy(signed_by)
    key = organisation_key(organisation_name)
    already = AlreadySigned(f"{organisation_name} has already signed this pledge. If its commitment has changed, "
                            "contact the team running the pledge.")
    with transaction.atomic():
        current = _open_campaign(campaign)
        if OrganisationPledge.objects.filter(campaign=current, organisation_key=key).exists():
            raise already
        try:
            with transaction.atomic():
                pledge = OrganisationPledge.objects.create(
                    campaign=current, organisation_name=organisation_name, organisation_key=key,
                    commitment=commitment.strip(), signed_by=signed_by, contact_email=contact_email.strip(),
                )
        except IntegrityError:
            raise already from None
        audit.record(acting_user, "pledge.organisation_signed", pledge, action=Action.CREATED, subject=signed_by,
                     purpose="signing a pledge for an organisation", actor_label=PUBLIC_FORM,
                     changes={"organisation": organisation_name})
    return pledge


# ---------------------------------------------------------------------------------------------
# Running a campaign (staff)


@dataclass
class CampaignDetails:
    """What staff set for a campaign."""

    title: str
    slug: str
    pledge: str
    about: str
    locality: Any
    team: Any
    opens_on: datetime.date
    closes_on: datetime.date | None

    def check(self) -> None:
        if self.closes_on is not None and self.closes_on < self.opens_on:
            raise PledgeError("The closing date must be the same as or after the opening date")

    def fields(self) -> dict[str, Any]:
        return {"title": self.title.strip(), "slug": self.slug, "pledge": self.pledge.strip(),
                "about": self.about.strip(), "locality": self.locality, "team": self.team,
                "opens_on": self.opens_on, "closes_on": self.closes_on}


def _require_campaign(user: Any, campaign: PledgeCampaign) -> None:
    policy.require(user, RUN)
    if not queries.manageable_campaigns(user).filter(pk=campaign.pk).exists():
        raise PledgeError("You can only run pledges in your own localities or teams.")


def _slug_taken(slug: str, campaign: PledgeCampaign | None = None) -> PledgeError | None:
    found = PledgeCampaign.objects.filter(slug=slug)
    if campaign is not None:
        found = found.exclude(pk=campaign.pk)
    return PledgeError(f"Another campaign already uses the web address “{slug}”. Choose another.") if found.exists() \
        else None


def create_campaign(*, acting_user: Any, details: CampaignDetails) -> PledgeCampaign:
    """Set up a campaign, unpublished until someone publishes it."""
    policy.require(acting_user, RUN)
    details.check()
    if not queries.may_run_in(acting_user, details.locality, details.team):
        raise PledgeError("You can only set up pledges for your own localities or teams.")
    if error := _slug_taken(details.slug):
        raise error
    try:
        with transaction.atomic():
            campaign = PledgeCampaign.objects.create(created_by=acting_user, **details.fields())
            audit.record(acting_user, "pledge_campaign.created", campaign, action=Action.CREATED)
    except IntegrityError:
        raise _slug_taken(details.slug) or PledgeError("The campaign could not be saved.") from None
    return campaign


def _change(campaign: PledgeCampaign, version: int, **fields: Any) -> PledgeCampaign:
    """Write fields only if the campaign is still at `version`; otherwise raise Conflict."""
    change(campaign, version, message=CHANGED_FIRST, **fields)
    return campaign


def edit_campaign(campaign: PledgeCampaign, *, acting_user: Any, version: int, details: CampaignDetails) -> None:
    """Change what a campaign says, when it is open, and who runs it."""
    _require_campaign(acting_user, campaign)
    details.check()
    if not queries.may_run_in(acting_user, details.locality, details.team):
        raise PledgeError("You can only run pledges in your own localities or teams.")
    if error := _slug_taken(details.slug, campaign):
        raise error
    before = {key: str(getattr(campaign, key)) for key in details.fields()}
    try:
        with transaction.atomic():
            _change(campaign, version, **details.fields())
            after = {key: str(getattr(campaign, key)) for key in details.fields()}
            audit.record(acting_user, "pledge_campaign.changed", campaign, action=Action.CHANGED,
                         changes=audit.changes_between(before, after))
    except IntegrityError:
        raise _slug_taken(details.slug, campaign) or PledgeError("The campaign could not be saved.") from None


def set_published(campaign: PledgeCampaign, *, acting_user: Any, version: int, published: bool) -> None:
    """Publish the campaign (shown to the public and open for signatures in its dates) or take it down."""
    _require_campaign(acting_user, campaign)
    with transaction.atomic():
        _change(campaign, version, is_published=published)
        audit.record(acting_user, "pledge_campaign.published" if published else "pledge_campaign.unpublished",
                     campaign, action=Action.CHANGED, changes={"is_published": [str(not published), str(published)]})


def record_progress(
    pledge: OrganisationPledge, *, acting_user: Any, status: str, note: str
) -> CommitmentProgress:
    """Record how an organisation is getting on with its commitment. Earlier records are kept."""
    _require_campaign(acting_user, pledge.campaign)
    if status not in CommitmentProgress.Status.values:
        raise PledgeError("Choose how the commitment is going")
    with transaction.atomic():
        progress = CommitmentProgress.objects.create(
            pledge=pledge, status=status, note=note.strip(), recorded_by=acting_user, recorded_at=timezone.now())
        audit.record(acting_user, "pledge.progress_recorded", pledge, action=Action.CHANGED,
                     changes={"status": ["", status]})
    return progress
