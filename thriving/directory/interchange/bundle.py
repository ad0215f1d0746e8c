"""HSDS records as flat tables, whatever they came from.

Nested JSON (a service with its organisation, locations, schedules…) is flattened into the same
tables the HSDS CSV data package has, each row remembering where it came from so a refusal can
say "services.csv line 12" or "service 7f2…"."""

from dataclasses import dataclass, field
from typing import Any

from thriving.directory.interchange.report import Note, note

TABLES = (
    "taxonomies", "taxonomy_terms", "organizations", "organization_identifiers", "locations", "addresses",
    "accessibility", "services", "service_at_locations", "schedules", "phones", "contacts", "languages",
    "service_areas", "cost_options", "attributes", "eligibilities",
)
# Collections of a service that a full record carries; a re-import replaces them.
SERVICE_COLLECTIONS = {
    "schedules": "schedules", "service_areas": "service_areas", "service_at_locations": "service_at_locations",
    "languages": "languages", "cost_options": "cost_options", "phones": "phones", "contacts": "contacts",
    "attributes": "attributes", "eligibilities": "eligibilities",
}


@dataclass
class Row:
    data: dict[str, Any]
    where: str
    table: str = ""
    file: str = ""

    def note(self, reason: str, **fields: Any) -> Note:
        return note(reason, self.where, self.file, table=self.table, id=str(self.data.get("id", "")), **fields)


@dataclass
class Bundle:
    tables: dict[str, dict[str, Row]] = field(default_factory=lambda: {name: {} for name in TABLES})
    carried: set[tuple[str, str]] = field(default_factory=set)  # (table, service id) given in full
    whole: set[str] = field(default_factory=set)  # tables given in full for every service (CSV)
    problems: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    file: str = ""  # the file (or address) being read
    formats: list[str] = field(default_factory=list)  # the standards and versions found
    top: dict[tuple[str, str], str] = field(default_factory=dict)  # records listed at the top of a feed

    def refuse(self, reason: str, where: str, **fields: Any) -> None:
        self.problems.append(note(reason, where, self.file, **fields))

    def warn(self, reason: str, where: str, **fields: Any) -> None:
        self.warnings.append(note(reason, where, self.file, **fields))

    def found(self, name: str) -> None:
        if name not in self.formats:
            self.formats.append(name)

    def add(self, table: str, data: dict[str, Any], where: str, fallback_id: str = "") -> str | None:
        """Add (or merge into) a row; the row's id, or None when it has none."""
        raw = data.get("id")
        key = str(raw).strip() if raw not in (None, "") else fallback_id
        if not key:
            self.refuse("id missing", where, table=table, field="id")
            return None
        scalars = {k: v for k, v in data.items() if not isinstance(v, dict | list)}
        scalars["id"] = key
        existing = self.tables[table].get(key)
        if existing is None:
            self.tables[table][key] = Row(scalars, where, table, self.file)
        else:
            for name, value in scalars.items():
                if value not in (None, "") or name not in existing.data:
                    existing.data[name] = value
        return key

    def carries(self, table: str, service_id: str) -> bool:
        return table in self.whole or (table, service_id) in self.carried

    def rows(self, table: str, **match: str) -> list[Row]:
        return [
            row for row in self.tables[table].values() if all(_text(row.data.get(k)) == v for k, v in match.items())
        ]

    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _where(kind: str, record: dict, context: str) -> str:
    label = f"{kind} {_text(record.get('id')) or '(no id)'}"
    return f"{context}: {label}" if context else label


def _children(bundle: Bundle, record: dict, key: str, table: str, parent: tuple[str, str], where: str) -> list[dict]:
    """Rows of a nested list, linked to the parent; their ids default to parent/key/index."""
    found = []
    for index, item in enumerate(record.get(key) or []):
        if not isinstance(item, dict):
            bundle.refuse(f"{key} must hold objects", where, field=key)
            continue
        link, parent_id = parent
        data = {**item, link: item.get(link) or parent_id}
        if bundle.add(table, data, f"{where} {key}[{index}]", f"{parent_id}/{key}/{index}"):
            found.append(item)
    return found


def add_service(bundle: Bundle, record: dict, context: str = "") -> None:
    where = _where("service", record, context)
    organisation = record.get("organization")
    data = dict(record)
    if isinstance(record.get("access"), list):
        data["access"] = ",".join(str(item) for item in record["access"])
    if isinstance(organisation, dict):
        add_organisation(bundle, organisation, context, with_services=False)
        data["organization_id"] = record.get("organization_id") or organisation.get("id")
    service_id = bundle.add("services", data, where)
    if service_id is None:
        return
    for key, table in SERVICE_COLLECTIONS.items():
        if key in record:
            bundle.carried.add((table, service_id))
    link = ("service_id", service_id)
    for key in ("schedules", "service_areas", "languages", "cost_options", "phones", "eligibilities"):
        _children(bundle, record, key, key, link, where)
    for contact in _children(bundle, record, "contacts", "contacts", link, where):
        contact_id = _text(contact.get("id"))
        if contact_id:
            _children(bundle, contact, "phones", "phones", ("contact_id", contact_id), where)
    for index, attribute in enumerate(record.get("attributes") or []):
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict):
            add_term(bundle, term, context)
        if isinstance(attribute, dict):
            # Nested in a service, an attribute is the service's, whatever its link fields say.
            data = {**attribute, "link_id": service_id, "link_entity": "service"}
            data["taxonomy_term_id"] = attribute.get("taxonomy_term_id") or (term or {}).get("id")
            bundle.add("attributes", data, f"{where} attributes[{index}]", f"{service_id}/attributes/{index}")
    for index, item in enumerate(record.get("service_at_locations") or []):
        if not isinstance(item, dict):
            continue
        location = item.get("location")
        data = {**item, "service_id": service_id}
        if isinstance(location, dict):
            add_location(bundle, location, context)
            data["location_id"] = item.get("location_id") or location.get("id")
        link_id = bundle.add("service_at_locations", data, f"{where} service_at_locations[{index}]")
        for number, schedule in enumerate(item.get("schedules") or [] if link_id else []):
            if isinstance(schedule, dict):
                bundle.add("schedules", {"service_id": service_id, **schedule, "service_at_location_id": link_id},
                           f"{where} service_at_locations[{index}] schedules[{number}]",
                           f"{link_id}/schedules/{number}")


