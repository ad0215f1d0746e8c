"""The sense-making page at scale (issue #15): a project with 100,000 stories, each placed on a
triad, two dyads, three stones, a choice and an age band, with a few themes, on SQLite and
PostgreSQL.

Measures over HTTP to gunicorn with debug off (p50 and p95 of one client at a time, 30 requests
each, and of 4 concurrent clients), beside the trivial view (`/health/`) on the same server and a
raw floor in the same run: one `SELECT count(*)` of the project's visible answers (every answer the
page's figures rest on, touched once, no HTTP), 30 times. The pages: the patterns page for an
administrator (by place), with a theme and months chosen, grouped by age band for a locality
enabler (whose scope is a narrower query), with a place chosen, and the CSV.

The figures are kept for a while (`queries.sensemaking.CACHE_SECONDS`, under a key that changes
whenever a story is told, moderated or withdrawn), so the requests after the first are served
from the kept copy; the figures worked out afresh are timed too, in process. The aim is a p95
under 150 ms on PostgreSQL. Generating is timed (COPY on PostgreSQL, through
`bench.frontdoor_data.insert`). BENCH_SENSEMAKING_STORIES (100,000) lowers the size for a quick look.
Also run inside the benchmark's database by the runner: `python -m bench.stories_sensemaking
generate N|setup|floor|count …`."""

import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.harness import (
    bench_user,
    count_queries,
    gunicorn,
    in_django,
    load,
    manage,
    server_env,
    session_of,
    url_or_none,
)

ADMIN_EMAIL = "bench-sense-admin@example.org"
ENABLER_EMAIL = "bench-sense-enabler@example.org"
SLUG = "bench-patterns"
STONES = ["Family", "Neighbours", "The council"]
CHOICES = ["Money", "Housing", "Health", "Loneliness"]
AGES = ["Under 25", "25 to 44", "45 to 64", "65 to 79", "80 and over"]
THEMES = ["Cold homes", "Getting to appointments", "Food", "Feeling alone", "Benefits forms"]
REPEATS = 30


def size() -> int:
    return int(os.environ.get("BENCH_SENSEMAKING_STORIES", "100000"))


# ---------------------------------------------------------------------------------------------
# Run inside the benchmark's database (subprocesses with Django set up)


def _weights(rng: random.Random, lean: int) -> tuple[float, float, float]:
    raw = [rng.random() ** 2 for _ in range(3)]
    raw[lean] += rng.random() * 1.5
    total = sum(raw)
    a, b = raw[0] / total, raw[1] / total
    return a, b, max(0.0, 1.0 - a - b)


