"""A partner's ORUK 3.0 API for the harvest's tests, served over HTTP from a thread: a list of
services in pages of `per_page` (each page saying how many there are in all) and each service in
full. Tests change `services` to make the feed grow, shrink or fail (`broken`)."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

NAMESPACE = uuid.UUID("2f6a3c1e-0d4b-4c7a-9a58-3b1c1d2e0f00")
ORGANISATION_ID = str(uuid.uuid5(NAMESPACE, "organisation"))


def service(n: int, **fields) -> dict:
    """The n-th service of the feed, in full, at its own place."""
    service_id = str(uuid.uuid5(NAMESPACE, f"service {n}"))
    location_id = str(uuid.uuid5(NAMESPACE, f"location {n}"))
    record = {
        "id": service_id,
        "name": f"Riverside Lunch Club {n}",
        "description": "Hot meals and company.",
        "status": "active",
        "organization": {"id": ORGANISATION_ID, "name": "Riverside Community Trust", "description": "Lunches"},
        "service_at_locations": [{"id": str(uuid.uuid5(NAMESPACE, f"sal {n}")), "location": {
            "id": location_id, "name": f"Riverside Hall {n}", "latitude": 53.1, "longitude": -1.3}}],
    }
    return {**record, **fields}


class FeedServer:
    def __init__(self, count: int = 3, per_page: int = 2) -> None:
        self.services = [service(n) for n in range(1, count + 1)]
        self.per_page = per_page
        self.broken = False
        self.requests: list[str] = []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server spelling
                feed.requests.append(self.path)
                status, body = feed.answer(self.path)
                content = json.dumps(body).encode() if body is not None else b"{}"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/oruk"

    def answer(self, path: str) -> tuple[int, dict | None]:
        parts = urlsplit(path)
        if self.broken:
            return 500, None
        if parts.path == "/oruk/services":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            total = len(self.services)
            pages = max(1, -(-total // self.per_page))
            start = (page - 1) * self.per_page
            contents = [{"id": s["id"], "name": s["name"]} for s in self.services[start:start + self.per_page]]
            return 200, {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
                         "first_page": page == 1, "last_page": page >= pages, "empty": not contents,
                         "contents": contents}
        if parts.path.startswith("/oruk/services/"):
            wanted = unquote(parts.path.rsplit("/", 1)[1])
            for record in self.services:
                if record["id"] == wanted:
                    return 200, record
        return 404, None

    def start(self) -> "FeedServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
