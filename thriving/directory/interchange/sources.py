"""Reading a feed into a Bundle: a JSON file (one record, a list, or a page envelope, of ORUK 3.0
/ HSDS 3.0 or of ORUK 1.0), a folder of such pages, the HSDS CSV data package (1.x or 3.0, a
folder or a .zip), or the base URL of an ORUK API. Which standard and version it found, the
bundle says (`formats`); a shape it does not know is refused, saying what it expected."""

import contextlib
import csv
import io
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from django.conf import settings

from thriving.directory.interchange import legacy
from thriving.directory.interchange.bundle import Bundle, add_any, kind_of

ORUK3 = "Open Referral UK 3.0 / HSDS 3.0 JSON"
ORUK1 = "Open Referral UK 1.0 JSON"
CSV3 = "HSDS 3.0 CSV data package"
CSV1 = "HSDS 1.x CSV data package"
EXPECTED = (
    "expected ORUK 3.0 / HSDS 3.0 JSON (a page {\"contents\": [...]}, a record or a list of records), "
    "an ORUK 1.0 page of services {\"totalElements\": ..., \"content\": [...]}, "
    "or an HSDS CSV data package with services.csv"
)
CSV_FIELD_LIMIT = 2**31 - 1  # no field is too long (Python's default is 128 KiB)
Progress = Callable[[int], None] | None

# The HSDS CSV files and the tables they fill; a file may go by either name.
CSV_TABLES = {
    "service_at_location": "service_at_locations",
    "service_at_locations": "service_at_locations",
}
MAX_API_PAGES = 10_000
TIMEOUT_S = 30
MAX_RESPONSE_BYTES = 50 * 1024 * 1024  # one page, file or package fetched over HTTP


class SourceError(Exception):
    """A feed that cannot be read at all."""


def read(source: str, progress: Progress = None) -> Bundle:
    bundle = Bundle()
    bundle.progress = progress  # type: ignore[attr-defined]
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        return read_url(source, "api", progress)
    path = Path(source)
    if not path.exists():
        raise SourceError(f"There is no file or folder {source}")
    if path.is_dir():
        if (path / "datapackage.json").exists() or list(path.glob("*.csv")):
            read_csv_package(bundle, {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()})
        else:
            pages = sorted(path.glob("*.json"))
            if not pages:
                raise SourceError(f"{source} holds no JSON pages and no CSV data package")
            for page in pages:
                bundle.file = page.name
                read_json(bundle, _parse(page.read_bytes(), page.name), page.name)
    elif path.suffix.lower() == ".zip":
        read_csv_package(bundle, _unzip(path.read_bytes(), path.name))
    elif path.suffix.lower() == ".csv":
        raise SourceError(f"{path.name} is one CSV file; {EXPECTED} (a folder or a .zip)")
    else:
        bundle.file = path.name
        read_json(bundle, _parse(path.read_bytes(), path.name), path.name)
    return bundle


def read_url(url: str, kind: str = "api", progress: Progress = None, on_total: Progress = None) -> Bundle:
    """A feed at an address: the base URL of an ORUK API (`api`, following its pages), one JSON
    document (`json`) or an HSDS CSV data package as a .zip (`csv`). `on_total` is told how many
    services the API says it has, when it says."""
    bundle = Bundle()
    bundle.progress = progress  # type: ignore[attr-defined]
    bundle.on_total = on_total  # type: ignore[attr-defined]
    bundle.file = url.rstrip("/") if kind == "api" else url
    if kind == "json":
        read_json(bundle, fetch(url), url)
    elif kind == "csv":
        read_csv_package(bundle, _unzip(fetch_bytes(url, "application/zip, */*"), url))
    else:
        read_api(bundle, url.rstrip("/"))
    return bundle


