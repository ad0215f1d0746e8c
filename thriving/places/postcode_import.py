"""Importing postcodes: the file shipped in thriving/places/data, or a full ONS Postcode
Directory (ONSPD) as a CSV or as the zip ONS publishes.

An import lands whole or not at all. A first pass reads every row and checks it, without
writing; if any row is wrong, nothing is written and the problems are reported by line number.
A second pass writes the rows in batches, inside one transaction, updating postcodes that are
already known (an upsert), so importing the same file again adds nothing.
"""

import csv
import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple, TextIO

from django.db import transaction

from thriving.places.models import Postcode
from thriving.places.queries import MalformedPostcode, normalise_postcode
from thriving.places.reference import DATA_DIR

SHIPPED_FILE = DATA_DIR / "postcodes.csv.gz"
BATCH_SIZE = 2000
ONS_CODE = re.compile(r"^[A-Z][0-9]{8}$")
# ONSPD's mark for a postcode with no grid reference.
NO_LOCATION_LAT = 99.999999
# Wide enough for every UK postcode, including the Channel Islands, Scilly and Shetland.
LAT_RANGE = (49.0, 61.0)
LNG_RANGE = (-9.0, 2.0)


@dataclass(frozen=True)
class Layout:
    """Where each value is in one kind of file (column names, compared in lower case)."""

    postcode: str
    lat: str
    lng: str
    area: str
    local_authority: tuple[str, ...]
    terminated: str | None = None


FORMATS = {
    "shipped": Layout(postcode="postcode", lat="lat", lng="long", area="lsoa11cd", local_authority=("lad_code",)),
    "onspd": Layout(
        postcode="pcds", lat="lat", lng="long", area="lsoa11", local_authority=("oslaua", "laua"), terminated="doterm"
    ),
}


class PostcodeImportError(ValueError):
    """The file cannot be imported. `problems` lists each thing wrong, by line where there is one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportSummary:
    rows: int = 0
    added: int = 0
    updated: int = 0
    skipped_terminated: int = 0
    skipped_no_location: int = 0


class Record(NamedTuple):
    """One good row: the values of a Postcode."""

    postcode: str
    lat: float
    lng: float
    area_code: str
    local_authority_code: str


@dataclass(frozen=True)
class Row:
    line: int
    record: Record | None = None
    problems: tuple[str, ...] = ()
    skipped: str = ""  # "terminated" or "no_location"


def _csv_member(archive: zipfile.ZipFile) -> str:
    """The one ONSPD CSV in a zip: directly under Data/, or the zip's only CSV."""
    csvs = [name for name in archive.namelist() if name.lower().endswith(".csv")]
    in_data = [name for name in csvs if str(PurePosixPath(name).parent).lower() == "data"]
    chosen = in_data or csvs
    if len(chosen) != 1:
        found = ", ".join(chosen) or "no CSV file"
        raise PostcodeImportError([f"the zip must hold one postcode CSV under Data/; it holds {found}"])
    return chosen[0]


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """A CSV file as text, whether plain, gzip-compressed (.gz) or inside a zip (.zip)."""
    if not path.is_file():
        raise PostcodeImportError([f"there is no file {path}"])
    suffix = path.suffix.lower()
    try:
        if suffix == ".zip":
            with zipfile.ZipFile(path) as archive, archive.open(_csv_member(archive)) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        elif suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
                yield handle
        else:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                yield handle
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError) as error:
        raise PostcodeImportError([f"the file {path.name} cannot be read: {error}"]) from error
    except UnicodeDecodeError as error:
        raise PostcodeImportError([f"the file {path.name} is not UTF-8 text"]) from error


def _coordinate(raw: str, name: str, bounds: tuple[float, float], problems: list[str]) -> float | None:
    text = raw.strip()
    if not text:
        problems.append(f"{name} missing")
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{name} '{text[:20]}' is not a number")
        return None
    if not bounds[0] <= value <= bounds[1]:
        problems.append(f"{name} {text[:20]} is outside the UK")
        return None
    return value


