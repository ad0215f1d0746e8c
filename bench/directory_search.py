"""Directory search at scale: the public search page and the ORUK proximity endpoint.

For each size (BENCH_SIZES, services, default "5000,50000"; add 200000 for the large figure;
BENCH_SERVICES gives one size, as before), on a generated directory with 1.4 locations a service,
one in twenty services with no place (online or by phone), across BENCH_LOCALITIES (300)
localities, it measures over HTTP to gunicorn (2 workers x 4 threads, debug off, 20 concurrent
clients), all in one run:

- a genuinely trivial view (`bench.wsgi`: public, through the whole middleware stack, a two-byte
  answer, no database), `/health/` (a query and the whole layout) as a second reference, and
  the raw floor (`bench.raw_floor`: a plain WSGI function, no
  Django, running the same SQL and writing the same HTML) on the same gunicorn setup;
- the search page (words + need + postcode within 5 km) and
  `/openreferral/service_at_locations?postcode=…&proximity=5000` with the results cache off,
  with their ratio to the raw floor and to the trivial view;
- a realistic mix of 1,000 distinct searches (postcodes, needs, words; popularity skewed as
  Zipf's law) with the results cache on: first from a cold cache (every one of the 1,000 is asked
  for at least once, so at least half are misses, more with one cache per gunicorn worker), then
  the same mix again on the warm cache, as a running site answers searches it has seen;
- the database queries each page takes.
"""

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.directory_data import WORDS
from bench.harness import ROOT, TRIVIAL, Result, gunicorn, load, manage, server_env

CLIENTS, PER_CLIENT = 20, 30


def sizes() -> list[int]:
    if os.environ.get("BENCH_SERVICES"):
        return [int(os.environ["BENCH_SERVICES"])]
    return [int(size) for size in os.environ.get("BENCH_SIZES", "5000,50000").split(",") if size.strip()]


