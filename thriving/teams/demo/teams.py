"""Demo data for connected teams: one team for each of two demo localities (Cotmanhay and
Shirebrook, when they are loaded), with members drawn from the demo logins, a weekly huddle, a
past huddle with shared minutes and actions, and the huddles of the coming weeks.

Deterministic and idempotent: a team is found by its slug, and a team that exists already is left
as it is. Everything is fictional; the only people are the demo logins.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core.models import Membership, Role, User
from thriving.frontdoor.queries import localities as frontdoor
from thriving.places.models import Locality
from thriving.teams.models import Action, AgendaItem, Huddle, HuddleSeries, Team, TeamMember
from thriving.teams.services import schedule

TEAMS = [
    # (locality slug, team name, what it is for, weekday of the huddle: 0 is Monday, hour)
    ("cotmanhay", "Cotmanhay Connected Team", "Council, health, police, schools and community groups in "
     "Cotmanhay, working together so people get help early and close to home.", 1, 10),
    ("shirebrook", "Shirebrook Connected Team", "Partners and volunteers in Shirebrook, meeting weekly to unstick "
     "what is stuck and back community ideas.", 3, 14),
]


def _first(role: str, locality: Locality, local_only: bool) -> User | None:
    """The first demo login with the role: one working in the locality if there is one; otherwise
    (unless only a local one will do) the first anywhere."""
    found = User.objects.filter(is_active=True, memberships__role=role)
    local = found.filter(memberships__locality=locality).order_by("pk").first()
    return local if local is not None or local_only else found.order_by("pk").first()


def _organisation(user: User) -> Any:
    membership = Membership.objects.filter(user=user, organisation__isnull=False).order_by("pk").first()
    return membership.organisation if membership else None


def _people(locality: Locality) -> list[tuple[User, str]]:
    wanted = [(Role.TEAM_MEMBER, TeamMember.Kind.MEMBER, False), (Role.HUB_WORKER, TeamMember.Kind.MEMBER, False),
              (Role.COACH, TeamMember.Kind.MEMBER, True), (Role.AMBASSADOR, TeamMember.Kind.VOLUNTEER, True),
              (Role.ENABLER, TeamMember.Kind.ENABLER, False)]
    people: list[tuple[User, str]] = []
    for role, kind, local_only in wanted:
        user = _first(role, locality, local_only)
        if user is not None and user not in [p for p, _ in people]:
            people.append((user, kind))
    return people


def _minutes(team: Team, huddle: Huddle, people: list[tuple[User, str]], today: datetime.date) -> None:
    members = [user for user, kind in people if kind != TeamMember.Kind.ENABLER] or [people[0][0]]
    items = [
        ("Summer fun day in the park: who can run a stall?", "Five groups offered stalls; the school may host.",
         "Go ahead on the last Saturday of the month."),
        ("Warm spaces this winter: opening hours", "The library and the church hall can open two evenings.",
         "Ask the enabler for heating costs at the church hall."),
    ]
    flagged = frontdoor.huddle_requests_in(team.locality)
    made = []
    for position, (title, discussion, decision) in enumerate(items, start=1):
        made.append(AgendaItem.objects.create(huddle=huddle, position=position, kind=AgendaItem.Kind.MEMBER,
                                              title=title, added_by=members[0], discussion=discussion,
                                              decision=decision, covered=True))
    request = flagged.first()
    if request is not None:
        AgendaItem.objects.create(huddle=huddle, position=len(items) + 1, kind=AgendaItem.Kind.REQUEST,
                                  request=request, title=f"Request {request.reference}: brought to the huddle",
                                  discussion="Several partners know the family; one lead worker agreed.",
                                  decision="The hub keeps the lead and books a joint visit.", covered=True)
    actions = [  # each under the agenda item it was agreed on
        ("Book the park for the fun day", 0, 5, Action.Status.OPEN, "", 0),
        ("Ask the church hall about heating costs", 1 % len(members), -2, Action.Status.OPEN, "", 1),
        ("Share the warm spaces leaflet with the GP surgery", 0, -4, Action.Status.DONE,
         "Left a pile at reception; they will put it on their screens.", 1),
    ]
    for title, owner, due, status, outcome, item in actions:
        Action.objects.create(team=team, title=title, owner=members[owner], due_on=today + datetime.timedelta(days=due),
                              status=status, outcome=outcome, huddle=huddle, agenda_item=made[item],
                              created_by=members[0],
                              created_at=huddle.ends_at,
                              completed_at=huddle.ends_at + datetime.timedelta(days=2) if outcome else None)


def _team(locality: Locality, name: str, about: str, weekday: int, hour: int, now: datetime.datetime) -> bool:
    slug = f"{locality.slug}-connected-team"
    if Team.objects.filter(slug=slug).exists():
        return False
    people = _people(locality)
    if not people:
        return False
    team = Team.objects.create(name=name, slug=slug, locality=locality, about=about)
    for user, kind in people:
        TeamMember.objects.create(team=team, user=user, kind=kind,
                                  organisation=None if kind == TeamMember.Kind.VOLUNTEER else _organisation(user))
    today = timezone.localdate(now)
    last = today - datetime.timedelta(days=(today.weekday() - weekday) % 7 or 7)
    series = HuddleSeries.objects.create(team=team, first_on=last, starts_at=datetime.time(hour, 0), minutes=60,
                                         every=HuddleSeries.Every.WEEK, place_text=f"{locality.name} Community Centre",
                                         created_by=people[0][0])
    starts_at = timezone.make_aware(datetime.datetime.combine(last, series.starts_at))
    note_taker = people[0][0]
    past = Huddle.objects.create(team=team, series=series, series_slot=starts_at, starts_at=starts_at,
                                 ends_at=starts_at + datetime.timedelta(minutes=60), place_text=series.place_text,
                                 status=Huddle.Status.FINISHED, note_taker=note_taker, started_at=starts_at,
                                 finished_at=starts_at + datetime.timedelta(minutes=55),
                                 minutes_shared_at=starts_at + datetime.timedelta(hours=2),
                                 summary="A good turnout: eleven people from seven organisations.")
    _minutes(team, past, people, today)
    schedule.top_up(team, now)
    return True


def load(stdout: Any, verbosity: int) -> None:
    """Make the demo connected teams (once)."""
    now = timezone.now()
    made = []
    with transaction.atomic():
        for slug, name, about, weekday, hour in TEAMS:
            locality = Locality.objects.filter(slug=slug).first()
            if locality is not None and _team(locality, name, about, weekday, hour, now):
                made.append(name)
    if verbosity and made:
        stdout.write(f"Connected teams demo: {', '.join(made)}")
