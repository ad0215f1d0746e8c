"""The raw floor: a plain WSGI function, no Django, that runs the SQL a Django page ran and writes
the HTML (or JSON) it wrote. Served by the same gunicorn setup, it is the fastest a page doing that
database work and writing that answer could be here; the benchmark prints each page beside it.

`python -m bench.raw_floor capture OUT URL...` records, through Django (after one warming request,
as on a running site), each URL's queries and answer, split into the part before the rows, one
piece per row and the part after. The WSGI `app` reads OUT (BENCH_RAW_FILE) and, per request, runs
those queries on a connection of its own (one a thread) and joins the pieces with the fetched rows.
"""

import json
import os
import re
import sys
import threading
from typing import Any

ROW = re.compile(r'<li class="thriving-result">.*?</li>', re.S)
_local = threading.local()
_pages: dict[str, Any] = {}


def capture(out: str, urls: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        body = response.content.decode()
        rows = ROW.findall(body)
        if rows:
            head, tail = body[: body.index(rows[0])], body[body.index(rows[-1]) + len(rows[-1]) :]
        else:
            head, tail = body, ""
        pages[url] = {
            "sql": [query["sql"] for query in queries.captured_queries],
            "head": head,
            "rows": rows,
            "tail": tail,
            "type": response["Content-Type"],
        }
    with open(out, "w") as f:
        json.dump({"database": os.environ["DATABASE_URL"], "pages": pages}, f)


def _connection() -> Any:
    found = getattr(_local, "connection", None)
    if found is None:
        url = os.environ["DATABASE_URL"]
        if url.startswith("sqlite:///"):
            import sqlite3

            found = sqlite3.connect(url[len("sqlite:///") :], check_same_thread=False)
        else:
            import psycopg

            found = psycopg.connect(url, autocommit=True)
        _local.connection = found
    return found


def _load() -> dict[str, Any]:
    if not _pages:
        with open(os.environ["BENCH_RAW_FILE"]) as f:
            _pages.update(json.load(f)["pages"])
    return _pages


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    pages = _load()
    path = environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    page = pages.get(f"{path}?{query}" if query else path)
    if page is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not captured"]
    cursor = _connection().cursor()
    fetched: list[Any] = []
    for sql in page["sql"]:
        cursor.execute(sql)
        rows = cursor.fetchall()
        fetched = rows if len(rows) > len(fetched) else fetched
    pieces = [page["head"]]
    # One piece per row fetched by the page's main query (the rows it showed).
    pieces.extend(piece for piece, _row in zip(page["rows"], fetched, strict=False))
    pieces.append(page["tail"])
    body = "".join(pieces).encode()
    start_response("200 OK", [("Content-Type", page["type"]), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__" and sys.argv[1:2] == ["capture"]:
    capture(sys.argv[2], sys.argv[3:])
