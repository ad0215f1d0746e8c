"""Directory search at scale (issue: 50,000 services at 70,000 locations across 300 localities).

Measures, over HTTP to gunicorn with debug off and 20 concurrent clients: the public search by
words + need + postcode within 5 km, and `/openreferral/service_at_locations?postcode=…&proximity=5000`,
beside a trivial view on the same server; then the database queries each page takes.
Sizes can be lowered for a quick look: BENCH_SERVICES, BENCH_LOCATIONS, BENCH_LOCALITIES.
"""

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.directory_data import WORDS
from bench.harness import ROOT, gunicorn, load, manage, server_env


def sizes() -> tuple[int, int, int]:
    return (
        int(os.environ.get("BENCH_SERVICES", "50000")),
        int(os.environ.get("BENCH_LOCATIONS", "70000")),
        int(os.environ.get("BENCH_LOCALITIES", "300")),
    )


def django_values(env: dict[str, str], code: str) -> list[str]:
    script = f"import django; django.setup(); {code}"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def run(database_url: str | None = None) -> None:
    services, locations, localities = sizes()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**server_env(url, Path(tmp)), "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(
            f"\nDirectory search on {engine}: generating {services:,} services at {locations:,} locations", flush=True
        )
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        manage(env, "places", "import-postcodes", "-v", "0")
        subprocess.run(
            [sys.executable, "-m", "bench.directory_data", str(services), str(locations), str(localities)],
            env=env,
            cwd=ROOT,
            check=True,
        )
        needs = django_values(
            env,
            "from thriving.directory.models import TaxonomyTerm as T; "
            "print(*[f'{u}:{c}' for u, c in T.objects.filter(taxonomy__name='Bench needs', parent=None)"
            ".values_list('uuid', 'code')])",
        )
        pairs = [tuple(item.split(":")) for item in needs]
        postcodes = django_values(
            env,
            "from thriving.directory.models import Location as L; "
            "print(*[p.replace(' ', '+') for p in L.objects.order_by('?').values_list('postcode', flat=True)[:300]])",
        )
        rng = random.Random(3)
        searches = []
        for n in range(300):
            need_uuid, need_code = pairs[n % len(pairs)]
            word = rng.choice(WORDS[need_code]).split()[0]
            searches.append(f"/services/?q={word}&need={need_uuid}&postcode={postcodes[n]}&distance=5")
        oruk = [f"/openreferral/service_at_locations?postcode={p}&proximity=5000" for p in postcodes]
        print(f"20 concurrent clients, gunicorn 2 workers x 4 threads, {len(searches)} different searches")
        with gunicorn(env) as port:
            load(port, "warm-up", searches[:20] + oruk[:20], clients=4, per_client=20)
            trivial = load(port, "trivial view /health/", ["/health/"])
            search = load(port, "search: words + need + postcode within 5 km", searches)
            api = load(port, "/openreferral/service_at_locations 5000 m", oruk)
        for result in (trivial, search, api):
            print(result.line())
        print(f"ratio search/trivial req/s: {search.rps / trivial.rps:.3f}; ORUK/trivial: {api.rps / trivial.rps:.3f}")
        print("Database queries per page:", flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.query_count", *searches[:3], *oruk[:3]], env=env, cwd=ROOT, check=True
        )
