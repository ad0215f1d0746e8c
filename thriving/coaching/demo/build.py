"""Making one demo coaching relationship from its story: the members (a family's household members
added to the front door's record through its services), the coaches, consent, aspirations, goals
and their wordings, the sessions every fortnight with their notes and next steps, and the ratings
at the start and at each review (every sixth week). Dates count back from today; nothing is dated
after it, and no rating is before its start."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thriving.coaching.demo.stories import GoalPlan, Story
from thriving.coaching.models import (
    Aspiration,
    Coach,
    CoachingConsent,
    CoachingRelationship,
    CoachingSession,
    Goal,
    GoalWording,
    Handover,
    Measure,
    Member,
    NextStep,
    Rating,
)
from thriving.frontdoor.services import households

NAMESPACE = uuid.UUID("0c6a7e52-9f0b-4c47-8d8e-6a1f3c2b9d41")
SESSION_DAYS = 14  # a session a fortnight
REVIEW_WEEKS = 6
ONS4 = ("ons4-life-satisfaction", "ons4-worthwhile", "ons4-happiness", "ons4-anxiety")
COACHING_STATEMENT = (
    "I agree to family coaching: my coach keeps notes of what we talk about and the goals I set, and shares "
    "them only with the coaching team. I can stop at any time."
)
SHARE_TEAM_STATEMENT = (
    "I agree that my coach may share how I am getting on with my goals (not the notes) with the Shirebrook "
    "Connected Team."
)
SHARE_REFERRER_STATEMENT = "I agree that my coach may tell the hub worker who referred me how I am getting on."
NOTES = [
    "{name} talked through how the last fortnight went with “{goal}”. Some good days and some harder ones; we "
    "looked at what got in the way and what helped.",
    "A catch-up. {name} sounded brighter and had done what we agreed last time.",
    "{name} brought up money worries again. We looked at the Money and Debt Advice drop-in times together and "
    "{name} chose a day to go.",
    "{name} said it had been a tough week. We kept it short and agreed one small thing to try before next time.",
    "We talked about who else could help: {name} named a neighbour and an aunt who would be glad to.",
]
COACH_STEPS = [
    "Send the details of the Carers' Café",
    "Find out the Job Club's opening times",
    "Ask the school about the breakfast club",
    "Check what the Community Larder has on",
]


def key_uuid(story: Story) -> uuid.UUID:
    """The relationship's fixed identifier: how the demo finds what it made before."""
    return uuid.uuid5(NAMESPACE, story.key)


@dataclass
class Cast:
    """The demo logins the coaching demo needs, and their organisations."""

    users: dict[str, Any]  # coach, coachlead, partnercoach, hub, team
    organisations: dict[str, Any]  # by the same keys


@dataclass
class Setting:
    """Where a story happens: its person (and request), its locality's Spaces & Places, its team."""

    person: Any
    request: Any
    locality: Any
    places: list[Any]
    team: Any
    huddle_day: datetime.date | None


def _at(day: datetime.date, hour: int = 11) -> datetime.datetime:
    """A moment on the day, never later than now."""
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), timezone.now())


def _clamp(value: int) -> int:
    return max(0, min(10, value))


def started_on(story: Story, setting: Setting, today: datetime.date) -> datetime.date:
    if story.route == "front_door" and setting.request is not None:
        return min(timezone.localdate(setting.request.created_at) + datetime.timedelta(days=7), today)
    return today - datetime.timedelta(weeks=story.weeks_ago, days=len(story.key) % 5)


def _members(story: Story, setting: Setting, cast: Cast, today: datetime.date) -> dict[str, tuple[Any, bool, bool]]:
    """The people coached by the name a goal uses: (person, rates goals, rates ONS4)."""
    main = setting.person
    found = {"main": (main, True, True)}
    for member in story.household:
        born = datetime.date(today.year - member.age, 1 + len(member.given_name) % 12, 10)
        person = households.add_household_member(
            acting_user=cast.users["hub"], person=main, given_name=member.given_name, family_name=main.family_name,
            relationship=member.relationship, date_of_birth=born,
        )
        found[member.given_name] = (person, member.rates, member.rates and member.age >= 16)
    return found


