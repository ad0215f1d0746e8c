"""Generate coaching at scale for the benchmark: deterministic and fictional.

RELATIONSHIPS coaching relationships (20,000 by default) over three years across the localities
(those of `thriving places load`), 20 organisations and 40 connected teams, each led by one of
400 coaches (a caseload of about 50, a quarter of it active); SESSIONS sessions (200,000) spread
over them, one relationship with 400; RATINGS ratings (500,000): each goal's Goal-Based Outcome at
the start and at its reviews, and the four ONS4 questions at the start and at reviews. Rows go in
with COPY on PostgreSQL (executemany on SQLite, through `bench.frontdoor_data.insert`), then the
changes kept per relationship and measure are computed (`services.outcomes.refresh`, as the
ratings service keeps them), and the planner's statistics are refreshed.

Run inside the benchmark's database, after `places load`:
`python -m bench.coaching_data RELATIONSHIPS SESSIONS RATINGS`.
"""

import datetime
import os
import random
import sys
import time
import uuid
from typing import Any

ORGANISATIONS, TEAMS, COACHES = 20, 40, 400
MANY_SESSIONS = 400  # the sessions of the one relationship the timeline is measured on
COACH_EMAIL = "bench-coach-{n}@example.org"
NAMES = ["Ash", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Lime", "Oak", "Rowan", "Yew", "Alder", "Holly"]
DAY = datetime.timedelta(days=1)


def generate(relationships: int, sessions: int, ratings: int, seed: int = 13) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.frontdoor_data import Table, _next_id, insert
    from thriving.coaching.models import Coach, CoachingRelationship, CoachingSession, Goal, Measure, Member, Rating
    from thriving.coaching.services import outcomes
    from thriving.core.models import Membership, Organisation, Role, User
    from thriving.frontdoor.models import Person
    from thriving.places.models import Locality
    from thriving.teams.models import Team

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    localities = list(Locality.objects.order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        organisations = [Organisation.objects.create(name=f"Bench Coaching {n}", slug=f"bench-coaching-{n}").pk
                         for n in range(ORGANISATIONS)]
        teams = [(Team.objects.create(name=f"Bench Team {n}", slug=f"bench-team-{n}",
                                      locality_id=localities[n % len(localities)]).pk, localities[n % len(localities)])
                 for n in range(TEAMS)]
        coaches = []
        for n in range(COACHES):
            organisation, locality = organisations[n % ORGANISATIONS], localities[n % len(localities)]
            user = User.objects.create_user(COACH_EMAIL.format(n=n), password=None, full_name=f"Bench Coach {n}")
            Membership.objects.create(user=user, role=Role.COACH, organisation_id=organisation, locality_id=locality)
            coaches.append((user.pk, organisation, locality))
        gbo = Measure.objects.get(key="gbo").pk
        ons4 = list(Measure.objects.filter(kind="ons4").order_by("position").values_list("pk", flat=True))

        tables = {model: Table(model) for model in (Person, CoachingRelationship, Member, Coach, Goal,
                                                   CoachingSession, Rating)}
        first = {model: _next_id(model) for model in tables}
        rows: dict[Any, list] = {model: [] for model in tables}
        # Each relationship's share of the sessions and ratings, the first with many sessions.
        per_sessions = max(0, sessions - MANY_SESSIONS) / max(relationships - 1, 1)
        per_ratings = ratings / relationships
        made_sessions = made_ratings = 0
        for n in range(relationships):
            person_id, relationship_id = first[Person] + n, first[CoachingRelationship] + n
            coach, organisation, locality = coaches[n % COACHES]
            team = rng.choice(teams)[0] if rng.random() < 0.6 else None
            start = today - rng.randint(14, 3 * 365) * DAY
            ended = n % 4 != 0 and (today - start).days > 120
            end_on = min(start + rng.randint(90, 400) * DAY, today) if ended else None
            last = end_on or today
            rows[Person].append(tables[Person].row(
                id=person_id, uuid=uuid.UUID(int=rng.getrandbits(128)), given_name=rng.choice(NAMES) + "a",
                family_name=rng.choice(NAMES) + "ley", locality_id=locality, created_at=now, updated_at=now))
            count = MANY_SESSIONS if n == 0 else int(per_sessions * (n + 1)) - int(per_sessions * n)
            count = min(count, sessions - made_sessions)
            span = max((last - start).days, 1)
            days = sorted({start + min(span, max(1, round(span * (i + 1) / max(count, 1)))) * DAY
                           for i in range(count)})
            for i, held in enumerate(days):
                rows[CoachingSession].append(tables[CoachingSession].row(
                    id=first[CoachingSession] + made_sessions, uuid=uuid.UUID(int=rng.getrandbits(128)),
                    relationship_id=relationship_id, held_on=held, where="home", is_review=i % 2 == 1,
                    notes="Talked about the week.", created_at=now, updated_at=now))
                made_sessions += 1
            reviews = [d for i, d in enumerate(days) if i % 2 == 1]
            rows[CoachingRelationship].append(tables[CoachingRelationship].row(
                id=relationship_id, uuid=uuid.UUID(int=rng.getrandbits(128)), person_id=person_id,
                locality_id=locality, team_id=team, organisation_id=organisation, route="self", started_on=start,
                status="ended" if ended else "active", ended_on=end_on,
                end_reason=rng.choice(["goals_met", "goals_met", "moved_away", "stopped"]) if ended else "",
                last_session_on=days[-1] if days else None, last_review_on=reviews[-1] if reviews else None,
                created_at=now, updated_at=now, kind="person", review_weeks=6))
            rows[Member].append(tables[Member].row(id=first[Member] + n, relationship_id=relationship_id,
                                                   person_id=person_id, joined_on=start))
            rows[Coach].append(tables[Coach].row(id=first[Coach] + n, relationship_id=relationship_id, user_id=coach,
                                                 organisation_id=organisation, is_lead=True, started_on=start))
            # Ratings: this relationship's share, at the start and at each review.
            budget = min(int(per_ratings * (n + 1)) - made_ratings, ratings - made_ratings)
            occasions = [start, *reviews]
            goals = []
            for g in range(rng.choice([1, 2, 2, 3])):
                goal_id = first[Goal] + len(rows[Goal])
                goals.append(goal_id)
                rows[Goal].append(tables[Goal].row(
                    id=goal_id, uuid=uuid.UUID(int=rng.getrandbits(128)), relationship_id=relationship_id,
                    person_id=person_id, words=f"Goal {g + 1} in their own words", set_on=start,
                    status="met" if ended and rng.random() < 0.5 else "active", created_at=now, updated_at=now))
            level = {goal: rng.randint(0, 5) for goal in goals}
            wellbeing = {measure: rng.randint(2, 8) for measure in ons4}
            for i, day in enumerate(occasions):
                planned = [(gbo, goal) for goal in goals] + [(measure, None) for measure in ons4]
                for measure, goal in planned:
                    if budget <= 0:
                        break
                    if goal is not None:
                        level[goal] = min(10, max(0, level[goal] + rng.choice([-1, 0, 1, 1, 2]) * (i > 0)))
                        value = level[goal]
                    else:
                        step = rng.choice([-1, 0, 1]) * (i > 0)
                        wellbeing[measure] = min(10, max(0, wellbeing[measure] + step))
                        value = wellbeing[measure]
                    rows[Rating].append(tables[Rating].row(
                        id=first[Rating] + made_ratings, uuid=uuid.UUID(int=rng.getrandbits(128)),
                        relationship_id=relationship_id, measure_id=measure, goal_id=goal, person_id=person_id,
                        value=value, rated_on=day, occasion="start" if i == 0 else "review", created_at=now,
                        updated_at=now))
                    made_ratings += 1
                    budget -= 1
        counts = {model._meta.verbose_name_plural: insert(tables[model], rows[model]) for model in (
            Person, CoachingRelationship, Member, Coach, Goal, CoachingSession, Rating)}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(tables)):
                    cursor.execute(sql)
    changes_started = time.perf_counter()
    outcomes.refresh()  # the kept changes the outcomes page adds up, as the ratings service keeps them
    counts["measure changes (seconds)"] = round(time.perf_counter() - changes_started, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {**counts, "seconds": round(time.perf_counter() - started, 1)}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    made = generate(*(int(arg) for arg in sys.argv[1:4]))
    print("generated: " + ", ".join(f"{key} {value:,}" for key, value in made.items()), flush=True)
