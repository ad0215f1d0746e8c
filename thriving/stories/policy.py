"""Who may do what with stories, and on which rows. Rules join the one access policy in core;
scopes (`add_scope`) say which projects, stories, codes, themes, priorities and rounds a person
may take an action on, and every read starts from them.

People with a part in a story project:

- its **team**: the current members and volunteers (and linked enablers) of the connected team
  that runs it;
- its **gatherers** and **coders**, named on the project;
- **locality enablers**: people with the enabler role for the project's locality (or for every
  locality);
- the person who set it up, and **administrators**.

The scopes (model, action: which rows):

- `StoryProject`, `view`: projects the person has a part in;
- `StoryProject`, `manage`: projects of their team, that they set up, of their locality as an
  enabler, or any for administrators: its details, signifiers, moderation, codebook, themes,
  priorities;
- `StoryProject`, `gather`: open projects the person manages or is a gatherer of;
- `StoryProject`, `code`: projects the person manages or is a coder of;
- `StoryProject`, `view_public`: open projects that take stories on the public form;
- `Story`, `view`: approved stories, not withdrawn, of projects the person may view; waiting and
  refused ones too for those who manage the project (the moderators);
- `Story`, `moderate`: stories waiting for moderation in projects the person manages;
- `Story`, `code`: approved stories, not withdrawn, of projects the person may code;
- the rest of the app's rows (`Signifier`, `Code`, `Coding`, `Theme`, `ThemeRun`, `Quote`,
  `MSC*`), `view` as their project's `view`, leaving out whatever belongs to a withdrawn story.

A withdrawn story is in no scope at all: it keeps only a tombstone.
"""

from typing import Any

from django.db.models import Q, QuerySet

from thriving.core.models import Role
from thriving.core.policy import add_rule, add_scope, has_role, in_scope, is_signed_in, memberships, roles_of
from thriving.stories.models import (
    Code,
    Coding,
    MSCCandidate,
    MSCDomain,
    MSCRound,
    MSCSelection,
    Priority,
    Quote,
    Signifier,
    SignifierAnswer,
    Story,
    StoryProject,
    Theme,
    ThemeMembership,
    ThemeRun,
)
from thriving.teams.queries.teams import current_team_ids

PROJECT_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.ADMINISTRATOR)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_administrator(user: Any) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


def _enabler_of(user: Any, prefix: str = "") -> Q:
    """Rows of the localities the person is an enabler for (every row for an enabler everywhere)."""
    localities: set[int] = set()
    for membership in memberships(user):
        if membership.role == Role.ENABLER:
            if membership.locality_id is None:
                return Q()
            localities.add(membership.locality_id)
    return Q(**{f"{prefix}locality__in": localities}) if localities else Q(pk__in=[])


def _managers(user: Any, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}team__in": current_team_ids(user)})
        | Q(**{f"{prefix}created_by": user})
        | _enabler_of(user, prefix)
    )


