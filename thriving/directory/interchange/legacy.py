"""Open Referral UK 1.0 and HSDS 1.x, read as HSDS 3.0.

ORUK 1.0 publishes `/services` as pages `{"totalElements", "totalPages", "number", "content":
[service…]}`, each service nested: its organization, `service_at_locations` → `location` with
`physical_addresses` and `accessibility_for_disabilities`, `regular_schedules`, `contacts` with
`phones`, `eligibilitys`, `languages`, `cost_options`, `service_areas` and `service_taxonomys` →
`taxonomy`. HSDS 1.x data packages name their files `physical_addresses.csv`,
`regular_schedules.csv`, `services_at_location.csv`… Each is renamed here, field by field, into
the HSDS 3.0 tables the checker reads; what our model has no place for is warned of."""

from typing import Any

# Fields that only an ORUK 1.0 service has.
ORUK1_MARKERS = {
    "regular_schedules", "service_taxonomys", "eligibilitys", "deliverable_type", "attending_type",
    "attending_access", "holiday_schedules", "reviews", "fundings",
}
WEEKDAYS = {
    "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR", "saturday": "SA",
    "sunday": "SU", "mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU",
    "1": "MO", "2": "TU", "3": "WE", "4": "TH", "5": "FR", "6": "SA", "7": "SU",
}
LEFT_OUT = ("holiday_schedules", "fundings", "reviews")


def is_oruk1_page(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("content"), list) and (
        "totalElements" in document or "totalPages" in document or "number" in document
    )


def is_oruk1_service(record: Any) -> bool:
    return isinstance(record, dict) and bool(ORUK1_MARKERS & set(record))


def _schedule(item: dict) -> dict:
    found = dict(item)
    if not found.get("byday") and found.get("weekday") not in (None, ""):
        found["byday"] = WEEKDAYS.get(str(found["weekday"]).strip().lower(), str(found["weekday"]))
    found.pop("weekday", None)
    return found


def _location(location: dict) -> dict:
    found = {k: v for k, v in location.items()
             if k not in ("physical_addresses", "postal_addresses", "accessibility_for_disabilities",
                          "regular_schedules")}
    addresses = [{**a, "address_type": "physical"} for a in location.get("physical_addresses") or []
                 if isinstance(a, dict)]
    addresses += [{**a, "address_type": "postal"} for a in location.get("postal_addresses") or []
                  if isinstance(a, dict)]
    found["addresses"] = addresses
    found["accessibility"] = [
        {"id": a.get("id"), "description": a.get("accessibility"), "details": a.get("details")}
        for a in location.get("accessibility_for_disabilities") or [] if isinstance(a, dict)
    ]
    if location.get("regular_schedules"):
        found["schedules"] = [_schedule(s) for s in location["regular_schedules"] if isinstance(s, dict)]
    return found


def _ages(eligibilitys: list[dict], found: dict) -> None:
    """The service's ages from its eligibilities; -1 (no limit) is passed on for the checker to say so."""
    for column, pick in (("minimum_age", min), ("maximum_age", max)):
        ages = [e.get(column) for e in eligibilitys if e.get(column) not in (None, "")]
        if len(ages) == 1 or any(str(a).strip() in ("-1", "-1.0") for a in ages):
            found[column] = ages[0] if len(ages) == 1 else -1
        elif ages:
            try:
                found[column] = pick(float(a) for a in ages)
            except (TypeError, ValueError):
                found[column] = ages[0]


def service(record: dict) -> tuple[dict, list[str]]:
    """An ORUK 1.0 service as an HSDS 3.0 service; and the names of what was left out."""
    found = {k: v for k, v in record.items() if k not in ORUK1_MARKERS - {"deliverable_type", "attending_type",
                                                                          "attending_access"}}
    left_out = [name for name in LEFT_OUT if record.get(name)]
    if "fees" in record and "fees_description" not in record:
        found["fees_description"] = record["fees"]
    organisation = record.get("organization")
    if isinstance(organisation, dict):
        found["organization"] = {**organisation}
        if organisation.get("url") and not organisation.get("website"):
            found["organization"]["website"] = organisation["url"]
    eligibilitys = [e for e in record.get("eligibilitys") or [] if isinstance(e, dict)]
    if "eligibilitys" in record:
        found["eligibilities"] = eligibilitys
        _ages(eligibilitys, found)
    if "regular_schedules" in record:
        found["schedules"] = [_schedule(s) for s in record["regular_schedules"] or [] if isinstance(s, dict)]
    found["languages"] = [
        {"id": lang.get("id"), "name": lang.get("language") or lang.get("name"), "code": lang.get("code")}
        for lang in record.get("languages") or [] if isinstance(lang, dict)
    ] if "languages" in record else found.get("languages")
    if "service_areas" in record:
        found["service_areas"] = [
            {**area, "name": area.get("name") or area.get("service_area")}
            for area in record["service_areas"] or [] if isinstance(area, dict)
        ]
    if "service_at_locations" in record:
        found["service_at_locations"] = [
            {**sal, "location": _location(sal["location"]) if isinstance(sal.get("location"), dict) else None,
             "schedules": [_schedule(s) for s in sal.get("regular_schedules") or [] if isinstance(s, dict)]}
            for sal in record["service_at_locations"] or [] if isinstance(sal, dict)
        ]
    if "service_taxonomys" in record:
        found["attributes"] = []
        for index, item in enumerate(record["service_taxonomys"] or []):
            term = item.get("taxonomy") if isinstance(item, dict) else None
            if not isinstance(term, dict):
                continue
            parent = term.get("parent")
            found["attributes"].append({
                "id": item.get("id") or f"{record.get('id')}/service_taxonomys/{index}",
                "taxonomy_term": {
                    "id": term.get("id"), "name": term.get("name"), "taxonomy": term.get("vocabulary") or "",
                    "parent_id": parent.get("id") if isinstance(parent, dict) else parent,
                },
            })
    return {k: v for k, v in found.items() if v is not None}, left_out


# HSDS 1.x CSV files: file stem -> (our table, {their column: our column}, fixed values).
CSV_FILES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "physical_addresses": ("addresses", {}, {"address_type": "physical"}),
    "postal_addresses": ("addresses", {}, {"address_type": "postal"}),
    "regular_schedules": ("schedules", {}, {}),
    "services_at_location": ("service_at_locations", {}, {}),
    "accessibility_for_disabilities": ("accessibility", {"accessibility": "description"}, {}),
    "language": ("languages", {"language": "name"}, {}),
    "service_area": ("service_areas", {"service_area": "name"}, {}),
    "eligibility": ("eligibilities", {}, {}),
    "service_taxonomy": ("attributes", {"service_id": "link_id", "taxonomy_id": "taxonomy_term_id"},
                         {"link_entity": "service"}),
    "taxonomy": ("taxonomy_terms", {"vocabulary": "taxonomy"}, {}),
}
V1_FILES = set(CSV_FILES) | {"holiday_schedules", "funding", "programs", "service_attributes"}


def csv_row(stem: str, table: str, data: dict[str, str]) -> dict[str, str]:
    """An HSDS 1.x row as an HSDS 3.0 row."""
    _, renames, fixed = CSV_FILES.get(stem, (table, {}, {}))
    found = {renames.get(k, k): v for k, v in data.items()}
    for name, value in fixed.items():
        found.setdefault(name, value) if found.get(name) else found.update({name: value})
    if table == "schedules":
        found = _schedule(found)
    if table == "languages" and not found.get("name") and data.get("language"):
        found["name"] = data["language"]
    if table == "organizations" and found.get("url") and not found.get("website"):
        found["website"] = found.pop("url")
    return found