def _leads(story: Story, cast: Cast, start: datetime.date) -> list[tuple[Any, datetime.date, datetime.date | None]]:
    """The lead coaches over time: (user, from, until)."""
    lead = cast.users[story.lead]
    if story.handover is None:
        return [(lead, start, None)]
    before, weeks, _note = story.handover
    change = start + datetime.timedelta(weeks=weeks)
    return [(cast.users[before], start, change), (lead, change, None)]


def _lead_on(leads: list, day: datetime.date) -> Any:
    for user, since, until in leads:
        if since <= day and (until is None or day < until):
            return user
    return leads[-1][0]


def _session_days(story: Story, start: datetime.date, last: datetime.date) -> list[tuple[datetime.date, int]]:
    """Each session's day and, for a review, its number (0 for none; the first session rates the start)."""
    planned_reviews = len(story.ons4) - 1
    days = []
    for offset in range(0, (last - start).days + 1, SESSION_DAYS):
        review = offset // (REVIEW_WEEKS * 7) if offset and offset % (REVIEW_WEEKS * 7) == 0 else 0
        days.append((start + datetime.timedelta(days=offset), review if review <= planned_reviews else 0))
    return days


def build(story: Story, setting: Setting, cast: Cast, measures: dict[str, Measure], today: datetime.date) -> Any:
    """Make the story's coaching relationship (once: the caller checks it is not there already)."""
    start = started_on(story, setting, today)
    leads = _leads(story, cast, start)
    lead = leads[-1][0]
    ended_on = None
    if story.ended is not None:
        ended_on = max(today - datetime.timedelta(weeks=story.ended[1]), start)
    name = setting.person.given_name
    referred_by = {"front_door": cast.users["hub"], "team": cast.users["team"]}.get(story.route)
    relationship = CoachingRelationship.objects.create(
        uuid=key_uuid(story), kind="family" if story.is_family else "person", person=setting.person,
        locality=setting.locality, team=setting.team if story.route == "team" else None,
        organisation=cast.organisations[story.lead], route=story.route,
        request=setting.request if story.route == "front_door" else None, referred_by=referred_by,
        route_note=_route_note(story, setting), started_on=start, review_weeks=REVIEW_WEEKS,
        status="ended" if ended_on else "active", ended_on=ended_on,
        end_reason=story.ended[0] if story.ended else "",
        end_note=story.ended[2].format(name=name) if story.ended else "", ended_by=lead if ended_on else None,
        created_by=leads[0][0], created_at=_at(start, 10),
    )
    people = _members(story, setting, cast, today)
    if story.is_family:
        relationship.household = setting.person.household
        relationship.save(update_fields=["household"])
    for given, (person, _rates, _ons4) in people.items():
        role = "main contact" if given == "main" else next(m.relationship for m in story.household
                                                             if m.given_name == given)
        Member.objects.create(relationship=relationship, person=person, role=role, joined_on=start)
    _coaches(story, relationship, cast, leads, start)
    _consent(story, relationship, people, leads[0][0], start)
    goals = _goals(story, relationship, people, leads[0][0], start)
    last = ended_on or today - datetime.timedelta(weeks=story.quiet_weeks, days=1 + len(story.key) % 4)
    last = max(last, start)
    _sessions(story, relationship, setting, cast, people, goals, measures, leads, start, last, today)
    if ended_on:
        Goal.objects.filter(relationship=relationship, status="met").update(closed_on=ended_on)
        # Ending coaching ends every coach's part in it, as the service that ends it does.
        Coach.objects.filter(relationship=relationship, ended_on__isnull=True).update(ended_on=ended_on)
    return relationship


def _route_note(story: Story, setting: Setting) -> str:
    note = story.route_note
    if story.route == "team" and setting.huddle_day is not None:
        note = f"{note} (Huddle of {setting.huddle_day:%-d %B %Y}.)".strip()
    return note


