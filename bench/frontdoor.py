"""The front door at scale (issue #4): 200,000 people, 500,000 help requests over two years and
1,000,000 referrals, on PostgreSQL.

Measures over HTTP to gunicorn with debug off, signed in as a hub worker who sees every locality:
the hub queue for one locality, the person search by surname and the demand picture (p50, p95 and
database queries per page), beside a trivial view on the same server. The demand picture reads
the weekly summary, rebuilt whole after the data is generated (the command prints how long that
took); its figures are then cached for a minute per server process, so its first (cold) requests
are timed apart from the warm ones. After the submissions, the refresh the worker would run is
timed too. Then public submissions: 20 concurrent clients each going through the whole ask-for-help
journey (a GET of each page and a POST of each answer with its CSRF token, following redirects),
giving requests per second, the p95 of the final submission, and the count of requests stored
against the count sent.

PostgreSQL only, as the issue asks (set BENCH_FRONTDOOR_SQLITE=1 to run it on SQLite as well).
Sizes can be lowered for a quick look: BENCH_PEOPLE, BENCH_REQUESTS, BENCH_REFERRALS.
Also run inside the benchmark's database by the runner: `python -m bench.frontdoor setup|count …`.
"""

import datetime
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.harness import ROOT, Result, gunicorn, in_django, load, manage, server_env

HUB_EMAIL = "bench-hub-worker@example.org"
ASK = "/ask-for-help/"
CHECK = "/ask-for-help/check/"
DONE = "/ask-for-help/done/"


def sizes() -> tuple[int, int, int]:
    return (
        int(os.environ.get("BENCH_PEOPLE", "200000")),
        int(os.environ.get("BENCH_REQUESTS", "500000")),
        int(os.environ.get("BENCH_REFERRALS", "1000000")),
    )




# ---------------------------------------------------------------------------------------------
# Run inside the benchmark's database (subprocesses with Django set up)


