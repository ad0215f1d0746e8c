"""Coaching at scale (issue #13): 20,000 coaching relationships, 200,000 sessions and 500,000
ratings, on SQLite and PostgreSQL.

Measures over HTTP to gunicorn with debug off (p50, p95 and the database queries of each page),
beside a trivial view (`/health/`) on the same server in the same run:

- the outcomes across people (`coaching:outcomes`) for an analyst, who reports on every
  relationship: by locality, by team and by month;
- when their URL names resolve (they are built by another part of the work; until then "not built
  yet" is printed): a coach's caseload (`coaching:caseload`) for a coach with a typical caseload,
  a team lead's (`coaching:team-caseload`), and the timeline (`coaching:timeline`) of the
  relationship with the most sessions.

The aim is a p95 under 150 ms on PostgreSQL and at most 10 queries a page. Generating the data is
timed (bulk inserts: COPY on PostgreSQL). Sizes can be lowered for a quick look:
BENCH_COACHING_RELATIONSHIPS, BENCH_COACHING_SESSIONS, BENCH_COACHING_RATINGS.
Also run inside the benchmark's database by the runner: `python -m bench.coaching setup|count …`.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import (
    ROOT,
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

ANALYST_EMAIL = "bench-analyst@example.org"
LEAD_EMAIL = "bench-coach-lead@example.org"
CLIENTS, PER_CLIENT = 5, 12


def sizes() -> tuple[int, int, int]:
    return (
        int(os.environ.get("BENCH_COACHING_RELATIONSHIPS", "20000")),
        int(os.environ.get("BENCH_COACHING_SESSIONS", "200000")),
        int(os.environ.get("BENCH_COACHING_RATINGS", "500000")),
    )




# ---------------------------------------------------------------------------------------------
# Run inside the benchmark's database (subprocesses with Django set up)


def setup() -> None:
    """The analyst, a coaching team lead, a coach with a typical caseload and the relationship with
    the most sessions; print their sessions and the pages to ask for."""
    from django.db.models import Count

    from thriving.coaching.models import Coach, CoachingRelationship, Member
    from thriving.core.models import Role, User

    analyst = bench_user(ANALYST_EMAIL, "Bench Analyst", Role.ANALYST)
    caseloads = list(Coach.objects.filter(ended_on__isnull=True, relationship__status="active").values("user_id")
                     .annotate(n=Count("id")).order_by("n", "user_id"))
    typical = User.objects.get(pk=caseloads[len(caseloads) // 2]["user_id"])
    busiest = (CoachingRelationship.objects.annotate(n=Count("sessions")).order_by("-n", "pk").first())
    covered = Coach.objects.filter(user=typical).select_related("relationship").first().relationship
    lead = bench_user(LEAD_EMAIL, "Bench Coaching Lead", Role.COACH_LEAD, organisation_id=covered.organisation_id,
                 locality_id=covered.locality_id)
    timeline_coach = Coach.objects.filter(relationship=busiest, is_lead=True).select_related("user").first().user
    print(json.dumps({
        "analyst": session_of(analyst), "coach": session_of(typical), "lead": session_of(lead),
        "timeline_coach": session_of(timeline_coach),
        "caseload_size": caseloads[len(caseloads) // 2]["n"], "sessions_of_busiest": busiest.n,
        "outcomes": url_or_none("coaching:outcomes"), "caseload": url_or_none("coaching:caseload"),
        "team_caseload": url_or_none("coaching:team-caseload"),
        "timeline": url_or_none("coaching:timeline", uuid=busiest.uuid),
        "members": Member.objects.count(),
    }))




# ---------------------------------------------------------------------------------------------
# The benchmark


def run(database_url: str | None = None) -> None:
    relationships, sessions, ratings = sizes()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**server_env(url, Path(tmp)), "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\nCoaching on {engine}: generating {relationships:,} relationships, {sessions:,} sessions and "
              f"{ratings:,} ratings", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.coaching_data", str(relationships), str(sessions), str(ratings)],
                       env=env, cwd=ROOT, check=True)
        print(f"generating took {time.perf_counter() - began:.1f} s (with Django's start-up)", flush=True)
        found = json.loads(in_django("bench.coaching", env, "setup").strip().splitlines()[-1])
        print(f"a typical coach's active caseload: {found['caseload_size']}; the busiest relationship has "
              f"{found['sessions_of_busiest']} sessions", flush=True)
        pages = [
            ("outcomes by locality (analyst)", found["outcomes"], "analyst"),
            ("outcomes by team (analyst)", found["outcomes"] and f"{found['outcomes']}?breakdown=team", "analyst"),
            ("outcomes by month (analyst)", found["outcomes"] and f"{found['outcomes']}?breakdown=month", "analyst"),
            ("outcomes (team lead's cover)", found["outcomes"], "lead"),
            ("caseload of a typical coach", found["caseload"], "coach"),
            ("team caseload (team lead)", found["team_caseload"], "lead"),
            ("timeline, most sessions", found["timeline"], "timeline_coach"),
        ]
        print(f"{CLIENTS} concurrent clients, gunicorn 2 workers x 4 threads", flush=True)
        results, alone, missing = [], [], []
        with gunicorn(env) as port:
            load(port, "warm-up", ["/health/"], clients=4, per_client=20)
            trivial = load(port, "trivial view /health/", ["/health/"], CLIENTS, PER_CLIENT)
            trivial_alone = load(port, "  alone: trivial view", ["/health/"], clients=1, per_client=20)
            for name, path, who in pages:
                if not path:
                    missing.append(name)
                    continue
                cookie = {"Cookie": f"sessionid={found[who]}"}
                load(port, "warm-up", [path], clients=2, per_client=3, headers=cookie)
                results.append(load(port, name, [path], CLIENTS, PER_CLIENT, headers=cookie))
                alone.append(load(port, f"  alone: {name}", [path], clients=1, per_client=20, headers=cookie))
                print(f"{results[-1].line()}\n{alone[-1].line()}", flush=True)
        print("Summary:")
        print(trivial.line())
        for result in results:
            print(f"{result.line()}  x{result.rps / trivial.rps:.2f} of trivial")
        print("One client at a time:")
        print(trivial_alone.line())
        for result in alone:
            print(result.line())
        for name in missing:
            print(f"{name}: not built yet")
        print("Database queries per page (asked once first):", flush=True)
        pairs = [f"{found[who]}={path}" for _, path, who in pages if path]
        print(in_django("bench.coaching", env, "count", *pairs), end="", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    {"setup": lambda: setup(), "count": lambda: count_queries(rest)}[command]()
