"""Postcode look-up over HTTP: the public page and the API, against the real Derby and
Derbyshire postcode file (43,926 postcodes), with 20 concurrent clients."""

import csv
import gzip
import random
import tempfile
from pathlib import Path

from bench.harness import ROOT, gunicorn, load, manage, server_env

POSTCODES = ROOT / "thriving" / "places" / "data" / "postcodes.csv.gz"


def sample_postcodes(count: int = 500) -> list[str]:
    with gzip.open(POSTCODES, "rt") as handle:
        rows = [row["postcode"] for row in csv.DictReader(handle)]
    return random.Random(7).sample(rows, count)


def run(database_url: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = server_env(url, Path(tmp))
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        manage(env, "places", "import-postcodes", "-v", "0")
        postcodes = sample_postcodes()
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"\nPostcode look-up on {engine}, 20 concurrent clients, gunicorn 2 workers x 4 threads")
        with gunicorn(env) as port:
            load(port, "warm-up", ["/health/"], clients=4, per_client=20)
            trivial = load(port, "trivial view /health/", ["/health/"])
            pages = [f"/postcode/?postcode={p.replace(' ', '+')}" for p in postcodes]
            page = load(port, "page /postcode/?postcode=…", pages)
            apis = [f"/api/v1/postcodes/{p.replace(' ', '')}" for p in postcodes]
            api = load(port, "API /api/v1/postcodes/{postcode}", apis)
        for result in (trivial, page, api):
            print(result.line())
        print(f"ratio page/trivial req/s: {page.rps / trivial.rps:.2f}; API/trivial: {api.rps / trivial.rps:.2f}")
