"""Setting up a story project: starting one (the person who starts it manages it) and changing its
details against the version read. Who may choose which locality, team and people is here too, so
that the form offers and the action accepts the same ones:

- a **locality**: those of the person's team member and enabler roles, and of the teams they are in
  now; any for administrators and enablers everywhere;
- a **team** (optional, none for the council): the teams the person is in now; for enablers, also
  the teams of their localities; any for administrators;
- **gatherers and coders**: the current members and volunteers of the teams the person may choose.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from thriving.core import audit
from thriving.core.conflicts import ActionRefused, save_if_unchanged
from thriving.core.models import Role
from thriving.core.policy import memberships, require
from thriving.places import queries as places
from thriving.places.models import Locality
from thriving.stories.models import StoryProject
from thriving.stories.policy import is_administrator
from thriving.teams.queries import teams as teams_queries

FIELDS = ("title", "slug", "question", "prompt", "locality", "team", "opens_on", "closes_on", "consent_wording",
          "accepts_public", "accepts_audio", "status")
PEOPLE = ("gatherers", "coders")
RESERVED = {"new"}  # addresses under /stories/projects/ that are pages, not projects
DEFAULT_CONSENT = (
    "Your story helps us understand what getting help is like here, and what should change. We will keep "
    "it safely and use it only as you choose below. We will never publish your name. You can change your "
    "mind or withdraw your story at any time with the private link we give you."
)


class ProjectRefused(ActionRefused):
    pass


def _everywhere(user: Any) -> tuple[bool, set[int]]:
    """Whether the person may choose any locality, and otherwise which (their roles' localities)."""
    if is_administrator(user):
        return True, set()
    localities: set[int] = set()
    for membership in memberships(user):
        if membership.role in (Role.TEAM_MEMBER, Role.ENABLER):
            if membership.locality_id is None and membership.role == Role.ENABLER:
                return True, set()
            if membership.locality_id is not None:
                localities.add(membership.locality_id)
    return False, localities


def localities_for(user: Any) -> QuerySet[Locality]:
    """The localities the person may start a project for."""
    everywhere, localities = _everywhere(user)
    found = places.localities()
    if everywhere:
        return found
    teams = teams_queries.active_teams().filter(pk__in=teams_queries.current_team_ids(user))
    return found.filter(Q(pk__in=localities) | Q(pk__in=teams.values("locality_id")))


def _enabler_localities(user: Any) -> tuple[bool, set[int]]:
    localities: set[int] = set()
    for membership in memberships(user):
        if membership.role == Role.ENABLER:
            if membership.locality_id is None:
                return True, set()
            localities.add(membership.locality_id)
    return False, localities


def teams_for(user: Any) -> QuerySet[Any]:
    """The teams the person may name as running a project."""
    teams = teams_queries.active_teams()
    if is_administrator(user):
        return teams
    everywhere, localities = _enabler_localities(user)
    if everywhere:
        return teams
    return teams.filter(Q(pk__in=teams_queries.current_team_ids(user)) | Q(locality__in=localities))


def people_for(user: Any, project: StoryProject | None = None) -> list[Any]:
    """The people who may be named gatherers or coders: the current members and volunteers of the
    teams the person may choose (of the project's locality, when changing one), and whoever the
    project names already."""
    teams = teams_for(user)
    if project is not None:
        teams = teams.filter(locality=project.locality_id)
    found: dict[int, Any] = {}
    for team in teams:
        for person in teams_queries.team_people(team):
            found.setdefault(person.pk, person)
    if project is not None:
        for person in [*project.gatherers.all(), *project.coders.all()]:
            found.setdefault(person.pk, person)
    return sorted(found.values(), key=lambda person: ((person.full_name or person.email).lower(), person.pk))


def free_slug(title: str) -> str:
    return slugify(title)[:160].strip("-")


def _check(acting_user: Any, data: dict[str, Any], project: StoryProject | None = None) -> None:
    locality, team = data["locality"], data.get("team")
    if project is None or locality != project.locality:
        if not localities_for(acting_user).filter(pk=locality.pk).exists():
            raise ProjectRefused("You may not start a project for that locality.")
    if team is not None:
        if project is None or team != project.team:
            if not teams_for(acting_user).filter(pk=team.pk).exists():
                raise ProjectRefused("You may not name that team as running the project.")
        if team.locality_id != locality.pk:
            raise ProjectRefused("The team must be one of the project's locality.")
    if data["closes_on"] and data["closes_on"] < data["opens_on"]:
        raise ProjectRefused("The closing date must be the same as or after the opening date.")
    if not data["slug"]:
        raise ProjectRefused("Give the project a short name for its address.")
    if data["slug"] in RESERVED:
        raise ProjectRefused(f"“{data['slug']}” cannot be a project's short name: choose another.")
    taken = StoryProject.objects.filter(slug=data["slug"])
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        raise ProjectRefused(f"Another project has the address “{data['slug']}”: choose another short name.")
    allowed = {person.pk for person in people_for(acting_user, project)}
    for name in PEOPLE:
        if any(person.pk not in allowed for person in data.get(name, [])):
            raise ProjectRefused("Gatherers and coders must be current members or volunteers of a team you may choose.")


def _slug_taken(error: IntegrityError) -> ProjectRefused:
    return ProjectRefused("Another project has this address: choose another short name.")


@transaction.atomic
def create(*, acting_user: Any, data: dict[str, Any]) -> StoryProject:
    """Start a story project. The person who starts it manages it."""
    require(acting_user, "stories.add_project")
    data = {**data, "slug": data.get("slug") or free_slug(data["title"])}
    _check(acting_user, data)
    try:
        with transaction.atomic():
            project = StoryProject.objects.create(created_by=acting_user, **{name: data[name] for name in FIELDS})
    except IntegrityError as error:
        raise _slug_taken(error) from error
    for name in PEOPLE:
        getattr(project, name).set(data.get(name, []))
    audit.record(acting_user, "story_project.created", project, action=audit.Action.CREATED,
                 object_label=project.title)
    return project


@transaction.atomic
def change(*, acting_user: Any, project: StoryProject, data: dict[str, Any], version: int | None) -> StoryProject:
    """Change a project's details, if nobody else changed them since they were read."""
    require(acting_user, "stories.manage", project)
    data = {**data, "slug": data.get("slug") or project.slug}
    _check(acting_user, data, project)
    before = {name: getattr(project, name) for name in FIELDS}
    before_people = {name: sorted(getattr(project, name).values_list("pk", flat=True)) for name in PEOPLE}
    for name in FIELDS:
        setattr(project, name, data[name])
    try:
        with transaction.atomic():
            save_if_unchanged(project, version=version, fields=list(FIELDS),
                              message="Someone else changed this project first. Here it is as it is now.")
    except IntegrityError as error:
        raise _slug_taken(error) from error
    changes: dict[str, list[Any]] = {name: [str(before[name]), str(data[name])] for name in FIELDS
                                     if before[name] != data[name]}
    for name in PEOPLE:
        getattr(project, name).set(data.get(name, []))
        after = sorted(getattr(project, name).values_list("pk", flat=True))
        if after != before_people[name]:
            changes[name] = [len(before_people[name]), len(after)]
    audit.record(acting_user, "story_project.changed", project, action=audit.Action.CHANGED, changes=changes,
                 object_label=project.title)
    return project
