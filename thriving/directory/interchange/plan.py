"""Checking a Bundle into a Plan: every record mapped onto our models' fields and every
reference resolved against the feed or the directory, all before anything is written.

Fields a record does not have are left as they are; collections of a service that the feed
gives in full (its schedules, locations, languages, needs…) replace what we hold.

A record with a problem is set aside with its reason, and so is every record that depends on it
(`setaside.py`); the rest lands. The services' own checks are in `plan_services.py`."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from thriving.core.models import Organisation
from thriving.directory.interchange import setaside
from thriving.directory.interchange.bundle import Bundle, Row
from thriving.directory.interchange.fields import Reader, to_uuid
from thriving.directory.interchange.plan_services import ServiceChecks
from thriving.directory.interchange.report import Note
from thriving.directory.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from thriving.directory.openreferral.serialisers import IDENTIFIER_SCHEMES

MODELS = {
    "organizations": (Organisation, "organization"),
    "services": (Service, "service"),
    "locations": (Location, "location"),
    "taxonomies": (Taxonomy, "taxonomy"),
    "taxonomy_terms": (TaxonomyTerm, "taxonomy_term"),
    "service_at_locations": (ServiceAtLocation, "service_at_location"),
    "schedules": (Schedule, "schedule"),
    "contacts": (Contact, "contact"),
    "phones": (Phone, "phone"),
}
REFERENCES = {
    "organization_id": "organizations", "service_id": "services", "location_id": "locations",
    "taxonomy_id": "taxonomies", "taxonomy_term_id": "taxonomy_terms", "parent_id": "taxonomy_terms",
    "service_at_location_id": "service_at_locations", "link_id": "services", "contact_id": "contacts",
}
FACILITIES = set(Location.Facility.values)


@dataclass
class Plan:
    problems: list[Note]
    warnings: list[Note]
    records: dict[str, dict[uuid.UUID, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    prune: dict[uuid.UUID, set[str]] = field(default_factory=lambda: defaultdict(set))
    rows: dict[tuple[str, uuid.UUID], Row] = field(default_factory=dict)  # where each record came from
    refused: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))  # set aside


def _put(fields: dict[str, Any], **values: Any) -> None:
    fields.update({key: value for key, value in values.items() if value is not None})


class Checker(ServiceChecks):
    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.plan = Plan(problems=list(bundle.problems), warnings=bundle.warnings)
        wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
        for rows in bundle.tables.values():
            for row in rows.values():
                for column, table in REFERENCES.items():
                    raw = row.data.get(column)
                    if raw not in (None, "") and str(raw).strip() not in bundle.tables[table]:
                        wanted[table].add(to_uuid(MODELS[table][1], raw))
        self.known = {
            table: set(MODELS[table][0].objects.filter(uuid__in=keys).values_list("uuid", flat=True))
            for table, keys in wanted.items()
        }
        terms = [self.key("taxonomy_terms", raw) for raw in bundle.tables["taxonomy_terms"]]
        self.held_terms = set(TaxonomyTerm.objects.filter(uuid__in=terms).values_list("uuid", flat=True))
        services = [self.key("services", raw) for raw in bundle.tables["services"]]
        self.held_services = set(Service.objects.filter(uuid__in=services).values_list("uuid", flat=True))
        places = [self.key("locations", raw) for raw in bundle.tables["locations"]]
        self.held_locations = set(Location.objects.filter(uuid__in=places).values_list("uuid", flat=True))
        self.owner_of: dict[tuple[str, str], tuple[str, str]] = {}  # a folded row's record

    def reader(self, row: Row) -> Reader:
        return Reader(row, self.plan.problems, self.plan.warnings)

    def key(self, table: str, raw: Any) -> uuid.UUID:
        return to_uuid(MODELS[table][1], raw)

    def resolve(self, table: str, raw: str) -> uuid.UUID | None:
        """The UUID of a record the feed has or the directory holds; None for neither."""
        if not raw:
            return None
        key = self.key(table, raw)
        return key if raw in self.bundle.tables[table] or key in self.known.get(table, ()) else None

    def linked(self, table: str, column: str, raw: str) -> list[Row]:
        return self.bundle.rows(table, **{column: raw})

    def record(self, table: str, raw: str, row: Row, fields: dict[str, Any]) -> None:
        key = self.key(table, raw)
        self.plan.records[table][key] = fields
        self.plan.rows[(table, key)] = row

    def check(self) -> Plan:
        for step in (self.taxonomies, self.terms, self.organisations, self.locations, self.services):
            step()
        self.service_at_locations()
        self.schedules()
        setaside.set_aside(self.plan, self.owner_of, self.key, self.bundle.tables)
        return self.plan

    def taxonomies(self) -> None:
        for raw, row in self.bundle.tables["taxonomies"].items():
            r, fields = self.reader(row), {}
            _put(fields, name=r.text("name", 200, required=True), description=r.text("description"),
                 uri=r.url("uri"), version=r.text("version", 50))
            self.record("taxonomies", raw, row, fields)

    def terms(self) -> None:
        codes: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
        for raw, row in self.bundle.tables["taxonomy_terms"].items():
            r, fields, own = self.reader(row), {}, self.key("taxonomy_terms", raw)
            _put(fields, name=r.text("name", 200, required=True), description=r.text("description"),
                 code=r.text("code", 100), term_uri=r.url("term_uri"))
            taxonomy_raw = r.ref("taxonomy_id")
            taxonomy = self.resolve("taxonomies", taxonomy_raw)
            if taxonomy is None and not taxonomy_raw and own in self.held_terms:
                pass  # a term we hold, given without its taxonomy, stays in the one it is in
            elif taxonomy is None:
                label = (r.raw("taxonomy") or "Imported terms")[:200]
                taxonomy = self.key("taxonomies", taxonomy_raw or f"name:{label}")
                if taxonomy not in self.plan.records["taxonomies"]:
                    self.plan.records["taxonomies"][taxonomy] = {"name": label}
                    r.warn(f"its taxonomy {taxonomy_raw or label} is not in the feed; made a taxonomy called '{label}'")
            if taxonomy is not None:
                fields["taxonomy"] = taxonomy
            if r.has("parent_id"):
                parent = self.resolve("taxonomy_terms", r.ref("parent_id"))
                if r.ref("parent_id") and parent is None:
                    r.warn(f"parent {r.ref('parent_id')} is not in the feed or the directory; made it top-level")
                if parent == own:
                    r.refuse("a term cannot be its own parent", "parent_id", r.ref("parent_id"))
                fields["parent"] = parent
            if fields.get("code"):
                other = codes.setdefault((taxonomy, fields["code"]), own)
                if other != own:
                    r.refuse(f"code '{fields['code']}' is used by another term of the same taxonomy", "code",
                             fields["code"])
            self.record("taxonomy_terms", raw, row, fields)
        clashes = TaxonomyTerm.objects.filter(
            taxonomy__uuid__in={t for t, _ in codes}, code__in={c for _, c in codes}
        ).values_list("uuid", "taxonomy__uuid", "code")
        for term, taxonomy, code in clashes:
            mine = codes.get((taxonomy, code))
            if mine and mine != term and term not in self.plan.records["taxonomy_terms"]:
                row = self.plan.rows[("taxonomy_terms", mine)]
                self.plan.problems.append(row.note(f"code '{code}' is already used by term {term}", field="code",
                                                   value=code))

    def _phone(self, column: str, raw: str, owner: str) -> str | None:
        """The first phone of a location or an organisation, which keeps one; more are warned of."""
        found = None
        for row in self.linked("phones", column, raw):
            if row.data.get("service_id") or row.data.get("contact_id"):
                continue  # a service's or a contact's phone, kept on its own
            self.owner_of[("phones", row.data["id"])] = (owner, raw)
            r = self.reader(row)
            number = r.phone("number")
            if number and found is None:
                found = number
            elif number:
                r.warn(f"a second phone of one {owner[:-1]}; only the first is kept", "number", number)
        return found

    def organisations(self) -> None:
        for raw, row in self.bundle.tables["organizations"].items():
            r, fields = self.reader(row), {}
            website = r.url("website") if r.raw("website") or not r.has("url") else r.url("url")
            _put(fields, name=r.text("name", 200, required=True), description=r.prose("description"),
                 email=r.email("email"), website=website, logo=r.url("logo"), uri=r.url("uri"),
                 phone=self._phone("organization_id", raw, "organizations"))
            by_scheme = {scheme: name for name, (scheme, _) in IDENTIFIER_SCHEMES.items()}
            for item in self.linked("organization_identifiers", "organization_id", raw):
                ident = self.reader(item)
                self.owner_of[("organization_identifiers", item.data["id"])] = ("organizations", raw)
                name = by_scheme.get(ident.raw("identifier_scheme"))
                if name:
                    value = ident.raw("identifier").replace(" ", "")
                    try:
                        Organisation._meta.get_field(name).run_validators(value)
                        fields[name] = value
                    except ValidationError:
                        ident.warn(f"'{value}' is not a {name.replace('_', ' ')}; left out")
            self.record("organizations", raw, row, fields)

    def locations(self) -> None:
        whole_addresses = "addresses" in self.bundle.whole
        for raw, row in self.bundle.tables["locations"].items():
            r, fields = self.reader(row), {}
            addresses = self.linked("addresses", "location_id", raw)
            address = next((a for a in addresses if a.data.get("address_type") in (None, "", "physical")), None)
            a = self.reader(address or addresses[0]) if addresses else None
            name = r.raw("name") or r.raw("alternate_name") or (a.raw("address_1") if a else "") or "Unnamed place"
            _put(fields, name=name, description=r.prose("description"))
            if len(name) > 200:
                r.refuse("name is longer than 200 characters", "name", name)
            for item in addresses + self.linked("accessibility", "location_id", raw):
                self.owner_of[(item.table, item.data["id"])] = ("locations", raw)
            for axis, limit in (("latitude", 90), ("longitude", 180)):
                value = r.number(axis)
                if value is not None and abs(value) > limit:
                    r.warn(f"{axis} {value} is not on the earth; left without coordinates", axis, value)
                    fields["latitude"] = fields["longitude"] = None
                    break
                if r.has(axis):
                    fields[axis] = value
            if r.has("organization_id"):
                fields["organisation"] = self.resolve("organizations", r.ref("organization_id"))
                if r.ref("organization_id") and fields["organisation"] is None:
                    r.warn(f"organization {r.ref('organization_id')} is neither in the feed nor in the directory",
                           "organization_id", r.ref("organization_id"))
            if a is not None:
                country = a.raw("country").upper()
                if country and len(country) != 2:
                    a.refuse(f"country '{country}' is not a two-letter ISO 3166 code", "country", country)
                postcode = " ".join(a.raw("postal_code").upper().split())
                if len(postcode) > 8:
                    a.refuse("postal_code is longer than 8 characters", "postal_code", postcode)
                _put(fields, address_1=a.text("address_1", 200) or "", address_2=a.text("address_2", 200) or "",
                     city=a.text("city", 100) or "", region=a.text("region", 100) or "",
                     state_province=a.text("state_province", 100) or "", postcode=postcode, country=country)
                for extra in addresses[1:]:
                    self.reader(extra).warn("a location keeps one address; this one is left out", "address_1",
                                            extra.data.get("address_1"))
            elif whole_addresses or self.key("locations", raw) not in self.held_locations:
                fields.update(address_1="", address_2="", city="", region="", state_province="", postcode="",
                              country="")
            notes, facilities = [], []
            for item in self.linked("accessibility", "location_id", raw):
                detail = self.reader(item).raw("details")
                code = detail.removeprefix("facility:")
                if detail.startswith("facility:") and code in FACILITIES:
                    facilities.append(code)
                elif self.reader(item).prose("description"):
                    notes.append(self.reader(item).prose("description") or "")
            if notes or facilities or "accessibility" in self.bundle.whole:
                fields.update(accessibility="\n\n".join(notes), facilities=facilities)
            phone = self._phone("location_id", raw, "locations")
            if phone is not None or "phones" in self.bundle.whole:
                fields["phone"] = phone or ""
            self.record("locations", raw, row, fields)

    def service_at_locations(self) -> None:
        pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for raw, row in self.bundle.tables["service_at_locations"].items():
            r = self.reader(row)
            service = self.resolve("services", r.ref("service_id"))
            location = self.resolve("locations", r.ref("location_id"))
            for column, found in (("service_id", service), ("location_id", location)):
                if found is None:
                    r.refuse(f"{column} {r.ref(column) or '(none)'} is neither in the feed nor in the directory",
                             column, r.ref(column))
            if service and location:
                if (service, location) in pairs:
                    r.warn("the same service at the same location is listed twice; kept once")
                    continue
                pairs.add((service, location))
            fields = {"service": service, "location": location}
            _put(fields, description=r.prose("description"))
            self.record("service_at_locations", raw, row, fields)

    def schedules(self) -> None:
        for raw, row in self.bundle.tables["schedules"].items():
            r, fields = self.reader(row), {}
            for column, table, name in (
                ("service_id", "services", "service"),
                ("location_id", "locations", "location"),
                ("service_at_location_id", "service_at_locations", "service_at_location"),
            ):
                fields[name] = self.resolve(table, r.ref(column))
                if r.ref(column) and fields[name] is None:
                    r.refuse(f"{column} {r.ref(column)} is neither in the feed nor in the directory", column,
                             r.ref(column))
            if not (r.ref("service_id") or r.ref("location_id") or r.ref("service_at_location_id")):
                r.warn("a schedule of no service and no location; left out")
                continue
            freq = r.raw("freq").upper() or Schedule.Frequency.WEEKLY
            if freq not in Schedule.Frequency.values:
                r.refuse(f"freq '{r.raw('freq')}' is not one of {', '.join(Schedule.Frequency.values)}", "freq",
                         r.raw("freq"))
            fields.update(
                freq=freq, byday=r.byday("byday"), opens_at=r.time("opens_at"),
                closes_at=r.time("closes_at"), valid_from=r.date("valid_from"), valid_to=r.date("valid_to"),
                description=r.prose("description") or "",
            )
            self.record("schedules", raw, row, fields)


def check(bundle: Bundle) -> Plan:
    return Checker(bundle).check()
