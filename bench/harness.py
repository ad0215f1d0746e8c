"""Serve Thriving with gunicorn and load it over HTTP from concurrent clients.

Figures are medians and percentiles of wall-clock latency per request, and requests per second
over the whole run; every run also measures a trivial view (`/health/`) on the same server so
the ratio between them says how much the page itself costs, whatever the machine is doing.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The genuinely trivial view `bench.wsgi` adds to the site it serves.
TRIVIAL = "/bench/trivial/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thriving.settings",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 30,
        "DATABASE_URL": database_url,
        "THRIVING_VAR_DIR": str(var_dir),
        "STATIC_MANIFEST": "false",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "thriving.cli", *args], env=env, cwd=ROOT, check=True)


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 4, app: str = "thriving.wsgi") -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def line(self) -> str:
        return (
            f"{self.name:<44} {self.rps:8.1f} req/s  p50 {statistics.median(self.latencies_ms):7.1f} ms"
            f"  p95 {self.percentile(95):7.1f} ms  errors {self.errors}"
        )


def load(
    port: int,
    name: str,
    paths: list[str],
    clients: int = 20,
    per_client: int = 50,
    headers: dict[str, str] | None = None,
    spread: bool = False,
) -> Result:
    """`clients` threads each send `per_client` GETs (cycling through paths) on a kept-alive connection,
    with any extra `headers` (such as a session cookie); `spread` starts the clients evenly along
    the paths rather than close together."""
    sent_headers = {"Host": "127.0.0.1", **(headers or {})}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(offset: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        for i in range(per_client):
            path = paths[(offset + i) % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=sent_headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 500:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    step = max(len(paths) // clients, 7) if spread else 7
    threads = [threading.Thread(target=client, args=(n * step,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(name, clients * per_client, errors, time.perf_counter() - started, latencies)


def in_django(module: str, env: dict[str, str], *args: str) -> str:
    """Run `python -m <module> ARGS` inside the benchmark's database (a subprocess with Django set
    up) and answer what it printed; its errors are shown and stop the benchmark."""
    result = subprocess.run([sys.executable, "-m", module, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise RuntimeError(f"{module} {args[0]} failed")
    return result.stdout


def url_or_none(name: str, **kwargs: object) -> str | None:
    """A page's address, or None while its URL name is not built yet (with Django set up)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def count_queries(pairs: list[str]) -> None:
    """Print the database queries each page takes (each asked once first), given as `session=url`
    pairs; an empty session asks as an anonymous visitor (with Django set up)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for pair in pairs:
        session, url = pair.split("=", 1)
        client = Client()
        if session:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"  {len(queries):>3} queries  HTTP {response.status_code}  {url}", flush=True)


def bench_user(email: str, name: str, role: str, **scope: object) -> object:
    """Inside Django: the benchmark's person with one role (scoped as given), made once."""
    from thriving.core.models import Membership, User

    user = User.objects.filter(email=email).first() or User.objects.create_user(email, password=None, full_name=name)
    Membership.objects.get_or_create(user=user, role=role, **scope)
    return user


def session_of(user: object) -> str:
    """Inside Django: a signed-in session's cookie value for the person."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