def _coaches(story: Story, relationship: Any, cast: Cast, leads: list, start: datetime.date) -> None:
    for user, since, until in leads:
        Coach.objects.create(relationship=relationship, user=user, is_lead=True, started_on=since, ended_on=until,
                             organisation=cast.organisations[_key_of(cast, user)])
    if story.handover is not None:
        before, _weeks, note = story.handover
        Handover.objects.create(relationship=relationship, from_user=leads[0][0], to_user=leads[-1][0],
                                note=note.format(name=relationship.person.given_name), at=_at(leads[-1][1], 9),
                                by=cast.users["coachlead"])
    if story.second_coach:
        Coach.objects.create(relationship=relationship, user=cast.users[story.second_coach], is_lead=False,
                             started_on=start, organisation=cast.organisations[story.second_coach])


def _key_of(cast: Cast, user: Any) -> str:
    return next(key for key, found in cast.users.items() if found.pk == user.pk)


def _consent(story: Story, relationship: Any, people: dict, by: Any, start: datetime.date) -> None:
    for given, (person, rates, _ons4) in people.items():
        if given == "main" or rates:
            CoachingConsent.objects.create(relationship=relationship, person=person, scope="coaching",
                                           method="in_person", statement=COACHING_STATEMENT, given_at=_at(start),
                                           recorded_by=by)
    main = people["main"][0]
    for wanted, scope, statement in ((story.share_team, "share_team", SHARE_TEAM_STATEMENT),
                                     (story.share_referrer, "share_referrer", SHARE_REFERRER_STATEMENT)):
        if wanted:
            CoachingConsent.objects.create(relationship=relationship, person=main, scope=scope, method="in_person",
                                           statement=statement, given_at=_at(start, 12), recorded_by=by)


def _goals(story: Story, relationship: Any, people: dict, by: Any,
           start: datetime.date) -> list[tuple[GoalPlan, Goal]]:
    main = people["main"][0]
    mine = Aspiration.objects.create(relationship=relationship, person=main, words=story.aspiration,
                                     recorded_on=start, created_by=by, created_at=_at(start))
    shared = None
    if story.family_aspiration:
        shared = Aspiration.objects.create(relationship=relationship, person=None, words=story.family_aspiration,
                                           recorded_on=start, created_by=by, created_at=_at(start))
    made = []
    for plan in story.goals:
        person = None if plan.who == "shared" else people[plan.who][0]
        set_on = start + datetime.timedelta(days=SESSION_DAYS) if plan.status == "waiting" else start
        set_on = min(set_on, timezone.localdate())
        closed_on = min(start + datetime.timedelta(days=SESSION_DAYS), timezone.localdate())
        goal = Goal.objects.create(
            relationship=relationship, aspiration=mine if plan.who == "main" else shared, person=person,
            words=plan.words, status=plan.status, set_on=set_on, created_by=by, created_at=_at(set_on),
            closed_on=closed_on if plan.status == "stopped" else None,
        )
        GoalWording.objects.create(goal=goal, words=plan.first_words or plan.words, at=_at(set_on), by=by)
        made.append((plan, goal))
    return made


def _raters(plan: GoalPlan, people: dict) -> list[Any]:
    if plan.who == "shared":
        return [person for person, rates, _ons4 in people.values() if rates]
    return [people[plan.who][0]]


def _sessions(story: Story, relationship: Any, setting: Setting, cast: Cast, people: dict, goals: list,
              measures: dict[str, Measure], leads: list, start: datetime.date, last: datetime.date,
              today: datetime.date) -> None:
    days = _session_days(story, start, last)
    name = setting.person.given_name
    last_review = None
    for number, (day, review) in enumerate(days):
        coach = _lead_on(leads, day)
        where = story.where[number % len(story.where)]
        place = setting.places[number % len(setting.places)] if where == "place" and setting.places else None
        if where == "place" and place is None:
            where = "home"
        notes = _notes(story, number, review, name, goals, days, relationship)
        session = CoachingSession.objects.create(
            relationship=relationship, held_on=day, where=where, place=place, notes=notes,
            is_review=bool(review), created_by=coach, created_at=_at(day, 13),
        )
        present = [people["main"][0]] if where == "phone" else [person for person, *_ in people.values()]
        session.people.set(present)
        session.coaches.set([coach, *([cast.users[story.second_coach]] if story.second_coach and number % 3 == 0
                                      else [])])
        if number == 0:
            _rate(story, relationship, session, people, goals, measures, coach, day, 0)
        elif review:
            _rate(story, relationship, session, people, goals, measures, coach, day, review)
            last_review = day
            if review == 1:
                _reword(goals, coach, day)
        if relationship.ended_on is None or day < relationship.ended_on:
            _next_steps(story, relationship, session, people, coach, number, day, today)
    relationship.last_session_on = days[-1][0]
    relationship.last_review_on = last_review
    relationship.save(update_fields=["last_session_on", "last_review_on"])