def _unzip(content: bytes, name: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {Path(n).name: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    except zipfile.BadZipFile:
        raise SourceError(f"{Path(name).name} is not a zip file") from None


def _parse(content: bytes, name: str) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{name} is not valid JSON: {error}") from None


def _tick(bundle: Bundle) -> None:
    progress = getattr(bundle, "progress", None)
    if progress is not None:
        progress(len(bundle.tables["services"]))


def read_json(bundle: Bundle, document: Any, name: str, kind: str | None = None) -> None:
    """One record, a list of records, or a page envelope: `contents` (ORUK 3.0) or `content`
    with `totalElements` (ORUK 1.0)."""
    oruk1 = legacy.is_oruk1_page(document)
    if oruk1:
        records = document["content"]
    elif isinstance(document, dict) and isinstance(document.get("contents"), list):
        records = document["contents"]
    elif isinstance(document, list):
        records = document
    elif isinstance(document, dict) and (kind or kind_of(document) or legacy.is_oruk1_service(document)):
        records = [document]
    else:
        raise SourceError(f"{name} is not a feed this import knows: {EXPECTED}")
    if records and not any(isinstance(r, dict) and (kind or kind_of(r)) for r in records):
        raise SourceError(f"{name} holds no record this import knows: {EXPECTED}")
    for index, record in enumerate(records):
        where = f"{name} record {index + 1}" if len(records) > 1 else name
        if oruk1 or legacy.is_oruk1_service(record):
            bundle.found(ORUK1)
            record, left_out = legacy.service(record)
            for part in left_out:
                bundle.warn(f"its {part} have no place in this directory; left out",
                            f"{where}: service {record.get('id', '')}", table="services", id=str(record.get("id", "")),
                            field=part)
            kind = kind or "service"
        else:
            bundle.found(ORUK3)
        add_any(bundle, record, where, kind)
        if index % 100 == 99:
            _tick(bundle)
    _tick(bundle)


def read_csv_package(bundle: Bundle, files: dict[str, bytes]) -> None:
    """The CSV files of an HSDS data package, by their HSDS names. A datapackage.json, when it is
    one, may name the files differently; the published HSDS example's is not (it is a symlink)."""
    paths: dict[str, str] = {}
    descriptor = files.get("datapackage.json")
    if descriptor is not None:
        try:
            package = json.loads(descriptor.decode("utf-8-sig"))
            for resource in package.get("resources", []) if isinstance(package, dict) else []:
                if isinstance(resource, dict) and isinstance(resource.get("path"), str):
                    stem = Path(resource["path"]).stem
                    paths[Path(resource["path"]).name] = CSV_TABLES.get(stem, stem)
        except (UnicodeDecodeError, json.JSONDecodeError):
            bundle.warn("not a data package descriptor; reading the CSV files by name", "datapackage.json")
    for name in files:
        if name.lower().endswith(".csv") and name not in paths:
            stem = Path(name).stem
            paths[name] = CSV_TABLES.get(stem, stem)
    stems = {Path(name).stem for name in paths}
    version1 = bool(stems & legacy.V1_FILES)
    for name, stem in list(paths.items()):
        if stem in legacy.CSV_FILES and version1:
            paths[name] = legacy.CSV_FILES[stem][0]
    if "services" not in paths.values():
        raise SourceError(f"The data package has no services.csv: {EXPECTED}")
    bundle.found(CSV1 if version1 else CSV3)
    for name, table in sorted(paths.items()):
        if table not in bundle.tables:
            if name in files and table not in ("datapackage", "metadata", "meta_table_descriptions"):
                bundle.warn(f"{name} has no place in this directory; left out", name)
            continue
        if name not in files:
            raise SourceError(f"datapackage.json names {name}, which is not in the package")
        bundle.whole.add(table)
        bundle.file = name
        read_csv_table(bundle, table, name, files[name], Path(name).stem if version1 else "")


def read_csv_table(bundle: Bundle, table: str, name: str, content: bytes, version1: str = "") -> None:
    """One CSV file's rows; `version1` is the HSDS 1.x file's stem, whose columns are renamed."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        bundle.refuse("not UTF-8 text", name, table=table)
        return
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        bundle.refuse("the first line must name the columns, including id", name, table=table)
        return
    line = reader.line_num + 1
    for row in reader:
        data = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if version1:
            data = legacy.csv_row(version1, table, data)
        where = f"{name} line {line}"
        earlier = bundle.tables[table].get(data.get("id", ""))
        if earlier is not None and earlier.where.startswith(f"{name} line "):
            bundle.refuse(f"id {data['id']} is used again ({earlier.where}); set aside, not merged", where,
                          table=table, id=data["id"], field="id", value=data["id"], sets_aside=False)
        elif any(data.values()):
            bundle.add(table, data, where)
            if None in row:
                bundle.refuse("more values than columns", where, table=table, id=data.get("id", ""))
        line = reader.line_num + 1
        if table == "services" and line % 500 == 0:
            _tick(bundle)


# Feeds registered on a page are fetched by the server: only from public addresses, so a feed
# cannot make the server read what is inside its own network (a council's intranet, a cloud's
# metadata service). The operator's own `directory import` of an address is not limited.
_public_only: ContextVar[bool] = ContextVar("public_only", default=False)


@contextlib.contextmanager
def public_addresses_only() -> Iterator[None]:
    """Within this, every address fetched (and every redirect) must be a public one, unless
    DIRECTORY_FEEDS_ALLOW_PRIVATE is set (a directory inside the same network, or the tests)."""
    token = _public_only.set(not getattr(settings, "DIRECTORY_FEEDS_ALLOW_PRIVATE", False))
    try:
        yield
    finally:
        _public_only.reset(token)


def _check_address(url: str) -> None:
    if not _public_only.get():
        return
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise SourceError(f"Could not find the server of {url}") from None
    for address in sorted(found):
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise SourceError(f"{url} is not a public address ({host} is {address}): "
                              "a partner's feed must be published on the internet")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise SourceError(f"{req.full_url} redirects to {newurl}, not an http or https address")
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def fetch(url: str) -> Any:
    return _parse(fetch_bytes(url), url)


def fetch_bytes(url: str, accept: str = "application/json") -> bytes:
    """What the URL answers, within TIMEOUT_S seconds a read and MAX_RESPONSE_BYTES in all."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SourceError(f"{url} is not an http or https address")
    _check_address(url)
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": "thriving-import"})
    try:
        with _opener.open(request, timeout=TIMEOUT_S) as response:  # the scheme and address are checked
            content = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise SourceError(f"{url} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SourceError(f"Could not fetch {url}: {getattr(error, 'reason', error)}") from None
    if len(content) > MAX_RESPONSE_BYTES:
        raise SourceError(f"{url} answered more than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB; not read")
    return content


def _total(body: Any) -> int | None:
    """How many records a page of results says there are in all (ORUK 3.0 or 1.0)."""
    if isinstance(body, dict):
        for key in ("total_items", "totalElements"):
            if isinstance(body.get(key), int) and not isinstance(body.get(key), bool):
                return body[key]
    return None


def _pages(base: str, endpoint: str, optional: bool = False, total: Progress = None) -> list[dict]:
    records: list[dict] = []
    for page in range(1, MAX_API_PAGES + 1):
        url = f"{base}/{endpoint}?{urllib.parse.urlencode({'page': page, 'per_page': 100})}"
        try:
            body = fetch(url)
        except SourceError:
            if optional and page == 1:
                return []
            raise
        said = _total(body) if page == 1 else None
        if total is not None and said is not None:
            total(said)
        if legacy.is_oruk1_page(body):
            records.extend(item for item in body["content"] if isinstance(item, dict))
            if body.get("last", True) or not body["content"] or page >= int(body.get("totalPages") or page):
                break
            continue
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise SourceError(f"{url} did not answer a page of results: {EXPECTED}")
        records.extend(item for item in body["contents"] if isinstance(item, dict))
        if body.get("last_page", True) or not body["contents"]:
            break
    return records


def read_api(bundle: Bundle, base: str) -> None:
    """Every service of an ORUK API, each fetched in full, and its taxonomies when it has them."""
    for taxonomy in _pages(base, "taxonomies", optional=True):
        add_any(bundle, taxonomy, f"{base}/taxonomies", "taxonomy")
    for term in _pages(base, "taxonomy_terms", optional=True):
        add_any(bundle, term, f"{base}/taxonomy_terms", "taxonomy_term")
    for summary in _pages(base, "services", total=getattr(bundle, "on_total", None)):
        if legacy.is_oruk1_service(summary):  # ORUK 1.0 lists each service in full
            read_json(bundle, [summary], f"{base}/services")
            continue
        service_id = str(summary.get("id", "")).strip()
        if not service_id:
            bundle.refuse("a service without an id", f"{base}/services", table="services")
            continue
        url = f"{base}/services/{urllib.parse.quote(service_id, safe='')}"
        bundle.found(ORUK3)
        add_any(bundle, fetch(url), url, "service")
        _tick(bundle)
