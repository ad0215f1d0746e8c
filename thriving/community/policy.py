"""Who may do what in the community Ways of Working, and on which rows. Rules join the one access
policy in core; scopes (`add_scope`) say which records a person may see, and every read starts
from them (`LocalNet.objects.visible_to(user)`, `get_visible_or_404(Idea, user, uuid=...)`).

Residents need no account for the public pages (listings, sign-up, pledges, proposing an idea,
ambassadors' pages); those views are marked public, and what they show is each model's
`view_public` scope, the same for everyone, signed in or not. Staff pages say which roles may use
them, and what they show is each model's `view` scope. The scopes (model, action: which rows):

- `LocalNet`, `view`: those in the localities the person organises in (every one for an organiser
  whose role names no locality, such as the hub or an administrator); `view_public`: listed ones;
- `LocalNetSession` and `Insight`, `view`: those of the Local Nets the person may view;
  `LocalNetSession`, `view_public`: the sessions of listed Local Nets (past and cancelled ones
  too, which refuse sign-ups, saying why);
- `Idea`, `view`: those in the person's localities and those with no locality yet;
  `view_public`: those past the stage "proposed" (the public list shows no names or contacts);
- `PledgeCampaign`, `view`: the campaigns the person runs: every one for an organiser whose role
  names no locality; otherwise those in their localities, run by a team they are in, for no place
  and no team, or set up by them; `view_public`: published ones (open, not yet open or closed);
- `OrganisationPledge`, `view`: the commitments of the campaigns the person runs;
- `AmbassadorProfile`, `view`: every one for those who make profiles, otherwise the person's own;
  `view_public`: public profiles of active people who still hold the ambassador role;
- `GoodNewsStory`, `view`: the ambassador's own stories, in any state; `view_public`: published
  stories on public profiles.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.community.models import (
    AmbassadorProfile,
    GoodNewsStory,
    Idea,
    Insight,
    LocalNet,
    LocalNetSession,
    OrganisationPledge,
    PledgeCampaign,
)
from thriving.core.models import Membership, Role
from thriving.core.policy import add_rule, add_scope, can, has_role, is_signed_in, memberships
from thriving.teams.queries import teams as teams_queries

ORGANISER_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR)
PUBLIC_STAGES = [stage for stage in Idea.Stage.values if stage != Idea.Stage.PROPOSED]

add_rule("community.run_local_nets", is_signed_in & has_role(*ORGANISER_ROLES))
add_rule("community.run_pledges", is_signed_in & has_role(*ORGANISER_ROLES))
add_rule("community.facilitate_ideas", is_signed_in & has_role(*ORGANISER_ROLES))
add_rule("community.be_ambassador", is_signed_in & has_role(Role.AMBASSADOR))
add_rule("community.manage_ambassadors", is_signed_in & has_role(Role.ADMINISTRATOR, Role.ENABLER))


def organiser_localities(user: Any) -> set[int] | None:
    """The localities an organiser works in; None when one of their organiser roles is not tied
    to a locality (such as the hub or an administrator), meaning everywhere. No organiser role:
    no locality at all."""
    found: set[int] = set()
    for membership in memberships(user):
        if membership.role not in ORGANISER_ROLES:
            continue
        if membership.locality_id is None:
            return None
        found.add(membership.locality_id)
    return found


def _in_localities(field: str) -> Any:
    """A scope: the rows whose locality (reached through `field`) the person organises in."""

    def scope(user: Any, rows: QuerySet) -> QuerySet:
        localities = organiser_localities(user)
        return rows if localities is None else rows.filter(**{f"{field}__in": localities})

    return scope


def _ideas_to_view(user: Any, ideas: QuerySet) -> QuerySet:
    localities = organiser_localities(user)
    return ideas if localities is None else ideas.filter(Q(locality_id__in=localities) | Q(locality__isnull=True))


def _campaigns_to_run(user: Any, campaigns: QuerySet) -> QuerySet:
    if not can(user, "community.run_pledges"):
        return campaigns.none()
    localities = organiser_localities(user)
    if localities is None:
        return campaigns
    return campaigns.filter(
        Q(locality_id__in=localities) | Q(team_id__in=teams_queries.current_team_ids(user))
        | Q(locality__isnull=True, team__isnull=True) | Q(created_by=user)
    )


def _pledges_to_view(user: Any, pledges: QuerySet) -> QuerySet:
    return pledges.filter(campaign__in=_campaigns_to_run(user, PledgeCampaign.objects.all()))


def _profiles_to_view(user: Any, profiles: QuerySet) -> QuerySet:
    if can(user, "community.manage_ambassadors"):
        return profiles
    if not getattr(user, "is_authenticated", False):
        return profiles.none()
    return profiles.filter(user=user)


def _public_profiles(user: Any, profiles: QuerySet) -> QuerySet:
    still_ambassador = Exists(Membership.objects.filter(user=OuterRef("user"), role=Role.AMBASSADOR))
    return profiles.filter(still_ambassador, is_public=True, user__is_active=True)


def _own_stories(user: Any, stories: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return stories.none()
    return stories.filter(ambassador__user=user)


def _public_stories(user: Any, stories: QuerySet) -> QuerySet:
    shown = _public_profiles(user, AmbassadorProfile.objects.all())
    return stories.filter(status=GoodNewsStory.Status.PUBLISHED, ambassador__in=shown)


add_scope(LocalNet, "view", _in_localities("locality_id"))
add_scope(LocalNet, "view_public", lambda user, local_nets: local_nets.filter(is_listed=True))
add_scope(LocalNetSession, "view", _in_localities("local_net__locality_id"))
add_scope(LocalNetSession, "view_public", lambda user, sessions: sessions.filter(local_net__is_listed=True))
add_scope(Insight, "view", _in_localities("session__local_net__locality_id"))
add_scope(Idea, "view", _ideas_to_view)
add_scope(Idea, "view_public", lambda user, ideas: ideas.filter(stage__in=PUBLIC_STAGES))
add_scope(PledgeCampaign, "view", _campaigns_to_run)
add_scope(PledgeCampaign, "view_public", lambda user, campaigns: campaigns.filter(is_published=True))
add_scope(OrganisationPledge, "view", _pledges_to_view)
add_scope(AmbassadorProfile, "view", _profiles_to_view)
add_scope(AmbassadorProfile, "view_public", _public_profiles)
add_scope(GoodNewsStory, "view", _own_stories)
add_scope(GoodNewsStory, "view_public", _public_stories)
