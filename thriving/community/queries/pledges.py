"""Reads for pledges, each already narrowed to what the person asking may see (the scopes in
`thriving.community.policy`).

The public sees published campaigns with the names of those who agreed to show them (never an
email or a postcode). Staff who run pledges see the campaigns of their own localities and teams,
with the signatures' contacts.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from thriving.community.models import CommitmentProgress, OrganisationPledge, PledgeCampaign, PledgeSignature
from thriving.community.policy import organiser_localities
from thriving.teams.queries import teams as teams_queries

SHOWN_NAMES = 500  # the most names listed on a campaign's page; the count covers everyone


def _open_filter(today: datetime.date) -> Q:
    return Q(is_published=True, opens_on__lte=today) & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))


def open_campaigns(user: Any, today: datetime.date | None = None) -> QuerySet[PledgeCampaign]:
    """Published campaigns open for signatures today, with how many people have signed."""
    today = today or timezone.localdate()
    return (PledgeCampaign.objects.visible_to(user, "view_public").filter(_open_filter(today))
            .select_related("locality").annotate(signature_count=Count("signatures")).order_by("title"))


def campaigns() -> QuerySet[PledgeCampaign]:
    """Campaigns with their locality and team, to fetch one through its scope: `view_public` for
    a published one (open, not yet open or closed), `view` for one the person runs."""
    return PledgeCampaign.objects.select_related("locality", "team")


@dataclass
class CampaignPage:
    """What the public page of a campaign shows."""

    signature_count: int
    shown_names: list[str]
    organisations: list[tuple[OrganisationPledge, CommitmentProgress | None]]


def _organisations(campaign: PledgeCampaign) -> list[tuple[OrganisationPledge, CommitmentProgress | None]]:
    pledges = campaign.organisation_pledges.prefetch_related(
        Prefetch("progress", queryset=CommitmentProgress.objects.select_related("recorded_by")))
    return [(pledge, next(iter(pledge.progress.all()), None)) for pledge in pledges]


def campaign_page(campaign: PledgeCampaign) -> CampaignPage:
    signatures = campaign.signatures.all()
    names = list(signatures.filter(show_name=True).order_by("created_at", "id")
                 .values_list("name", flat=True)[:SHOWN_NAMES])
    return CampaignPage(signature_count=signatures.count(), shown_names=names, organisations=_organisations(campaign))


# ---------------------------------------------------------------------------------------------
# Staff who run pledges


def manageable_campaigns(user: Any) -> QuerySet[PledgeCampaign]:
    """The campaigns the person may run: all of them for an organiser with no locality set;
    otherwise those in their localities, those run by a team they belong to, those for no place
    and no team, and those they set up (the `view` scope)."""
    return PledgeCampaign.objects.visible_to(user)


def may_run_in(user: Any, locality: Any, team: Any) -> bool:
    """Whether the person may run a campaign for this locality (or none) and this team (or none)."""
    localities = organiser_localities(user)
    if localities is None:
        return True
    in_team = team is not None and teams_queries.is_member(user, team)
    place_ok = locality is None or locality.pk in localities or in_team
    team_ok = team is None or in_team or team.locality_id in localities
    return place_ok and team_ok


def campaigns_for_staff(user: Any) -> QuerySet[PledgeCampaign]:
    return (manageable_campaigns(user).select_related("locality", "team")
            .annotate(signature_count=Count("signatures", distinct=True),
                      organisation_count=Count("organisation_pledges", distinct=True)))


def signatures(campaign: PledgeCampaign) -> QuerySet[PledgeSignature]:
    """Everyone who signed, oldest first, with their contacts (call only for staff who run it)."""
    return campaign.signatures.order_by("created_at", "id")


def organisation_pledges(campaign: PledgeCampaign) -> QuerySet[OrganisationPledge]:
    """Organisations' commitments with their whole history of progress, newest first."""
    return campaign.organisation_pledges.prefetch_related(
        Prefetch("progress", queryset=CommitmentProgress.objects.select_related("recorded_by")))


def team_campaigns(user: Any, team: Any, today: datetime.date | None = None) -> list[PledgeCampaign]:
    """Open campaigns in the team's locality or run by the team, with their signature counts."""
    return list(open_campaigns(user, today).filter(Q(locality_id=team.locality_id) | Q(team=team)))

