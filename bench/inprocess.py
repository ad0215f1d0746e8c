"""In-process timings, no HTTP: `python -m bench.inprocess [--profile] [--n N] [--searches] URL...`
asks each URL through Django's test client (the whole middleware stack, as an anonymous visitor)
N times after one warming request and prints the median and the 90th percentile in milliseconds,
and the median CPU time of the thread (steadier than wall time on a shared machine; on SQLite it
includes the database's work); with --searches, the benchmark's own 100 searches and 100 ORUK
proximity queries for this database (`directory_search.searches`), each kind as one figure; with
--profile, the top of a cProfile by cumulative time (SORT and TOP to change). Run against a
generated directory (DATABASE_URL, debug off) to see where a page's time goes."""

import os
import statistics
import sys
import time


def measure(client, name: str, urls: list[str], n: int, profile: bool) -> None:  # noqa: ANN001
    for url in urls:
        client.get(url)
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    times, cpu, statuses = [], [], set()
    for i in range(n):
        url = urls[i % len(urls)]
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        statuses.add(response.status_code)
    ordered = sorted(times)
    print(f"{statistics.median(times):7.2f} ms median  {ordered[int(len(ordered) * 0.9)]:7.2f} ms p90  "
          f"{statistics.median(cpu):7.2f} ms CPU (this thread)  HTTP {sorted(statuses)}  {name}", flush=True)
    if profile:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("TOP", "45")))


def main(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    profile = "--profile" in args
    n = int(args[args.index("--n") + 1]) if "--n" in args else 200
    urls = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--n")]
    groups = [(url, [url]) for url in urls]
    if "--searches" in args:
        from bench.directory_search import searches

        plain, oruk, _mix = searches(dict(os.environ))
        groups += [(f"the bench's {len(plain)} searches", plain), (f"the bench's {len(oruk)} ORUK queries", oruk)]
    import django

    django.setup()
    from django.test import Client

    from bench.wsgi import add_trivial_view

    add_trivial_view()
    client = Client(HTTP_HOST="127.0.0.1")
    for name, group in groups:
        measure(client, name, group, n, profile)


if __name__ == "__main__":
    main(sys.argv[1:])
