"""In-process timings, no HTTP: `python -m bench.inprocess [--profile] [--n N] URL...` asks each URL
through Django's test client (the whole middleware stack, as an anonymous visitor) N times after
one warming request and prints the median and the 90th percentile in milliseconds, and the median CPU time of the
thread (steadier than wall time on a shared machine; on SQLite it includes the database's work); with
--profile, the top of a cProfile of the URL's requests by cumulative time. Run against a
generated directory (DATABASE_URL), debug off, to see where a page's time goes."""

import os
import statistics
import sys
import time


def main(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    from django.test import Client

    from bench.wsgi import add_trivial_view

    add_trivial_view()

    profile = "--profile" in args
    n = int(args[args.index("--n") + 1]) if "--n" in args else 200
    urls = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--n")]
    client = Client(HTTP_HOST="127.0.0.1")
    for url in urls:
        client.get(url)
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        times, cpu = [], []
        for _ in range(n):
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        ordered = sorted(times)
        print(f"{statistics.median(times):7.2f} ms median  {ordered[int(len(ordered) * 0.9)]:7.2f} ms p90  "
              f"{statistics.median(cpu):7.2f} ms CPU (this thread)  "
              f"HTTP {response.status_code}  {len(response.content):>6} bytes  {url}", flush=True)
        if profile:
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", "45")))


if __name__ == "__main__":
    main(sys.argv[1:])
