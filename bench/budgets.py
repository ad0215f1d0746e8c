"""Local budgets at scale (issue #14): 500 pots, 50,000 awards and 1,000,000 ledger entries, on
SQLite and PostgreSQL.

Measures over HTTP to gunicorn with debug off (p50, p95 and the database queries of each page),
beside a trivial view (`/health/`) on the same server in the same run:

- a pot's page (`budgets:pot`) with its balance and trial balance, for an administrator, on the
  pot with the most awards;
- that pot's public spend page (`budgets:spend-pot`), for anyone;
- the 360Giving export of last year (`budgets:360giving?year=`), streamed whole, timed from the
  request to its last byte (median of three), beside a raw floor measured in the same run: the
  same year's awards read straight from the database with one cursor and written out as JSON.

Pages whose URL names do not resolve yet are printed as "not built yet". The aim is a p95 under
150 ms for the pages on PostgreSQL and the export in under 10 s. Sizes can be lowered for a quick
look: BENCH_BUDGETS_POTS, BENCH_BUDGETS_AWARDS, BENCH_BUDGETS_ENTRIES.
Also run inside the benchmark's database by the runner: `python -m bench.budgets setup|count|floor …`.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.harness import ROOT, count_queries, gunicorn, in_django, load, manage, server_env, url_or_none

ADMIN_EMAIL = "bench-budgets-admin@example.org"
CLIENTS, PER_CLIENT = 5, 12


def sizes() -> tuple[int, int, int]:
    return (
        int(os.environ.get("BENCH_BUDGETS_POTS", "500")),
        int(os.environ.get("BENCH_BUDGETS_AWARDS", "50000")),
        int(os.environ.get("BENCH_BUDGETS_ENTRIES", "1000000")),
    )




# ---------------------------------------------------------------------------------------------
# Run inside the benchmark's database (subprocesses with Django set up)




def setup() -> None:
    """An administrator, the pot with the most awards and last year; print the pages to ask for."""
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from thriving.budgets.models import Award, Pot
    from thriving.core.models import Membership, Role, User

    admin = User.objects.filter(email=ADMIN_EMAIL).first() or User.objects.create_user(
        ADMIN_EMAIL, password=None, full_name="Bench Budgets Administrator")
    Membership.objects.get_or_create(user=admin, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    pot = Pot.objects.annotate(n=Count("awards")).order_by("-n", "pk").first()
    year = timezone.localdate().year - 1
    export = url_or_none("budgets:360giving")
    print(json.dumps({
        "admin": client.cookies["sessionid"].value, "awards_of_pot": pot.n,
        "awards_of_year": Award.objects.filter(awarded_on__year=year).count(), "year": year,
        "pot": url_or_none("budgets:pot", slug=pot.slug), "spend": url_or_none("budgets:spend-pot", slug=pot.slug),
        "export": export and f"{export}?year={year}",
    }))




def floor(year: str) -> None:
    """The raw floor of the export: the year's awards and their pots, one cursor, out as JSON."""
    from django.db import connection

    started = time.perf_counter()
    written = 0
    with connection.cursor() as cursor, open(os.devnull, "w") as out:
        cursor.execute(
            "SELECT a.uuid, a.title, a.purpose, a.amount, a.awarded_on, a.recipient_name, p.name "
            "FROM budgets_award a JOIN budgets_pot p ON p.id = a.pot_id "
            "WHERE a.awarded_on >= %s AND a.awarded_on <= %s ORDER BY a.awarded_on, a.id",
            [f"{year}-01-01", f"{year}-12-31"],
        )
        out.write('{"grants": [')
        for row in cursor:
            out.write(json.dumps({"id": str(row[0]), "title": row[1], "description": row[2],
                                  "amountAwarded": str(row[3]), "awardDate": str(row[4]),
                                  "recipient": row[5], "programme": row[6]}) + ",")
            written += 1
        out.write("]}")
    print(json.dumps({"seconds": time.perf_counter() - started, "grants": written}))


# ---------------------------------------------------------------------------------------------
# The benchmark


def _fetch_whole(port: int, path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as response:
        size = len(response.read())
        status = response.status
    return time.perf_counter() - started, status, size


def run(database_url: str | None = None) -> None:
    pots, awards, entries = sizes()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**server_env(url, Path(tmp)), "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\nLocal budgets on {engine}: generating {pots:,} pots, {awards:,} awards and about "
              f"{entries:,} ledger entries", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.budgets_data", str(pots), str(awards), str(entries)],
                       env=env, cwd=ROOT, check=True)
        print(f"generating took {time.perf_counter() - began:.1f} s (with Django's start-up)", flush=True)
        found = json.loads(in_django("bench.budgets", env, "setup").strip().splitlines()[-1])
        print(f"the busiest pot has {found['awards_of_pot']:,} awards; {found['year']} has "
              f"{found['awards_of_year']:,} awards", flush=True)
        pages = [
            ("pot page with trial balance (admin)", found["pot"], "admin"),
            ("public spend page of that pot", found["spend"], None),
        ]
        print(f"{CLIENTS} concurrent clients, gunicorn 2 workers x 4 threads", flush=True)
        results, alone, missing = [], [], []
        exports: list[tuple[float, int, int]] = []
        with gunicorn(env) as port:
            load(port, "warm-up", ["/health/"], clients=4, per_client=20)
            trivial = load(port, "trivial view /health/", ["/health/"], CLIENTS, PER_CLIENT)
            trivial_alone = load(port, "  alone: trivial view", ["/health/"], clients=1, per_client=20)
            for name, path, who in pages:
                if not path:
                    missing.append(name)
                    continue
                cookie = {"Cookie": f"sessionid={found[who]}"} if who else {}
                load(port, "warm-up", [path], clients=2, per_client=3, headers=cookie)
                results.append(load(port, name, [path], CLIENTS, PER_CLIENT, headers=cookie))
                alone.append(load(port, f"  alone: {name}", [path], clients=1, per_client=20, headers=cookie))
                print(f"{results[-1].line()}\n{alone[-1].line()}", flush=True)
            if found["export"]:
                exports = [_fetch_whole(port, found["export"]) for _ in range(3)]
            else:
                missing.append("360Giving export")
        print("Summary:")
        print(trivial.line())
        for result in results:
            print(f"{result.line()}  x{result.rps / trivial.rps:.2f} of trivial")
        print("One client at a time:")
        print(trivial_alone.line())
        for result in alone:
            print(result.line())
        if exports:
            floors = [json.loads(in_django("bench.budgets", env, "floor", str(found["year"]))
                                 .strip().splitlines()[-1])["seconds"] for _ in range(3)]
            median, raw = statistics.median(t for t, _, _ in exports), statistics.median(floors)
            print(f"360Giving export of {found['year']} ({found['awards_of_year']:,} grants, "
                  f"{exports[0][2] / 1e6:.1f} MB, HTTP {exports[0][1]}): median {median:.2f} s over HTTP; "
                  f"raw floor (one cursor to JSON, no HTTP) {raw:.2f} s; x{median / raw:.1f} of the floor")
        for name in missing:
            print(f"{name}: not built yet")
        print("Database queries per page (asked once first):", flush=True)
        pairs = [f"{found[who] if who else ''}={path}" for _, path, who in pages if path]
        print(in_django("bench.budgets", env, "count", *pairs), end="", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    {"setup": lambda: setup(), "count": lambda: count_queries(rest), "floor": lambda: floor(rest[0])}[command]()
