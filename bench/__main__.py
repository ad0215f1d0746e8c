"""`make bench`: run every benchmark on SQLite and, where a server answers, on PostgreSQL."""

import os
import subprocess
import time

from bench import directory_search, postcode_lookup


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


BENCHMARKS = [postcode_lookup, directory_search]


def main() -> None:
    for benchmark in BENCHMARKS:
        benchmark.run()
        url = postgres_url()
        if url:
            benchmark.run(url)
        else:
            print("\nNo PostgreSQL server answered on 127.0.0.1:5432; PostgreSQL figures skipped.")


if __name__ == "__main__":
    main()