def projects_to_view(user: Any, projects: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return projects.none()
    if is_administrator(user):
        return projects
    return projects.filter(_managers(user) | Q(gatherers=user) | Q(coders=user)).distinct()


def projects_to_manage(user: Any, projects: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return projects.none()
    if is_administrator(user):
        return projects
    return projects.filter(_managers(user)).distinct()


def projects_to_gather(user: Any, projects: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return projects.none()
    projects = projects.filter(status=StoryProject.Status.OPEN)
    if is_administrator(user):
        return projects
    return projects.filter(_managers(user) | Q(gatherers=user)).distinct()


def projects_to_code(user: Any, projects: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return projects.none()
    if is_administrator(user):
        return projects
    return projects.filter(_managers(user) | Q(coders=user)).distinct()


def public_projects(user: Any, projects: QuerySet) -> QuerySet:
    return projects.filter(status=StoryProject.Status.OPEN, accepts_public=True)


def _ids(scope: Any, user: Any) -> QuerySet:
    return scope(user, StoryProject.objects.all()).values("pk")


def stories_to_view(user: Any, stories: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return stories.none()
    stories = stories.filter(withdrawn_at__isnull=True)
    return stories.filter(
        Q(project__in=_ids(projects_to_view, user), moderation=Story.Moderation.APPROVED)
        | Q(project__in=_ids(projects_to_manage, user))
    )


def stories_to_moderate(user: Any, stories: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return stories.none()
    return stories.filter(
        withdrawn_at__isnull=True, moderation=Story.Moderation.PENDING, project__in=_ids(projects_to_manage, user),
    )


def stories_to_code(user: Any, stories: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return stories.none()
    return stories.filter(
        withdrawn_at__isnull=True, moderation=Story.Moderation.APPROVED, project__in=_ids(projects_to_code, user),
    )


def of_projects(scope: Any, field: str = "project", story: str | None = None) -> Any:
    """A scope for rows of a project: those whose project is in the project scope given, and, for
    rows of a story (`story`, the path to it), never a withdrawn one's."""

    def narrow(user: Any, rows: QuerySet) -> QuerySet:
        if not _signed_in(user):
            return rows.none()
        rows = rows.filter(**{f"{field}__in": _ids(scope, user)})
        if story is not None:
            rows = rows.filter(**{f"{story}__withdrawn_at__isnull": True})
        return rows

    return narrow


add_rule("stories.view_projects", is_signed_in & has_role(*PROJECT_ROLES))
add_rule("stories.add_project", is_signed_in & has_role(*PROJECT_ROLES))
add_rule("stories.view_project", is_signed_in & in_scope(StoryProject, "view"))
add_rule("stories.manage", is_signed_in & in_scope(StoryProject, "manage"))
add_rule("stories.gather", is_signed_in & in_scope(StoryProject, "gather"))
add_rule("stories.code", is_signed_in & in_scope(StoryProject, "code"))
add_rule("stories.moderate", is_signed_in & in_scope(Story, "moderate"))

add_scope(StoryProject, "view", projects_to_view)
add_scope(StoryProject, "manage", projects_to_manage)
add_scope(StoryProject, "gather", projects_to_gather)
add_scope(StoryProject, "code", projects_to_code)
add_scope(StoryProject, "view_public", public_projects)
add_scope(Signifier, "view", of_projects(projects_to_view))
add_scope(Signifier, "manage", of_projects(projects_to_manage))
add_scope(Signifier, "view_public", of_projects(public_projects))
add_scope(Story, "view", stories_to_view)
add_scope(Story, "moderate", stories_to_moderate)
add_scope(Story, "code", stories_to_code)
add_scope(SignifierAnswer, "view", of_projects(projects_to_view, "story__project", story="story"))
add_scope(Code, "view", of_projects(projects_to_view))
add_scope(Code, "manage", of_projects(projects_to_manage))
add_scope(Coding, "view", of_projects(projects_to_view, "story__project", story="story"))
add_scope(ThemeRun, "view", of_projects(projects_to_view))
add_scope(Theme, "view", of_projects(projects_to_view))
add_scope(Theme, "manage", of_projects(projects_to_manage))
add_scope(ThemeMembership, "view", of_projects(projects_to_view, "theme__project", story="story"))
add_scope(Quote, "view", of_projects(projects_to_view, "story__project", story="story"))
add_scope(Quote, "manage", of_projects(projects_to_manage, "story__project", story="story"))


# --- Priorities and Most Significant Change rounds: a place's, not only a project's -------------
# `Priority`, `view`: priorities of the localities where the person works as a team member,
# enabler or board member (every locality for a membership without one), and for administrators;
# `Priority`, `manage`: those of the person's team, of their locality as an enabler, or that they
# set up; every one for administrators.
# `MSCRound`, `view`: rounds the person is on the panel of, set up, whose team they are in, of
# their locality as an enabler, at the board level for board members, or of a project they may
# view; `MSCRound`, `manage`: the rounds they set up, of their team, of their locality as an
# enabler; every one for administrators. `MSCDomain` follows its round.

PLACE_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.BOARD_MEMBER)


def _works_in(user: Any, prefix: str = "") -> Q:
    localities: set[int] = set()
    for membership in memberships(user):
        if membership.role in PLACE_ROLES:
            if membership.locality_id is None:
                return Q()
            localities.add(membership.locality_id)
    return Q(**{f"{prefix}locality__in": localities}) if localities else Q(pk__in=[])


def priorities_to_view(user: Any, priorities: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return priorities.none()
    if is_administrator(user):
        return priorities
    return priorities.filter(_works_in(user) | _managers(user)).distinct()


def priorities_to_manage(user: Any, priorities: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return priorities.none()
    if is_administrator(user):
        return priorities
    return priorities.filter(_managers(user)).distinct()


def rounds_to_view(user: Any, rounds: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return rounds.none()
    if is_administrator(user):
        return rounds
    seen = _managers(user) | Q(panel=user) | Q(project__in=_ids(projects_to_view, user))
    if Role.BOARD_MEMBER in roles_of(user):
        seen |= Q(level=MSCRound.Level.BOARD)
    return rounds.filter(seen).distinct()


def rounds_to_manage(user: Any, rounds: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return rounds.none()
    if is_administrator(user):
        return rounds
    return rounds.filter(_managers(user)).distinct()


def _of_rounds(scope: Any) -> Any:
    def narrow(user: Any, rows: QuerySet) -> QuerySet:
        return rows.filter(round__in=scope(user, MSCRound.objects.all()).values("pk"))

    return narrow


add_scope(Priority, "view", priorities_to_view)
add_scope(Priority, "manage", priorities_to_manage)
add_scope(MSCRound, "view", rounds_to_view)
add_scope(MSCRound, "manage", rounds_to_manage)
add_scope(MSCDomain, "view", _of_rounds(rounds_to_view))
add_scope(MSCDomain, "manage", _of_rounds(rounds_to_manage))


def _of_domains(scope: Any, story: str) -> Any:
    def narrow(user: Any, rows: QuerySet) -> QuerySet:
        rounds = scope(user, MSCRound.objects.all()).values("pk")
        return rows.filter(domain__round__in=rounds, **{f"{story}__withdrawn_at__isnull": True})

    return narrow


add_scope(MSCCandidate, "view", _of_domains(rounds_to_view, "story"))
add_scope(MSCSelection, "view", _of_domains(rounds_to_view, "candidate__story"))
add_rule("stories.view_priorities", is_signed_in & has_role(*PLACE_ROLES, Role.ADMINISTRATOR))
add_rule("stories.manage_priority", is_signed_in & in_scope(Priority, "manage"))
add_rule("stories.view_rounds", is_signed_in & has_role(*PROJECT_ROLES, Role.BOARD_MEMBER))
add_rule("stories.add_round", is_signed_in & has_role(*PROJECT_ROLES))
add_rule("stories.view_round", is_signed_in & in_scope(MSCRound, "view"))
add_rule("stories.manage_round", is_signed_in & in_scope(MSCRound, "manage"))


# --- Most Significant Change ---------------------------------------------------------------------
# `MSCRound`, `panel`: the rounds the person manages or sits on the panel of. They put stories
# forward, start the panel's selecting, and make the selections.


def rounds_for_panel(user: Any, rounds: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return rounds.none()
    if is_administrator(user):
        return rounds
    return rounds.filter(_managers(user) | Q(panel=user)).distinct()


add_scope(MSCRound, "panel", rounds_for_panel)
add_rule("stories.put_forward", is_signed_in & in_scope(MSCRound, "panel"))
add_rule("stories.select_round", is_signed_in & in_scope(MSCRound, "panel"))


# `MSCRound`, `pass_to`: the rounds a new round's selections may pass up to: those the person may
# see, the locality rounds of the localities they work in, and the board's rounds.


def rounds_to_pass_to(user: Any, rounds: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return rounds.none()
    if is_administrator(user):
        return rounds
    seen = rounds.filter(pk__in=rounds_to_view(user, MSCRound.objects.all()).values("pk"))
    return rounds.filter(Q(pk__in=seen.values("pk")) | Q(level=MSCRound.Level.BOARD)
                         | (Q(level=MSCRound.Level.LOCALITY) & _works_in(user))).distinct()


add_scope(MSCRound, "pass_to", rounds_to_pass_to)


# --- Priorities: setting one up, and the approved quotes people who see a priority read ----------
# `stories.add_priority`: team members, enablers and administrators (the themes they take it
# from must be confirmed themes of projects they manage: `services.priorities`).
# `stories.review_quote`: the quote is in the person's `Quote`, `manage` scope (they manage the
# story's project, so they may read the original); the service also requires
# `stories.manage_priority` on its priority.
# `Quote`, `view_approved`: approved quotes of priorities the person may view, from stories still
# consenting to quoting and never withdrawn. They are anonymised and reviewed, and shown to the
# people of the place (board members too) who may not read the stories themselves.


def approved_quotes(user: Any, quotes: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return quotes.none()
    return quotes.filter(
        status=Quote.Status.APPROVED, story__withdrawn_at__isnull=True, story__consent_quote=True,
        priority__in=priorities_to_view(user, Priority.objects.all()).values("pk"),
    )


add_rule("stories.add_priority", is_signed_in & has_role(*PROJECT_ROLES))
add_rule("stories.review_quote", is_signed_in & in_scope(Quote, "manage"))
add_scope(Quote, "view_approved", approved_quotes)


# --- Stories shared with partners ----------------------------------------------------------------
# `Story`, `view_shared`: for organisation staff (the partners), the approved stories, never
# withdrawn, whose tellers agreed to sharing them with partners, of projects in the localities the
# person works in as organisation staff (every locality for such a role without one); every shared
# story for administrators. Partners read them anonymised only (`views.shared`): never a story's
# page, its teller, its answers or its codes.


def stories_shared(user: Any, stories: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return stories.none()
    stories = stories.filter(withdrawn_at__isnull=True, moderation=Story.Moderation.APPROVED, consent_share=True)
    if is_administrator(user):
        return stories
    localities: set[int] = set()
    for membership in memberships(user):
        if membership.role == Role.ORGANISATION_STAFF:
            if membership.locality_id is None:
                return stories
            localities.add(membership.locality_id)
    return stories.filter(project__locality__in=localities) if localities else stories.none()


add_scope(Story, "view_shared", stories_shared)
add_rule("stories.view_shared", is_signed_in & has_role(Role.ORGANISATION_STAFF, Role.ADMINISTRATOR))