def add_location(bundle: Bundle, record: dict, context: str = "") -> None:
    where = _where("location", record, context)
    location_id = bundle.add("locations", record, where)
    if location_id is None:
        return
    link = ("location_id", location_id)
    for key in ("addresses", "accessibility", "phones"):
        _children(bundle, record, key, key, link, where)
    for index, item in enumerate(record.get("schedules") or []):
        if isinstance(item, dict):
            data = {**item, "location_id": item.get("location_id") or location_id}
            bundle.add("schedules", data, f"{where} schedules[{index}]", f"{location_id}/schedules/{index}")


def add_organisation(bundle: Bundle, record: dict, context: str = "", with_services: bool = True) -> None:
    where = _where("organization", record, context)
    organisation_id = bundle.add("organizations", record, where)
    if organisation_id is None:
        return
    link = ("organization_id", organisation_id)
    _children(bundle, record, "organization_identifiers", "organization_identifiers", link, where)
    _children(bundle, record, "phones", "phones", link, where)
    for service in record.get("services") or [] if with_services else []:
        if isinstance(service, dict):
            add_service(bundle, {**service, "organization_id": service.get("organization_id") or organisation_id})


def add_term(bundle: Bundle, record: dict, context: str = "") -> None:
    detail = record.get("taxonomy_detail")
    if isinstance(detail, dict) and detail.get("id"):
        bundle.add("taxonomies", detail, _where("taxonomy", detail, context))
        record = {**record, "taxonomy_id": record.get("taxonomy_id") or detail["id"]}
    bundle.add("taxonomy_terms", record, _where("taxonomy term", record, context))


def add_taxonomy(bundle: Bundle, record: dict, context: str = "") -> None:
    taxonomy_id = bundle.add("taxonomies", record, _where("taxonomy", record, context))
    for term in record.get("taxonomy_terms") or []:
        if isinstance(term, dict) and taxonomy_id:
            add_term(bundle, {**term, "taxonomy_id": term.get("taxonomy_id") or taxonomy_id}, context)


def add_service_at_location(bundle: Bundle, record: dict, context: str = "") -> None:
    service = record.get("service")
    if isinstance(service, dict):
        add_service(bundle, service, context)
    location = record.get("location")
    if isinstance(location, dict):
        add_location(bundle, location, context)
    data = {
        **record,
        "service_id": record.get("service_id") or (service or {}).get("id"),
        "location_id": record.get("location_id") or (location or {}).get("id"),
    }
    bundle.add("service_at_locations", data, _where("service_at_location", record, context))


TOP_TABLES = {
    "service": "services", "organization": "organizations", "location": "locations", "taxonomy": "taxonomies",
    "taxonomy_term": "taxonomy_terms", "service_at_location": "service_at_locations",
}
ADDERS = {
    "service": add_service,
    "organization": add_organisation,
    "location": add_location,
    "taxonomy": add_taxonomy,
    "taxonomy_term": add_term,
    "service_at_location": add_service_at_location,
}


def kind_of(record: dict) -> str | None:
    """What an HSDS JSON record is, from its fields."""
    if "location" in record and "service" in record:
        return "service_at_location"
    if "status" in record:
        return "service"
    if "taxonomy_terms" in record:
        return "taxonomy"
    if any(key in record for key in ("parent_id", "taxonomy_id", "term_uri", "code", "taxonomy")):
        return "taxonomy_term"
    if any(key in record for key in ("location_type", "addresses", "latitude")):
        return "location"
    if any(key in record for key in ("services", "organization_identifiers", "website", "legal_status")):
        return "organization"
    return None


def add_any(bundle: Bundle, record: Any, context: str, kind: str | None = None) -> None:
    """A record listed at the top of a feed. Two of one kind with one id are not merged: the
    second is set aside."""
    if not isinstance(record, dict):
        bundle.refuse("a record must be a JSON object", context, value=str(record)[:60])
        return
    kind = kind or kind_of(record)
    if kind is None:
        bundle.refuse(
            "cannot tell what kind of HSDS record it is (expected a service, organization, location, "
            "service_at_location, taxonomy or taxonomy_term)", _where("record", record, context),
            id=_text(record.get("id")),
        )
        return
    record_id = _text(record.get("id"))
    if record_id:
        first = bundle.top.setdefault((kind, record_id), _where(kind, record, context))
        if first != _where(kind, record, context):
            bundle.refuse(f"the id is used again (first at {first}); this record is set aside, not merged",
                          _where(kind, record, context), table=TOP_TABLES[kind], id=record_id, field="id",
                          value=record_id, sets_aside=False)
            return
    ADDERS[kind](bundle, record, context)
