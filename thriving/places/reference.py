"""Loading the reference data shipped in thriving/places/data: local authorities, LSOAs with
their deprivation figures, and the localities made of whole wards.

Loading is idempotent: each row is matched on its code (or slug) and written only when a value
differs, so a second load changes nothing and adds nothing.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from thriving.places import geometry
from thriving.places.models import Area, LocalAuthority, Locality

DATA_DIR = Path(__file__).resolve().parent / "data"
WARD_DIR = DATA_DIR / "geo" / "ward"


class ReferenceDataError(ValueError):
    """The shipped reference data does not fit together (for example, an unknown ward)."""


@dataclass
class Tally:
    """What a load did to one kind of row."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class LoadSummary:
    local_authorities: Tally = field(default_factory=Tally)
    localities: Tally = field(default_factory=Tally)
    areas: Tally = field(default_factory=Tally)
    areas_in_localities: int = 0


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _optional_int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _optional_float(value: str) -> float | None:
    return float(value) if value.strip() else None


def sync(model: type[models.Model], key: str, rows: dict[str, dict[str, Any]]) -> Tally:
    """Make the rows of `model` whose `key` is in `rows` hold the given values: add the
    missing ones and update only those that differ. Rows not mentioned are left alone."""
    tally = Tally()
    existing = model.objects.in_bulk(list(rows), field_name=key)
    new, changed, changed_fields = [], [], set()
    for value, values in rows.items():
        found = existing.get(value)
        if found is None:
            new.append(model(**{key: value}, **values))
            continue
        differing = [name for name, wanted in values.items() if getattr(found, name) != wanted]
        if not differing:
            tally.unchanged += 1
            continue
        for name in differing:
            setattr(found, name, values[name])
        changed.append(found)
        changed_fields.update(differing)
    if new:
        model.objects.bulk_create(new)
    if changed:
        if any(f.name == "updated_at" for f in model._meta.get_fields()):
            now = timezone.now()
            for row in changed:
                row.updated_at = now
            changed_fields.add("updated_at")
        model.objects.bulk_update(changed, sorted(changed_fields))
    tally.added, tally.updated = len(new), len(changed)
    return tally


def read_wards(ward_dir: Path = WARD_DIR) -> dict[str, dict]:
    """Every shipped ward by its code: {"code", "name", "local_authority", "geometry"}."""
    wards = {}
    for path in sorted(ward_dir.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            wards[props["WD25CD"]] = {
                "code": props["WD25CD"],
                "name": props["WD25NM"],
                "local_authority": props["LAD25CD"],
                "geometry": feature["geometry"],
            }
    return wards


def local_authority_rows(data_dir: Path = DATA_DIR) -> dict[str, dict[str, Any]]:
    return {
        row["code"]: {"name": row["name"], "county_code": row["county_code"], "county_name": row["county_name"]}
        for row in _read_csv(data_dir / "local_authorities.csv")
    }


def locality_rows(
    authority_ids: dict[str, int], wards: dict[str, dict], data_dir: Path = DATA_DIR
) -> dict[str, dict[str, Any]]:
    """The shipped localities, each with the union of its wards as its boundary."""
    rows = {}
    entries = json.loads((data_dir / "localities.json").read_text(encoding="utf-8"))
    for entry in entries:
        slug = entry["slug"]
        if entry["local_authority"] not in authority_ids:
            raise ReferenceDataError(f"Locality {slug}: unknown local authority {entry['local_authority']}")
        unknown = [code for code in entry["ward_codes"] if code not in wards]
        if unknown or not entry["ward_codes"]:
            raise ReferenceDataError(f"Locality {slug}: unknown wards {', '.join(unknown) or '(none given)'}")
        its_wards = [wards[code] for code in entry["ward_codes"]]
        elsewhere = [w["name"] for w in its_wards if w["local_authority"] != entry["local_authority"]]
        if elsewhere:
            raise ReferenceDataError(f"Locality {slug}: wards {', '.join(elsewhere)} are in another local authority")
        boundary = geometry.union_of(w["geometry"] for w in its_wards)
        rows[slug] = {
            "name": entry["name"],
            "local_authority_id": authority_ids[entry["local_authority"]],
            "description": entry.get("description", ""),
            "ward_codes": list(entry["ward_codes"]),
            "ward_names": [w["name"] for w in its_wards],
            "boundary": boundary.geojson,
            "centre_lat": boundary.centre_lat,
            "centre_lng": boundary.centre_lng,
        }
    return rows


def area_rows(authority_ids: dict[str, int], data_dir: Path = DATA_DIR) -> dict[str, dict[str, Any]]:
    """The LSOAs (2011), each in the locality whose boundary holds its centre, if any."""
    within = geometry.Containment(
        (locality.pk, locality.boundary)
        for locality in Locality.objects.filter(boundary__isnull=False).order_by("name", "pk")
        if locality.boundary
    )
    rows = {}
    for row in _read_csv(data_dir / "lsoa11.csv"):
        if row["local_authority_code"] not in authority_ids:
            raise ReferenceDataError(f"LSOA {row['code']}: unknown local authority {row['local_authority_code']}")
        lat, lng = _optional_float(row["lat"]), _optional_float(row["lng"])
        rows[row["code"]] = {
            "name": row["name"],
            "local_authority_id": authority_ids[row["local_authority_code"]],
            "imd_rank": _optional_int(row["imd_rank"]),
            "imd_decile": _optional_int(row["imd_decile"]),
            "centre_lat": lat,
            "centre_lng": lng,
            "locality_id": within.find(lat, lng),
        }
    return rows


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> LoadSummary:
    """Load local authorities, then localities, then LSOAs (which need the localities' boundaries),
    in one transaction."""
    summary = LoadSummary()
    summary.local_authorities = sync(LocalAuthority, "code", local_authority_rows(data_dir))
    authority_ids = dict(LocalAuthority.objects.values_list("code", "pk"))
    wards = read_wards(data_dir / "geo" / "ward")
    summary.localities = sync(Locality, "slug", locality_rows(authority_ids, wards, data_dir))
    areas = area_rows(authority_ids, data_dir)
    summary.areas = sync(Area, "code", areas)
    summary.areas_in_localities = sum(1 for row in areas.values() if row["locality_id"] is not None)
    return summary
