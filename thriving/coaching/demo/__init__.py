"""The coaching demo: fictional coaching for the demo families (`thriving demo`), split by concept:
`stories` (who is coached and how it went, in their own words) and `build` (making one
relationship from its story). This module finds the people: the front-door demo's, most of them
in Shirebrook, where the demo's coach and coaching team lead work, and a few referred at level 3
elsewhere, coached by the partner organisation's health coach.

Deterministic and idempotent: each relationship has a fixed identifier made from its story's key,
and a story whose relationship exists already is left as it is. With no front-door demo (no
postcodes loaded), it makes nothing."""

import uuid
from collections import Counter
from typing import Any

from django.utils import timezone

from thriving.coaching.demo.build import Cast, Setting, build, key_uuid
from thriving.coaching.demo.stories import Story, all_stories
from thriving.coaching.models import CoachingRelationship, Measure, Member
from thriving.coaching.services import outcomes
from thriving.core.management.commands.demo import DEMO_DOMAIN
from thriving.core.models import Membership, Role, User
from thriving.directory.queries import public as directory
from thriving.frontdoor import demo as frontdoor_demo
from thriving.frontdoor.queries import requests
from thriving.places.models import Locality
from thriving.teams.queries import schedule
from thriving.teams.queries import teams as team_queries

HOME = "shirebrook"
LOGINS = {"coach": Role.COACH, "coachlead": Role.COACH_LEAD, "partnercoach": Role.COACH,
          "hub": Role.HUB_WORKER, "team": Role.TEAM_MEMBER}
LEVEL_3 = 3


def _cast() -> Cast | None:
    users: dict[str, Any] = {}
    organisations: dict[str, Any] = {}
    for local, role in LOGINS.items():
        user = User.objects.filter(email=f"{local}@{DEMO_DOMAIN}", is_active=True).first()
        if user is None:
            return None
        membership = (Membership.objects.filter(user=user, role=role).select_related("organisation")
                      .order_by("pk").first())
        users[local], organisations[local] = user, membership.organisation if membership else None
    if any(organisations[key] is None for key in ("coach", "coachlead", "partnercoach")):
        return None
    return Cast(users=users, organisations=organisations)


def _demo_requests(slug: str) -> list[Any]:
    """The front-door demo's requests in a locality, in the order it made them."""
    count = frontdoor_demo.REQUESTS_IN.get(slug, frontdoor_demo.REQUESTS_PER_LOCALITY)
    found = []
    for n in range(count):
        request = requests.by_submission_key(uuid.uuid5(frontdoor_demo.NAMESPACE, f"{slug}-{n}"))
        if request is not None:
            found.append(request)
    return found


def _taken() -> set[int]:
    """The people coached already (in any relationship), never given a second demo story."""
    return set(CoachingRelationship.objects.values_list("person_id", flat=True)) | set(
        Member.objects.values_list("person_id", flat=True))


def _distinct(found: list[Any], taken: set[int]) -> list[Any]:
    """One request a person, with no two people of the same name and none coached already."""
    names: set[str] = set()
    kept = []
    for request in found:
        person = request.person
        if person.pk in taken or person.full_name in names or person.merged_into_id is not None:
            continue
        names.add(person.full_name)
        taken.add(person.pk)
        kept.append(request)
    return kept


def _assign(stories: list[Story], taken: set[int]) -> dict[str, Any]:
    """Each story's request: level-3 requests for referrals from the front door, the others for the rest."""
    chosen: dict[str, Any] = {}
    home = _distinct(_demo_requests(HOME), taken)
    level_3 = [request for request in home if request.level == LEVEL_3]
    others = [request for request in home if request.level != LEVEL_3]
    surnames = Counter(request.person.family_name for request in home)
    for story in sorted(stories, key=lambda story: not story.is_family):  # families choose first
        if story.elsewhere:
            continue
        pool = level_3 if story.route == "front_door" else (others or level_3)
        # A family coached together is one whose name no one else coached here shares.
        unique = [request for request in pool + level_3 if surnames[request.person.family_name] == 1]
        if story.is_family and unique:
            (pool if unique[0] in pool else level_3).remove(unique[0])
            chosen[story.key] = unique[0]
        elif pool:
            chosen[story.key] = pool.pop(0)
    slugs = Locality.objects.exclude(slug=HOME).order_by("slug").values_list("slug", flat=True)
    away = [request for slug in slugs for request in _demo_requests(slug) if request.level == LEVEL_3]
    away = _distinct(away, taken)
    by_locality: dict[Any, list[Any]] = {}
    for request in away:
        by_locality.setdefault(request.locality_id, []).append(request)
    spread = [requests_there[0] for requests_there in by_locality.values()]  # one locality each first
    spread += [request for request in away if request not in spread]
    for story in stories:
        if story.elsewhere and spread:
            chosen[story.key] = spread.pop(0)
    return chosen


def _setting(request: Any) -> Setting | None:
    person = request.person
    locality = request.locality or person.locality
    if locality is None:
        return None
    team = team_queries.active_teams().filter(locality=locality).order_by("pk").first()
    huddle = schedule.past_huddles(team).first() if team is not None else None
    return Setting(
        person=person, request=request, locality=locality,
        places=list(directory.spaces_and_places().filter(locality=locality)), team=team,
        huddle_day=timezone.localdate(huddle.starts_at) if huddle is not None else None,
    )


def load(stdout: Any, verbosity: int) -> None:
    """Make the demo coaching (once)."""
    cast = _cast()
    if cast is None:
        return
    stories = [story for story in all_stories()
               if not CoachingRelationship.objects.filter(uuid=key_uuid(story)).exists()]
    if not stories:
        return
    measures = {measure.key: measure for measure in Measure.objects.filter(organisation__isnull=True)}
    today = timezone.localdate()
    made = []
    for key, request in _assign(stories, _taken()).items():
        story = next(story for story in stories if story.key == key)
        setting = _setting(request)
        if setting is None or (story.route == "team" and setting.team is None):
            continue
        made.append(build(story, setting, cast, measures, today))
    outcomes.refresh([relationship.pk for relationship in made])  # what the outcomes page adds up
    if verbosity and made:
        families = sum(1 for relationship in made if relationship.kind == "family")
        places = len({relationship.locality_id for relationship in made})
        stdout.write(f"Coaching demo: {len(made)} coaching relationships ({families} families) "
                     f"in {places} localities")

