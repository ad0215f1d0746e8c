"""Reading a feed into a Bundle: a JSON file (one record, a list, or a page envelope), a folder
of such pages, the HSDS CSV data package (a folder or a .zip), or the base URL of an ORUK API."""

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from thriving.directory.interchange.bundle import Bundle, add_any

# The HSDS CSV files and the tables they fill; a file may go by either name.
CSV_TABLES = {
    "service_at_location": "service_at_locations",
    "service_at_locations": "service_at_locations",
}
MAX_API_PAGES = 10_000
TIMEOUT_S = 30


class SourceError(Exception):
    """A feed that cannot be read at all."""


def read(source: str) -> Bundle:
    bundle = Bundle()
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        read_api(bundle, source.rstrip("/"))
        return bundle
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
                read_json(bundle, _parse(page.read_bytes(), page.name), page.name)
    elif path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                files = {Path(n).name: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
        except zipfile.BadZipFile:
            raise SourceError(f"{path.name} is not a zip file") from None
        read_csv_package(bundle, files)
    else:
        read_json(bundle, _parse(path.read_bytes(), path.name), path.name)
    return bundle


def _parse(content: bytes, name: str) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{name} is not valid JSON: {error}") from None


def read_json(bundle: Bundle, document: Any, name: str, kind: str | None = None) -> None:
    """One record, a list of records, or a page envelope with `contents`."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        records = document["contents"]
    elif isinstance(document, list):
        records = document
    else:
        records = [document]
    for index, record in enumerate(records):
        add_any(bundle, record, f"{name} record {index + 1}" if len(records) > 1 else name, kind)


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
            bundle.warnings.append("datapackage.json is not a data package descriptor; reading the CSV files by name")
    for name in files:
        if name.lower().endswith(".csv") and name not in paths:
            stem = Path(name).stem
            paths[name] = CSV_TABLES.get(stem, stem)
    if "services" not in paths.values():
        raise SourceError("The data package has no services.csv")
    for name, table in sorted(paths.items()):
        if table not in bundle.tables:
            continue
        if name not in files:
            raise SourceError(f"datapackage.json names {name}, which is not in the package")
        bundle.whole.add(table)
        read_csv_table(bundle, table, name, files[name])


def read_csv_table(bundle: Bundle, table: str, name: str, content: bytes) -> None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        bundle.problems.append(f"{name}: not UTF-8 text")
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        bundle.problems.append(f"{name}: the first line must name the columns, including id")
        return
    line = reader.line_num + 1
    for row in reader:
        if None in row:
            bundle.problems.append(f"{name} line {line}: more values than columns")
        data = {key: (value or "").strip() for key, value in row.items() if key is not None}
        earlier = bundle.tables[table].get(data.get("id", ""))
        if earlier is not None and earlier.where.startswith(f"{name} line "):
            bundle.problems.append(f"{name} line {line}: id {data['id']} is used again ({earlier.where})")
        elif any(data.values()):
            bundle.add(table, data, f"{name} line {line}")
        line = reader.line_num + 1


def fetch(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "thriving-import"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return _parse(response.read(), url)
    except urllib.error.HTTPError as error:
        raise SourceError(f"{url} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SourceError(f"Could not fetch {url}: {getattr(error, 'reason', error)}") from None


def _pages(base: str, endpoint: str, optional: bool = False) -> list[dict]:
    records: list[dict] = []
    for page in range(1, MAX_API_PAGES + 1):
        url = f"{base}/{endpoint}?{urllib.parse.urlencode({'page': page, 'per_page': 100})}"
        try:
            body = fetch(url)
        except SourceError:
            if optional and page == 1:
                return []
            raise
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise SourceError(f"{url} did not answer a page of results")
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
    for summary in _pages(base, "services"):
        service_id = str(summary.get("id", "")).strip()
        if not service_id:
            bundle.problems.append(f"{base}/services: a service without an id")
            continue
        url = f"{base}/services/{urllib.parse.quote(service_id, safe='')}"
        add_any(bundle, fetch(url), url, "service")
