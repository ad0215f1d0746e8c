"""Setting a team up: creating it, linking enablers, adding and removing members (history kept)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from thriving.core import audit, policy
from thriving.teams.models import Team, TeamMember
from thriving.teams.queries import teams as queries
from thriving.teams.services.common import Action, TeamsError, name_of

RESERVED = {"new"}  # the path of the page that sets a team up


def _unique_slug(name: str, locality: Any) -> str:
    base = slugify(f"{name}")[:140] or "team"
    if base in RESERVED or Team.objects.filter(slug=base).exists():
        base = slugify(f"{locality.slug}-{name}")[:140]
    slug, number = base, 2
    while Team.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_team(*, acting_user: Any, name: str, locality: Any, about: str = "", enablers: list | None = None) -> Team:
    """Administrators and enablers set up a connected team for a locality, linking its enablers
    (an enabler who sets one up is linked to it)."""
    policy.require(acting_user, "teams.manage_teams")
    if Team.objects.filter(locality=locality, name__iexact=name.strip()).exists():
        raise TeamsError(f"{locality.name} already has a team called {name.strip()}. Choose another name.")
    team = Team.objects.create(name=name.strip(), slug=_unique_slug(name, locality), locality=locality,
                               about=about.strip())
    audit.record(acting_user, "team.created", team, action=Action.CREATED)
    linked = list(enablers or [])
    if not queries.is_administrator(acting_user) and acting_user not in linked:
        linked.append(acting_user)
    for enabler in linked:
        _add(acting_user, team, enabler, TeamMember.Kind.ENABLER, None)
    return team


def _add(acting_user: Any, team: Team, user: Any, kind: str, organisation: Any) -> TeamMember:
    if team.members.filter(user=user, left_at__isnull=True).exists():
        raise TeamsError(f"{name_of(user)} is already in the team.")
    member = TeamMember.objects.create(team=team, user=user, kind=kind,
                                       organisation=None if kind == TeamMember.Kind.VOLUNTEER else organisation)
    audit.record(acting_user, "team.member_added", team, action=Action.CHANGED, subject=name_of(user),
                 changes={"member": name_of(user), "kind": kind,
                          "organisation": member.organisation.name if member.organisation else ""})
    return member


@transaction.atomic
def add_member(*, acting_user: Any, team: Team, user: Any, kind: str, organisation: Any = None) -> TeamMember:
    """A current member of the team (or an administrator) adds someone: as a member from their
    organisation or as a volunteer. Linking an enabler needs the right to manage teams."""
    policy.require(acting_user, "teams.view_teams")
    if kind not in TeamMember.Kind.values:
        raise TeamsError("Choose how they take part.")
    if not queries.may_change_members(acting_user, team):
        raise PermissionDenied("teams.work_in_team")
    if kind == TeamMember.Kind.ENABLER and not queries.may_link_enablers(acting_user, team):
        raise PermissionDenied("teams.manage_teams")
    return _add(acting_user, team, user, kind, organisation)


@transaction.atomic
def remove_member(*, acting_user: Any, member: TeamMember) -> TeamMember:
    """Someone leaves the team: they stop seeing its huddles; the record of their time is kept."""
    team = member.team
    policy.require(acting_user, "teams.view_teams")
    if not queries.may_change_members(acting_user, team):
        raise PermissionDenied("teams.work_in_team")
    if member.kind == TeamMember.Kind.ENABLER and not queries.may_link_enablers(acting_user, team):
        raise PermissionDenied("teams.manage_teams")
    if member.left_at is not None:
        raise TeamsError(f"{name_of(member.user)} has already left the team.")
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    audit.record(acting_user, "team.member_removed", team, action=Action.CHANGED, subject=name_of(member.user),
                 changes={"member": name_of(member.user), "left_at": member.left_at.isoformat()})
    return member