def _notes(story: Story, number: int, review: int, name: str, goals: list, days: list, relationship: Any) -> str:
    active = [goal for plan, goal in goals if plan.status != "waiting"] or [goals[0][1]]
    goal = active[number % len(active)].words
    if number == 0:
        return (f"First session. {name} talked about what they want: “{story.aspiration}” We agreed "
                f"{len(active)} goals in {name}'s own words, and {name} scored each one and the four wellbeing "
                "questions.")
    if number == len(days) - 1 and relationship.ended_on is not None:
        return f"Last session. {relationship.end_note}"
    if review:
        return (f"Review {review}. {name} scored each goal again and we looked at the change since the start. "
                f"“{goal}” is where {name} feels the most has happened; we agreed what to keep doing.")
    if number == 1 and story.notes:
        return story.notes[0].format(name=name)
    return NOTES[(number + len(story.key)) % len(NOTES)].format(name=name, goal=goal)


def _values(plan: GoalPlan, review: int, rater: int) -> int | None:
    if review == 0:
        value = plan.start
    elif review <= len(plan.reviews):
        value = plan.reviews[review - 1]
    else:
        return None
    return _clamp(value + (0, -1, 1)[rater % 3])


def _rate(story: Story, relationship: Any, session: Any, people: dict, goals: list, measures: dict[str, Measure],
          coach: Any, day: datetime.date, review: int) -> None:
    occasion = "review" if review else "start"
    ratings = []
    for plan, goal in goals:
        if plan.status == "waiting" or (plan.status == "stopped" and review):
            continue
        for index, person in enumerate(_raters(plan, people)):
            value = _values(plan, review, index)
            if value is not None:
                ratings.append(Rating(relationship=relationship, measure=measures["gbo"], goal=goal, person=person,
                                      value=value, rated_on=day, occasion=occasion, session=session,
                                      created_by=coach, created_at=_at(day, 13)))
    if review < len(story.ons4):
        raters = [person for person, _rates, ons4 in people.values() if ons4]
        for index, person in enumerate(raters):
            for key, value in zip(ONS4, story.ons4[review], strict=True):
                shift = (0, 1, -1)[index % 3] if key != ONS4[3] else 0
                ratings.append(Rating(relationship=relationship, measure=measures[key], person=person,
                                      value=_clamp(value + shift), rated_on=day, occasion=occasion,
                                      session=session, created_by=coach, created_at=_at(day, 13)))
    Rating.objects.bulk_create(ratings)


def _reword(goals: list, coach: Any, day: datetime.date) -> None:
    """A goal reworded at the first review keeps its first wording."""
    for plan, goal in goals:
        if plan.first_words:
            GoalWording.objects.create(goal=goal, words=plan.words, reason=plan.reason, at=_at(day, 14), by=coach)


def _next_steps(story: Story, relationship: Any, session: Any, people: dict, coach: Any, number: int,
                day: datetime.date, today: datetime.date) -> None:
    steps = [(story.steps[number % len(story.steps)], people["main"][0], None)]
    if number % 2 == 1:
        steps.append((COACH_STEPS[(number // 2) % len(COACH_STEPS)], None, coach))
    for position, (text, person, user) in enumerate(steps):
        due = day + datetime.timedelta(days=7 + 7 * position)
        forgotten = (number + position) % 6 == 5  # now and then a step slips past its date
        done = day + datetime.timedelta(days=5) if due < today and not forgotten else None
        NextStep.objects.create(relationship=relationship, session=session, text=text, owner_person=person,
                                owner_user=user, due_on=due, done_on=done if done and done <= today else None,
                                created_by=coach, created_at=_at(day, 13))