def setup() -> None:
    """Make the hub worker (no locality: sees them all) and a signed-in session for them; print
    the session cookie and what the pages will be asked for."""
    from django.db.models import Count
    from django.test import Client

    from thriving.core.models import Membership, Role, User
    from thriving.frontdoor.models import HelpRequest, Person
    from thriving.places.models import Locality

    user = User.objects.filter(email=HUB_EMAIL).first() or User.objects.create_user(
        HUB_EMAIL, password=None, full_name="Bench Hub Worker"
    )
    Membership.objects.get_or_create(user=user, role=Role.HUB_WORKER, organisation=None, locality=None)
    client = Client()
    client.force_login(user)
    busiest = (
        HelpRequest.objects.exclude(status=HelpRequest.Status.CLOSED)
        .values("locality_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("locality_id", flat=True)[:10]
    )
    slugs = list(Locality.objects.filter(id__in=list(busiest)).values_list("slug", flat=True))
    surnames = list(Person.objects.values_list("family_name", flat=True).distinct().order_by("family_name")[:2000])
    rng = random.Random(5)
    from thriving.places.models import Area, Postcode

    real = Area.objects.exclude(locality=None).values_list("code", flat=True)
    postcodes = list(
        Postcode.objects.filter(area_code__in=real).order_by("postcode").values_list("postcode", flat=True)
    )
    print(json.dumps({
        "session": client.cookies["sessionid"].value,
        "localities": slugs or list(Locality.objects.values_list("slug", flat=True)[:10]),
        "surnames": rng.sample(surnames, min(50, len(surnames))),
        "twelve_weeks_ago": (datetime.date.today() - datetime.timedelta(weeks=12)).isoformat(),
        "postcodes": rng.sample(postcodes, min(200, len(postcodes))),
        "requests": HelpRequest.objects.count(),
    }))


def count(urls: list[str]) -> None:
    """The database queries each page takes for the hub worker; a page asked twice shows its cold
    and warm counts."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thriving.core.models import User

    client = Client()
    client.force_login(User.objects.get(email=HUB_EMAIL))
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"  {len(queries):>3} queries  HTTP {response.status_code}  {url}", flush=True)


def stored() -> None:
    from thriving.frontdoor.models import HelpRequest

    print(HelpRequest.objects.count())


# ---------------------------------------------------------------------------------------------
# The ask-for-help journey, as a browser would go through it


ANSWERS = {
    "danger/": {"danger": "no"},
    "who/": {"asked_by": "self"},
    "name/": {"given_name": "Benchy", "family_name": "Marshwood"},
    "whats-going-on/": {"description": "We have run out of food and payday is next week."},
    "needs/": {},
    "contact/": {"contact_method": "email", "email": "benchy.marshwood@example.org",
                 "contact_times": "Weekday mornings"},
    "contact-details/": {"detail": "benchy.marshwood@example.org"},
    "consent/": {"consent": "yes"},
}


class Browser:
    """One kept-alive connection with its own cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.requests = 0

    def send(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.requests += 1
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, urlsplit(response.getheader("Location") or "").path, text

    def close(self) -> None:
        self.connection.close()


def journey(browser: Browser, postcode: str) -> float:
    """Ask for help from the start page to the confirmation; the final submission's milliseconds."""
    status, _, _ = browser.send("GET", ASK)
    if status != 200:
        raise RuntimeError(f"GET {ASK} answered {status}")
    path = ASK + "danger/"
    for _ in range(20):
        status, _, _ = browser.send("GET", path)
        if path == CHECK:
            started = time.perf_counter()
            status, going, _ = browser.send("POST", CHECK, {})
            took = (time.perf_counter() - started) * 1000
            if status != 302 or going != DONE:
                raise RuntimeError(f"sending answered {status} to {going}")
            status, _, text = browser.send("GET", DONE)
            if status != 200 or "TH-" not in text:
                raise RuntimeError("the confirmation gave no reference")
            return took
        step = path.removeprefix(ASK)
        answers = {"postcode": postcode} if step == "postcode/" else ANSWERS.get(step)
        if answers is None:
            raise RuntimeError(f"the journey went to {path}, which the benchmark does not know")
        status, going, _ = browser.send("POST", path, answers)
        if status != 302:
            raise RuntimeError(f"POST {path} answered {status}")
        path = going
    raise RuntimeError("the journey did not reach check your answers")


def submissions(port: int, postcodes: list[str], clients: int = 20, per_client: int = 10) -> tuple[Result, int, int]:
    """`clients` browsers each ask for help `per_client` times; returns the final submissions' timings,
    all HTTP requests made, and how many journeys were sent."""
    latencies: list[float] = []
    errors: list[str] = []
    sent = [0]
    requests = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine, bad, made, done = [], [], 0, 0
        for i in range(per_client):
            browser = Browser(port)  # a new person each time: fresh cookies, fresh journey
            try:
                mine.append(journey(browser, postcodes[(offset + i) % len(postcodes)]))
                done += 1
            except (OSError, http.client.HTTPException, RuntimeError) as error:
                bad.append(str(error))
            made += browser.requests
            browser.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)
            sent[0] += done
            requests[0] += made

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    for message in sorted(set(errors))[:5]:
        print(f"  journey error: {message}")
    result = Result(f"ask for help: final submission ({clients} clients)", clients * per_client, len(errors),
                    seconds, latencies)
    return result, requests[0], sent[0]


# ---------------------------------------------------------------------------------------------
# The benchmark


def _check(port: int, paths: list[str], headers: dict[str, str]) -> None:
    """Every page must answer 200 for the hub worker (a redirect to sign in would look fast)."""
    for path in paths:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status} for the hub worker")


def _timed_once(port: int, name: str, paths: list[str], headers: dict[str, str]) -> Result:
    """Each path once, one after another: cold figures for the demand picture."""
    return load(port, name, paths, clients=1, per_client=len(paths), headers=headers)