def _row(line: int, values: list[str], columns: dict[str, int], layout: Layout) -> Row:
    if len(values) != len(columns):
        return Row(line, problems=(f"has {len(values)} fields where the header has {len(columns)}",))

    def get(name: str) -> str:
        return values[columns[name]].strip()

    if layout.terminated and get(layout.terminated):
        return Row(line, skipped="terminated")
    problems: list[str] = []
    raw_postcode = get(layout.postcode)
    postcode = ""
    try:
        postcode = normalise_postcode(raw_postcode)
    except MalformedPostcode:
        problems.append(f"malformed postcode '{raw_postcode[:20]}'" if raw_postcode else "postcode missing")
    raw_lat = get(layout.lat)
    if layout.terminated:  # ONSPD marks postcodes without a grid reference with 99.999999
        try:
            if float(raw_lat) == NO_LOCATION_LAT:
                return Row(line, skipped="no_location")
        except ValueError:
            pass
    lat = _coordinate(raw_lat, "latitude", LAT_RANGE, problems)
    lng = _coordinate(get(layout.lng), "longitude", LNG_RANGE, problems)
    area = get(layout.area).upper()
    if not area:
        problems.append("LSOA code missing")
    elif not ONS_CODE.match(area):
        problems.append(f"LSOA code '{area[:20]}' is not an ONS code")
    la_column = next(name for name in layout.local_authority if name in columns)
    local_authority = get(la_column).upper()
    if local_authority and not ONS_CODE.match(local_authority):
        problems.append(f"local authority code '{local_authority[:20]}' is not an ONS code")
    if problems or lat is None or lng is None:
        return Row(line, problems=tuple(problems))
    return Row(line, record=Record(postcode, lat, lng, area, local_authority))


def read_rows(path: Path, layout: Layout) -> Iterator[Row]:
    """Every row of the file, checked; line numbers count the header as line 1."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if not header:
                raise PostcodeImportError(["the file is empty"])
            columns = {name.strip().lower(): index for index, name in enumerate(header)}
            wanted = [layout.postcode, layout.lat, layout.lng, layout.area]
            if layout.terminated:
                wanted.append(layout.terminated)
            missing = [name for name in wanted if name not in columns]
            if not any(name in columns for name in layout.local_authority):
                missing.append(layout.local_authority[0])
            if missing:
                names = ", ".join(repr(name) for name in missing)
                raise PostcodeImportError([f"line 1: the header has no column {names}; is this the right --format?"])
            for values in reader:
                if not values or values == [""]:
                    continue
                yield _row(reader.line_num, values, columns, layout)
        except csv.Error as error:
            raise PostcodeImportError([f"line {reader.line_num}: {error}"]) from error


def check(path: Path, layout: Layout) -> tuple[ImportSummary, list[str]]:
    """Read the whole file without writing: what it would import, and every problem in it."""
    summary = ImportSummary()
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for row in read_rows(path, layout):
        if row.skipped == "terminated":
            summary.skipped_terminated += 1
        elif row.skipped == "no_location":
            summary.skipped_no_location += 1
        elif row.problems:
            problems.append(f"line {row.line}: {'; '.join(row.problems)}")
        elif row.record is not None:
            code = row.record.postcode
            if code in first_line:
                problems.append(f"line {row.line}: postcode {code} is already on line {first_line[code]}")
            else:
                first_line[code] = row.line
                summary.rows += 1
    if not problems and summary.rows == 0:
        problems.append("the file has no postcodes to import")
    return summary, problems


def import_postcodes(
    path: Path | None = None, file_format: str = "shipped", batch_size: int = BATCH_SIZE
) -> ImportSummary:
    """Import a postcode file whole, or raise PostcodeImportError and change nothing."""
    path = Path(path) if path else SHIPPED_FILE
    if file_format not in FORMATS:
        raise PostcodeImportError([f"unknown format {file_format!r}; use one of {', '.join(FORMATS)}"])
    layout = FORMATS[file_format]
    summary, problems = check(path, layout)
    if problems:
        raise PostcodeImportError(problems)
    with transaction.atomic():
        before = Postcode.objects.count()
        batch: list[Postcode] = []
        for row in read_rows(path, layout):
            if row.record is None:
                continue
            batch.append(Postcode(**row.record._asdict()))
            if len(batch) >= batch_size:
                _write(batch)
                batch = []
        if batch:
            _write(batch)
        summary.added = Postcode.objects.count() - before
    summary.updated = summary.rows - summary.added
    return summary


def _write(batch: list[Postcode]) -> None:
    Postcode.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["lat", "lng", "area_code", "local_authority_code"],
    )