def generate(total: int, seed: int = 15) -> None:
    """The project, its signifiers and themes, `total` stories (2% waiting, 1% withdrawn) with their
    answers and theme memberships, all deterministic; then the planner's statistics."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.frontdoor_data import Table, _next_id, insert
    from thriving.places.models import Area, Locality
    from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject, Theme, ThemeMembership

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    locality = (Locality.objects.filter(areas__isnull=False).order_by("pk").first()
                or Locality.objects.order_by("pk").first())
    areas = list(Area.objects.filter(locality=locality).order_by("pk").values_list("pk", flat=True))[:40] or [None]
    opens = today - datetime.timedelta(days=730)
    with transaction.atomic():
        project = StoryProject.objects.create(
            title="Bench patterns", slug=SLUG, question="Tell us about a time you got help, or didn't.",
            consent_wording="ok", opens_on=opens, locality=locality, status=StoryProject.Status.OPEN)
        kinds = Signifier.Kind
        made = [Signifier.objects.create(project=project, position=n, **fields) for n, fields in enumerate([
            {"kind": kinds.TRIAD, "key": "help-from", "prompt": "The help came from…",
             "labels": ["family and friends", "the community", "services"]},
            {"kind": kinds.DYAD, "key": "felt", "prompt": "I felt…", "labels": ["on my own", "part of something"]},
            {"kind": kinds.DYAD, "key": "in-control", "prompt": "It was…", "labels": ["out of my hands", "up to me"]},
            {"kind": kinds.STONES, "key": "who-helped", "prompt": "Place each on how much it helped",
             "labels": ["did not help", "helped a lot", "hard to reach", "easy to reach"], "options": STONES},
            {"kind": kinds.CHOICE, "key": "about", "prompt": "What was it about?", "options": CHOICES,
             "allow_many": True},
            {"kind": kinds.DEMOGRAPHIC, "key": "age-band", "prompt": "How old are you?", "options": AGES},
        ])]
        triad, felt, control, stones, choice, age = (s.pk for s in made)
        themes = [Theme.objects.create(project=project, label=label, status=Theme.Status.CONFIRMED if n < 3
                                       else Theme.Status.SUGGESTED).pk for n, label in enumerate(THEMES)]
        tables = {model: Table(model) for model in (Story, SignifierAnswer, ThemeMembership)}
        first_story = _next_id(Story)
        story_rows, member_rows = [], []
        answers: list[tuple] = []  # story, signifier, item, a, b, c
        member_id = _next_id(ThemeMembership)
        for n in range(total):
            pk = first_story + n
            withdrawn = n % 100 == 0
            pending = n % 50 == 1
            area_index = rng.randrange(len(areas))
            lean = area_index % 3
            story_rows.append(tables[Story].row(
                id=pk, uuid=uuid.UUID(int=rng.getrandbits(128), version=4), created_at=now, updated_at=now,
                project_id=project.pk, title="", text="" if withdrawn else "A story.", audio="",
                told_on=opens + datetime.timedelta(days=rng.randrange(730)), area_id=areas[area_index],
                consent_use=not withdrawn, consent_quote=False,
                moderation=Story.Moderation.PENDING if pending else Story.Moderation.APPROVED,
                withdrawn_at=now if withdrawn else None))
            if withdrawn:
                continue  # a withdrawn story keeps no answers
            answers.append((pk, triad, "", *_weights(rng, lean)))
            answers.append((pk, felt, "", min(1.0, max(0.0, rng.gauss(0.3 + 0.2 * lean, 0.2))), None, None))
            answers.append((pk, control, "", rng.random(), None, None))
            for m, item in enumerate(STONES):
                answers.append((pk, stones, item, min(1.0, max(0.0, rng.gauss(0.3 + 0.2 * m, 0.15))), rng.random(),
                                None))
            for item in rng.sample(CHOICES, rng.choice((1, 1, 2))):
                answers.append((pk, choice, item, None, None, None))
            answers.append((pk, age, rng.choices(AGES, weights=(2, 4, 4, 3, 1))[0], None, None, None))
            if rng.random() < 0.6:
                member_rows.append(tables[ThemeMembership].row(
                    id=member_id, theme_id=themes[(n + lean) % len(themes)], story_id=pk,
                    strength=0.5 + rng.random() / 2, is_weak=False, is_typical=False))
                member_id += 1
        first_answer = _next_id(SignifierAnswer)
        answer_rows = (tables[SignifierAnswer].row(id=first_answer + n, story_id=story, signifier_id=signifier,
                                                   item=item, a=a, b=b, c=c)
                       for n, (story, signifier, item, a, b, c) in enumerate(answers))
        counts = {"stories": insert(tables[Story], story_rows),
                  "answers": insert(tables[SignifierAnswer], answer_rows),
                  "theme memberships": insert(tables[ThemeMembership], member_rows)}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(tables)):
                    cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(json.dumps({**counts, "areas": len(areas), "seconds": round(time.perf_counter() - started, 1)}))


def setup() -> None:
    """The administrator and the locality enabler, and the pages to ask for."""
    from thriving.core.models import Role
    from thriving.stories.models import Story, StoryProject, Theme

    project = StoryProject.objects.get(slug=SLUG)
    admin = bench_user(ADMIN_EMAIL, "Bench Patterns Administrator", Role.ADMINISTRATOR)
    enabler = bench_user(ENABLER_EMAIL, "Bench Patterns Enabler", Role.ENABLER, locality_id=project.locality_id)
    page = url_or_none("stories:sensemaking", slug=SLUG)
    csv = url_or_none("stories:sensemaking-csv", slug=SLUG)
    theme = Theme.objects.filter(project=project).order_by("pk").first()
    area = Story.objects.filter(project=project).exclude(area=None).values_list("area__code", flat=True).first()
    months = f"told_from={project.opens_on:%Y-%m}&told_to={(project.opens_on + datetime.timedelta(days=365)):%Y-%m}"
    print(json.dumps({
        "admin": session_of(admin), "enabler": session_of(enabler), "page": page, "csv": csv,
        "themed": page and f"{page}?theme={theme.uuid}&{months}", "by_age": page and f"{page}?by=age-band",
        "place": page and f"{page}?place={area}", "project": project.pk,
    }))


def floor(project: str) -> None:
    """The raw floor: one SELECT count(*) of the project's visible answers, REPEATS times (ms each)."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for _ in range(REPEATS + 3):
            began = time.perf_counter()
            cursor.execute(
                "SELECT count(*) FROM stories_signifieranswer a JOIN stories_story s ON s.id = a.story_id "
                "WHERE s.project_id = %s AND s.moderation = 'approved' AND s.withdrawn_at IS NULL", [int(project)])
            cursor.fetchone()
            timings.append((time.perf_counter() - began) * 1000)
    print(json.dumps(timings[3:]))