def run(database_url: str | None = None) -> None:
    if database_url is None and not os.environ.get("BENCH_FRONTDOOR_SQLITE"):
        print("\nFront door at scale: PostgreSQL only, as issue #4 asks; skipped on SQLite "
              "(BENCH_FRONTDOOR_SQLITE=1 runs it there too).", flush=True)
        return
    people, requests, referrals = sizes()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {
            **server_env(url, Path(tmp)),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "FRONTDOOR_ASK_RATE": "100000/h",
            "FRONTDOOR_MIN_SECONDS": "0",
            # As in production: tasks wait in the database for the worker, here the command below.
            "TASKS_BACKEND": "database",
        }
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(
            f"\nFront door on {engine}: generating {people:,} people, {requests:,} help requests and "
            f"{referrals:,} referrals",
            flush=True,
        )
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "places", "load", "-v", "0")
        manage(env, "places", "import-postcodes", "-v", "0")
        subprocess.run(
            [sys.executable, "-m", "bench.frontdoor_data", str(people), str(requests), str(referrals)],
            env=env,
            cwd=ROOT,
            check=True,
        )
        # Generated rows bypass the services that mark weeks stale: build the weekly summary whole,
        # as after a bulk import. The command prints how long it took.
        manage(env, "frontdoor", "demand-summary", "--rebuild")
        found = json.loads(in_django("bench.frontdoor", env, "setup").strip().splitlines()[-1])
        cookie = {"Cookie": f"sessionid={found['session']}"}
        queues = [f"/requests/?locality={slug}" for slug in found["localities"]]
        searches = [f"/people/?q={name}" for name in found["surnames"]]
        demand_cold = ["/demand/", *(f"/demand/?locality={slug}" for slug in found["localities"])]
        print("20 concurrent clients, gunicorn 2 workers x 4 threads; signed in as a hub worker (all localities)")
        with gunicorn(env) as port:
            load(port, "warm-up", ["/health/"], clients=4, per_client=20)
            _check(port, [queues[0], searches[0]], cookie)
            trivial = load(port, "trivial view /health/", ["/health/"])
            queue = load(port, "hub queue /requests/?locality=…", queues, headers=cookie)
            search = load(port, "person search /people/?q=<surname>", searches, headers=cookie)
            cold = _timed_once(port, "demand picture, cold (first asks, 1 client)", demand_cold, cookie)
            _check(port, ["/demand/"], cookie)
            warm = load(port, "demand picture /demand/, warm (cached 60 s)", ["/demand/"], headers=cookie)
            # The same pages one at a time: each page's own latency, without queueing behind 19 others.
            alone = [
                load(port, "  alone: demand picture, warm", ["/demand/"], clients=1, per_client=40, headers=cookie),
                load(port, "  alone: hub queue", queues, clients=1, per_client=40, headers=cookie),
                load(port, "  alone: person search", searches, clients=1, per_client=40, headers=cookie),
            ]
            asked, http_requests, sent = submissions(port, found["postcodes"])
            # The submissions marked this week stale, and the page says so until the summary is
            # brought up to date: what the worker's task does, timed here by the command.
            waiting = _timed_once(port, "demand picture, cold, this week waiting to be counted",
                                  [f"/demand/?date_from={found['twelve_weeks_ago']}"], cookie)
            print("The worker's refresh after the submissions:", flush=True)
            manage(env, "frontdoor", "demand-summary")
        for result in (trivial, queue, search, cold, warm, waiting):
            print(result.line())
        print("One client at a time:")
        for result in alone:
            print(result.line())
        print(
            f"ask for help, 20 concurrent clients: {sent} journeys, {http_requests} HTTP requests in "
            f"{asked.seconds:.1f} s = {http_requests / asked.seconds:.1f} req/s "
            f"({sent / asked.seconds:.1f} submissions/s); final submission p50 "
            f"{statistics.median(asked.latencies_ms) if asked.latencies_ms else float('nan'):.1f} ms, "
            f"p95 {asked.percentile(95):.1f} ms; errors {asked.errors}"
        )
        now_stored = int(in_django("bench.frontdoor", env, "stored").strip().splitlines()[-1])
        added = now_stored - found["requests"]
        print(f"requests stored: {added} for {sent} sent: {'equal' if added == sent else 'NOT EQUAL'}")
        print(
            f"ratio queue/trivial req/s: {queue.rps / trivial.rps:.3f}; "
            f"search/trivial: {search.rps / trivial.rps:.3f}; "
            f"demand (warm)/trivial: {warm.rps / trivial.rps:.3f}"
        )
        print("Database queries per page (the demand picture twice: cold, then from the cache):", flush=True)
        counted = in_django("bench.frontdoor", env, "count", queues[0], searches[0], "/demand/", "/demand/")
        print(counted, end="", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    command, *rest = sys.argv[1:]
    {"setup": lambda: setup(), "count": lambda: count(rest), "stored": lambda: stored()}[command]()
