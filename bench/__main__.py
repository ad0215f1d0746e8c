"""`make bench`: run every benchmark on SQLite and, where a server answers, on PostgreSQL.

BENCH_ONLY names the benchmarks to run, by module, comma-separated (`BENCH_ONLY=directory_search`);
BENCH_ENGINES the databases (`sqlite`, `postgresql`; both by default)."""

import os
import signal
import subprocess
import sys
import time

from bench import budgets, coaching, directory_search, frontdoor, postcode_lookup, stories_sensemaking, stories_themes


def postgres_url() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    name = f"thriving_bench_{int(time.time())}"
    created = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
        capture_output=True,
    )
    return f"postgres://postgres@127.0.0.1:5432/{name}" if created.returncode == 0 else None


BENCHMARKS = [postcode_lookup, directory_search, frontdoor, coaching, budgets, stories_themes, stories_sensemaking]


def drop(url: str) -> None:
    if os.environ.get("BENCH_DATABASE_URL"):
        return
    name = url.rsplit("/", 1)[1]
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}"])


def chosen() -> list:
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    unknown = only - {b.__name__.rsplit(".", 1)[1] for b in BENCHMARKS}
    if unknown:
        sys.exit(f"BENCH_ONLY names no benchmark: {', '.join(sorted(unknown))}")
    return [b for b in BENCHMARKS if not only or b.__name__.rsplit(".", 1)[1] in only]


def main() -> None:
    # A stopped run still stops its servers and drops its databases (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    engines = {name.strip() for name in os.environ.get("BENCH_ENGINES", "sqlite,postgresql").split(",")}
    for benchmark in chosen():
        if "sqlite" in engines:
            benchmark.run()
        if "postgresql" not in engines:
            continue
        url = postgres_url()
        if url:
            try:
                benchmark.run(url)
            finally:
                drop(url)
        else:
            print("\nNo PostgreSQL server answered on 127.0.0.1:5432; PostgreSQL figures skipped.")


if __name__ == "__main__":
    main()