def cold() -> None:
    """The figures worked out afresh (the kept copy cleared before each), in process, no HTTP: the
    page's cost when the project has just changed, for the administrator (ms each, 5 times a filter)."""
    from django.core.cache import caches

    from thriving.core.models import User
    from thriving.stories.models import StoryProject, Theme
    from thriving.stories.queries import sensemaking as queries

    admin = User.objects.get(email=ADMIN_EMAIL)
    project = StoryProject.objects.get(slug=SLUG)
    theme = Theme.objects.filter(project=project).order_by("pk").first()
    cases = {"by place": queries.Filters(), "by age band": queries.Filters(by="age-band"),
             "a theme and 12 months": queries.Filters(theme=theme.pk, told_from=project.opens_on,
                                                      told_to=project.opens_on + datetime.timedelta(days=365))}
    timings = {}
    for name, filters in cases.items():
        timings[name] = []
        for _ in range(5):
            caches["snapshots"].clear()
            began = time.perf_counter()
            queries.patterns(admin, project, filters)
            timings[name].append((time.perf_counter() - began) * 1000)
    print(json.dumps(timings))


# ---------------------------------------------------------------------------------------------
# The benchmark


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def run(database_url: str | None = None) -> None:
    total = size()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**server_env(url, Path(tmp)), "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\nSense-making (patterns across signifiers) on {engine}: generating {total:,} stories", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        began = time.perf_counter()
        made = json.loads(in_django("bench.stories_sensemaking", env, "generate", str(total)).strip().splitlines()[-1])
        print(f"generated {made['stories']:,} stories, {made['answers']:,} answers and "
              f"{made['theme memberships']:,} theme memberships over {made['areas']} areas in {made['seconds']} s "
              f"({time.perf_counter() - began:.1f} s with Django's start-up)", flush=True)
        found = json.loads(in_django("bench.stories_sensemaking", env, "setup").strip().splitlines()[-1])
        if not found["page"]:
            print("stories:sensemaking: not built yet")
            return
        pages = [
            ("patterns, by place (administrator)", found["page"], "admin"),
            ("patterns, a theme and 12 months (admin)", found["themed"], "admin"),
            ("patterns, by age band (enabler)", found["by_age"], "enabler"),
            ("patterns, one place (enabler)", found["place"], "enabler"),
            ("patterns CSV (administrator)", found["csv"], "admin"),
        ]
        alone, together = [], []
        with gunicorn(env) as port:
            load(port, "warm-up", ["/health/"], clients=4, per_client=20)
            trivial_alone = load(port, "  alone: trivial view /health/", ["/health/"], clients=1, per_client=REPEATS)
            trivial = load(port, "4 clients: trivial view /health/", ["/health/"], clients=4, per_client=10)
            for name, path, who in pages:
                cookie = {"Cookie": f"sessionid={found[who]}"}
                load(port, "warm-up", [path], clients=4, per_client=3, headers=cookie)
                alone.append(load(port, f"  alone: {name}", [path], clients=1, per_client=REPEATS, headers=cookie))
                together.append(load(port, f"4 clients: {name}", [path], clients=4, per_client=10, headers=cookie))
                print(f"{alone[-1].line()}\n{together[-1].line()}", flush=True)
        floors = json.loads(in_django("bench.stories_sensemaking", env, "floor", str(found["project"]))
                            .strip().splitlines()[-1])
        print(f"Summary ({total:,} stories; aim: p95 under 150 ms on PostgreSQL):")
        print(f"{'raw floor: SELECT count(*) of the answers':<44}   p50 {statistics.median(floors):7.1f} ms"
              f"  p95 {_p95(floors):7.1f} ms  (in process, no HTTP, {REPEATS} times)")
        print(trivial_alone.line())
        for result in alone:
            print(result.line())
        print(trivial.line())
        for result in together:
            print(f"{result.line()}  x{result.rps / trivial.rps:.2f} of trivial")
        worked = json.loads(in_django("bench.stories_sensemaking", env, "cold").strip().splitlines()[-1])
        print("Worked out afresh (the kept copy cleared each time; in process, no HTTP, 5 times):")
        for name, timings in worked.items():
            print(f"  {name:<42} p50 {statistics.median(timings):7.1f} ms  max {max(timings):7.1f} ms")
        print("Database queries per page (asked once first, so from the kept copy):", flush=True)
        pairs = [f"{found[who]}={path}" for _, path, who in pages]
        print(in_django("bench.stories_sensemaking", env, "count", *pairs), end="", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    {"generate": lambda: generate(int(rest[0])), "setup": lambda: setup(), "floor": lambda: floor(rest[0]),
     "cold": lambda: cold(), "count": lambda: count_queries(rest)}[command]()
