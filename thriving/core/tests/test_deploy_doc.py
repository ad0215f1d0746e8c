"""docs/deploy.md works as written: its "First deployment" commands and its gunicorn command, run as
an operator would (separate processes, debug off, a secret key, a fresh database and STATIC_ROOT),
give a site that answers its health check, draws its pages, serves its static files and sends the
security headers the document promises. About half a minute: the migrations and the postcodes."""

import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "deploy.md"
BIN = Path(sys.executable).parent
EMAIL = "first.admin@example.gov.uk"
PASSWORD = "a long passphrase for the first administrator"


def sh_block_after(heading: str) -> list[str]:
    """The lines of the first ```sh block after a heading of the document, without comments."""
    text = DOC.read_text()
    section = text.split(f"## {heading}\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """What the operator sets: no DEBUG, a secret key, a database, STATIC_ROOT; this tree's code."""
    here = tmp_path_factory.mktemp("deployment")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    for name in ("DEBUG", "STATIC_MANIFEST", "SECURE_COOKIES", "TASKS_BACKEND", "CACHE_URL", "DATABASE_URL"):
        env.pop(name, None)
    env.update(
        SECRET_KEY="a-secret-key-for-the-deployment-test-" + "x" * 20,
        DATABASE_URL=f"sqlite:///{here / 'thriving.sqlite3'}",
        STATIC_ROOT=str(here / "static"),
        THRIVING_VAR_DIR=str(here / "var"),
        BEHIND_PROXY="true",  # as behind the load balancer that terminates TLS
        PYTHONPATH=str(ROOT),
    )
    return env


def run(command: str, env: dict[str, str]) -> None:
    args = shlex.split(command.replace("EMAIL", EMAIL))
    if args[0] == "thriving":
        args[0] = str(BIN / "thriving")
    if args[1:2] == ["createsuperuser"]:  # unattended, as the document says
        args.append("--noinput")
        env = {**env, "DJANGO_SUPERUSER_EMAIL": EMAIL, "DJANGO_SUPERUSER_FULL_NAME": "First Administrator",
               "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def site(environment):
    """The first deployment done, and gunicorn started as the document says (one worker, here)."""
    env = dict(environment)
    for line in sh_block_after("First deployment"):
        if line.startswith("export "):
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = value
        else:
            run(line, env)
    [gunicorn] = [line for line in sh_block_after("Web processes") if line.startswith("gunicorn ")]
    port = free_port()
    args = shlex.split(gunicorn)
    args[0] = str(BIN / "gunicorn")
    args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
    args[args.index("--workers") + 1] = "1"
    server = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, f"gunicorn stopped:\n{server.stdout.read()}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start listening"
                time.sleep(0.2)
        yield Browser(port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Browser:
    """Plain HTTP requests, as through the TLS-terminating proxy, keeping the cookies they set."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://127.0.0.1:{self.port}"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response

    def get(self, path: str, **headers: str):
        return self.request("GET", path, headers=headers)


def cookie_flags(response, name: str) -> set[str]:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
    raise AssertionError(f"no {name} cookie set")


def assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_the_documented_deployment_serves_the_site(site):
    health = site.get("/health/")
    assert health.status == 200, health.text
    assert '"status": "ok"' in health.text

    home = site.get("/")
    assert home.status == 200
    assert_security_headers(home)

    sign_in = site.get("/sign-in/")
    assert sign_in.status == 200
    assert_security_headers(sign_in)
    assert {"secure"} <= cookie_flags(sign_in, "csrftoken")

    stylesheet = re.search(r'href="(/static/dist/thriving\.[0-9a-f]{12}\.css)"', home.text).group(1)
    css = site.get(stylesheet, **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert "immutable" in css.headers["Cache-Control"]  # far-future caching of hashed names
    assert css.headers["Content-Encoding"] == "gzip"  # the compressed variant
    leaflet = re.sub(r"thriving\.[0-9a-f]{12}\.css", "leaflet/leaflet.js", stylesheet)
    assert site.get(leaflet).status == 200


def test_the_first_administrator_signs_in_and_administers(site):
    page = site.get("/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed_in = site.request("POST", "/sign-in/", {"csrfmiddlewaretoken": token, "username": EMAIL,
                                                   "password": PASSWORD})
    assert signed_in.status == 302, signed_in.text
    assert signed_in.headers["Location"] == "/home/"
    assert {"secure", "httponly"} <= cookie_flags(signed_in, "sessionid")
    users = site.get("/users/")
    assert users.status == 200
    assert users.headers["Cache-Control"] == "no-store"  # personal data is not kept by browsers
    assert site.get("/admin/").status == 200