def django_values(env: dict[str, str], code: str) -> list[str]:
    script = f"import django; django.setup(); {code}"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def searches(env: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(uncached searches, ORUK proximity URLs, the skewed mix of 1,000 distinct searches)."""
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
        "print(*[p.replace(' ', '+') for p in L.objects.order_by('?').values_list('postcode', flat=True)[:400]])",
    )
    rng = random.Random(3)
    plain = []
    for n in range(100):
        need_uuid, need_code = pairs[n % len(pairs)]
        word = rng.choice(WORDS[need_code]).split()[0]
        plain.append(f"/services/?q={word}&need={need_uuid}&postcode={postcodes[n]}&distance=5")
    oruk = [f"/openreferral/service_at_locations?postcode={p}&proximity=5000" for p in postcodes[:100]]
    distinct: set[str] = set()
    while len(distinct) < 1000:
        need_uuid, need_code = rng.choice(pairs)
        shape = rng.random()
        if shape < 0.4:
            url = f"/services/?postcode={rng.choice(postcodes)}&need={need_uuid}"
        elif shape < 0.7:
            url = f"/services/?q={rng.choice(WORDS[need_code]).split()[0]}&postcode={rng.choice(postcodes)}"
        elif shape < 0.85:
            url = f"/services/?q={rng.choice(WORDS[need_code]).split()[0]}"
        else:
            url = f"/services/?need={need_uuid}&page={rng.randint(1, 3)}"
        distinct.add(url)
    ranked = sorted(distinct)
    rng.shuffle(ranked)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(ranked))]
    # Every one of the 1,000 is asked for at least once; the popular ones many times over.
    mix = ranked + rng.choices(ranked, weights=weights, k=1000)
    rng.shuffle(mix)
    return plain, oruk, mix


def ratios(result: Result, floor: Result, trivial: Result, health: Result) -> str:
    return (f"{result.line()}  x{result.rps / floor.rps:.2f} of raw floor, x{result.rps / trivial.rps:.2f} of trivial, "
            f"x{result.rps / health.rps:.2f} of /health/")


def kept_database(services: int, database_url: str | None) -> tuple[str, Path] | None:
    """With BENCH_DATA_DIR, the directory generated for this size and engine is kept there (a
    SQLite file, or a PostgreSQL database named by size) and used again by later runs: generating
    and indexing 200,000 services takes longer than measuring them. (url, marker file) or None."""
    folder = os.environ.get("BENCH_DATA_DIR")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    if database_url is None:
        return f"sqlite:///{Path(folder) / f'directory-{services}.sqlite3'}", Path(folder) / f"sqlite-{services}.done"
    name = f"thriving_bench_directory_{services}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"CREATE DATABASE {name}"],
                   capture_output=True)
    return database_url.rsplit("/", 1)[0] + f"/{name}", Path(folder) / f"postgresql-{services}.done"


def run_size(services: int, database_url: str | None) -> None:
    locations, localities = int(services * 1.4), int(os.environ.get("BENCH_LOCALITIES", "300"))
    with tempfile.TemporaryDirectory() as tmp:
        kept = kept_database(services, database_url)
        url = kept[0] if kept else database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**server_env(url, Path(tmp)), "ALLOWED_HOSTS": "127.0.0.1,testserver"}
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\nDirectory search on {engine}: {services:,} services at {locations:,} locations", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        if kept is None or not kept[1].exists():
            manage(env, "places", "load", "-v", "0")
            manage(env, "places", "import-postcodes", "-v", "0")
            subprocess.run(
                [sys.executable, "-m", "bench.directory_data", str(services), str(locations), str(localities)],
                env=env, cwd=ROOT, check=True,
            )
            manage(env, "directory", "search-index", "--rebuild")
            if kept is not None:
                kept[1].touch()
        else:
            print(f"(the directory generated earlier, kept in {os.environ['BENCH_DATA_DIR']})", flush=True)
        if os.environ.get("BENCH_GENERATE_ONLY"):
            return
        plain, oruk, mix = searches(env)
        uncached = {**env, "DIRECTORY_SEARCH_CACHE_SECONDS": "0"}
        raw_file = str(Path(tmp) / "raw.json")
        subprocess.run([sys.executable, "-m", "bench.raw_floor", "capture", raw_file, *plain, *oruk],
                       env=uncached, cwd=ROOT, check=True)
        print(f"{CLIENTS} concurrent clients, gunicorn 2 workers x 4 threads; {len(plain)} searches, "
              f"{len(oruk)} ORUK queries, a mix of {len(set(mix))} distinct searches", flush=True)
        with gunicorn(uncached, app="bench.wsgi") as port:
            load(port, "warm-up", plain[:20] + oruk[:20], clients=4, per_client=20)
            trivial = load(port, "trivial view (full middleware, 2 bytes)", [TRIVIAL], CLIENTS, PER_CLIENT)
            health = load(port, "/health/ (a query and the layout)", ["/health/"], CLIENTS, PER_CLIENT)
            search = load(port, "search page, uncached", plain, CLIENTS, PER_CLIENT)
            api = load(port, "ORUK proximity 5000 m, uncached", oruk, CLIENTS, PER_CLIENT)
        with gunicorn({**env, "BENCH_RAW_FILE": raw_file}, app="bench.raw_floor:app") as port:
            load(port, "warm-up", plain[:20] + oruk[:20], clients=4, per_client=20)
            floor_search = load(port, "raw floor: search SQL + HTML", plain, CLIENTS, PER_CLIENT)
            floor_api = load(port, "raw floor: ORUK SQL + JSON", oruk, CLIENTS, PER_CLIENT)
        with gunicorn(env, app="bench.wsgi") as port:
            cold = load(port, "mix of 1,000 searches, cache cold", mix, CLIENTS, len(mix) // CLIENTS, spread=True)
            warm = load(port, "the same mix, cache warm", mix, CLIENTS, len(mix) // CLIENTS, spread=True)
        for result in (trivial, health, floor_search, floor_api):
            print(result.line())
        print(ratios(search, floor_search, trivial, health))
        print(ratios(api, floor_api, trivial, health))
        print(ratios(cold, floor_search, trivial, health))
        print(ratios(warm, floor_search, trivial, health))
        print("Database queries per page (cache off):", flush=True)
        subprocess.run([sys.executable, "-m", "bench.query_count", *plain[:2], *oruk[:2]], env=uncached, cwd=ROOT,
                       check=True)
        print("Database queries per page (cache on, asked twice):", flush=True)
        subprocess.run([sys.executable, "-m", "bench.query_count", "--twice", *plain[:2]], env=env, cwd=ROOT,
                       check=True)


def run(database_url: str | None = None) -> None:
    for n, services in enumerate(sizes()):
        if database_url and n and not os.environ.get("BENCH_DATA_DIR"):
            manage({**server_env(database_url, Path(tempfile.gettempdir()))}, "flush", "--noinput", "-v", "0")
        run_size(services, database_url)
