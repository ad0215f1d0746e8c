"""Checking a Bundle into a Plan: every record mapped onto our models' fields and every
reference resolved against the feed or the directory, all before anything is written.

Fields a record does not have are left as they are; collections of a service that the feed
gives in full (its schedules, locations, languages, needs…) replace what we hold."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from thriving.core.models import Organisation
from thriving.directory.interchange.bundle import Bundle, Row
from thriving.directory.interchange.fields import Reader, to_uuid
from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from thriving.directory.openreferral.serialisers import IDENTIFIER_SCHEMES, LANGUAGE_NAMES
from thriving.places.models import Locality

MODELS = {
    "organizations": (Organisation, "organization"),
    "services": (Service, "service"),
    "locations": (Location, "location"),
    "taxonomies": (Taxonomy, "taxonomy"),
    "taxonomy_terms": (TaxonomyTerm, "taxonomy_term"),
    "service_at_locations": (ServiceAtLocation, "service_at_location"),
    "schedules": (Schedule, "schedule"),
}
REFERENCES = {
    "organization_id": "organizations", "service_id": "services", "location_id": "locations",
    "taxonomy_id": "taxonomies", "taxonomy_term_id": "taxonomy_terms", "parent_id": "taxonomy_terms",
    "service_at_location_id": "service_at_locations", "link_id": "services",
}
LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
FACILITIES = set(Location.Facility.values)


@dataclass
class Plan:
    problems: list[str]
    warnings: list[str]
    records: dict[str, dict[uuid.UUID, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    prune: dict[uuid.UUID, set[str]] = field(default_factory=lambda: defaultdict(set))


def _put(fields: dict[str, Any], **values: Any) -> None:
    fields.update({key: value for key, value in values.items() if value is not None})


class Checker:
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

    def check(self) -> Plan:
        for step in (self.taxonomies, self.terms, self.organisations, self.locations, self.services):
            step()
        self.service_at_locations()
        self.schedules()
        return self.plan

    def taxonomies(self) -> None:
        for raw, row in self.bundle.tables["taxonomies"].items():
            r, fields = self.reader(row), {}
            _put(fields, name=r.text("name", 200, required=True), description=r.text("description"),
                 uri=r.url("uri"), version=r.text("version", 50))
            self.plan.records["taxonomies"][self.key("taxonomies", raw)] = fields

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
                    r.refuse("a term cannot be its own parent")
                fields["parent"] = parent
            if fields.get("code"):
                other = codes.setdefault((taxonomy, fields["code"]), own)
                if other != own:
                    r.refuse(f"code '{fields['code']}' is used by another term of the same taxonomy")
            self.plan.records["taxonomy_terms"][own] = fields
        clashes = TaxonomyTerm.objects.filter(
            taxonomy__uuid__in={t for t, _ in codes}, code__in={c for _, c in codes}
        ).values_list("uuid", "taxonomy__uuid", "code")
        for term, taxonomy, code in clashes:
            mine = codes.get((taxonomy, code))
            if mine and mine != term and term not in self.plan.records["taxonomy_terms"]:
                self.plan.problems.append(f"taxonomy term {mine}: code '{code}' is already used by term {term}")

    def _phone(self, column: str, raw: str) -> str | None:
        for row in self.linked("phones", column, raw):
            r = self.reader(row)
            number = r.raw("number").strip('"').strip()
            if number:
                if len(number) > 30:
                    r.refuse("number is longer than 30 characters")
                return number
        return None

    def organisations(self) -> None:
        for raw, row in self.bundle.tables["organizations"].items():
            r, fields = self.reader(row), {}
            _put(fields, name=r.text("name", 200, required=True), description=r.text("description", 5000),
                 email=r.email("email"), website=r.url("website", 200), phone=self._phone("organization_id", raw))
            by_scheme = {scheme: name for name, (scheme, _) in IDENTIFIER_SCHEMES.items()}
            for item in self.linked("organization_identifiers", "organization_id", raw):
                ident = self.reader(item)
                name = by_scheme.get(ident.raw("identifier_scheme"))
                if name:
                    value = ident.raw("identifier").replace(" ", "")
                    try:
                        Organisation._meta.get_field(name).run_validators(value)
                        fields[name] = value
                    except ValidationError:
                        ident.warn(f"'{value}' is not a {name.replace('_', ' ')}; left out")
            self.plan.records["organizations"][self.key("organizations", raw)] = fields

    def locations(self) -> None:
        whole_addresses = "addresses" in self.bundle.whole
        for raw, row in self.bundle.tables["locations"].items():
            r, fields = self.reader(row), {}
            addresses = self.linked("addresses", "location_id", raw)
            address = next((a for a in addresses if a.data.get("address_type") in (None, "", "physical")), None)
            a = self.reader(address or addresses[0]) if addresses else None
            name = r.raw("name") or r.raw("alternate_name") or (a.raw("address_1") if a else "") or "Unnamed place"
            _put(fields, name=name, description=r.text("description"))
            if len(name) > 200:
                r.refuse("name is longer than 200 characters")
            for axis, limit in (("latitude", 90), ("longitude", 180)):
                value = r.number(axis)
                if value is not None and abs(value) > limit:
                    r.warn(f"{axis} {value} is not on the earth; left without coordinates")
                    fields["latitude"] = fields["longitude"] = None
                    break
                if r.has(axis):
                    fields[axis] = value
            if r.has("organization_id"):
                fields["organisation"] = self.resolve("organizations", r.ref("organization_id"))
                if r.ref("organization_id") and fields["organisation"] is None:
                    r.warn(f"organization {r.ref('organization_id')} is neither in the feed nor in the directory")
            if a is not None:
                country = (a.raw("country") or "GB").upper()
                if len(country) != 2:
                    a.refuse(f"country '{country}' is not a two-letter ISO 3166 code")
                _put(fields, address_1=a.text("address_1", 200) or "", address_2=a.text("address_2", 200) or "",
                     city=a.text("city", 100) or "", region=(a.raw("region") or a.raw("state_province"))[:100],
                     postcode=a.text("postal_code", 8) or "", country=country)
            elif whole_addresses:
                fields.update(address_1="", address_2="", city="", region="", postcode="")
            notes, facilities = [], []
            for item in self.linked("accessibility", "location_id", raw):
                detail = self.reader(item).raw("details")
                code = detail.removeprefix("facility:")
                if detail.startswith("facility:") and code in FACILITIES:
                    facilities.append(code)
                elif self.reader(item).raw("description"):
                    notes.append(self.reader(item).raw("description"))
            if notes or facilities or "accessibility" in self.bundle.whole:
                fields.update(accessibility="\n\n".join(notes), facilities=facilities)
            phone = self._phone("location_id", raw)
            if phone is not None or "phones" in self.bundle.whole:
                fields["phone"] = phone or ""
            self.plan.records["locations"][self.key("locations", raw)] = fields

    def services(self) -> None:
        localities = {name.lower(): pk for pk, name in Locality.objects.values_list("pk", "name")}
        for raw, row in self.bundle.tables["services"].items():
            r, fields = self.reader(row), {}
            statuses = list(Service.Status.values)
            _put(fields, name=r.text("name", 200, required=True), description=r.text("description"),
                 url=r.url("url"), email=r.email("email"), status=r.choice("status", statuses, required=True),
                 application_process=r.text("application_process"),
                 eligibility_description=r.text("eligibility_description"), alert=r.text("alert"),
                 accessibility=r.text("accessibility_description"))
            fees = r.text("fees_description") if r.has("fees_description") else r.text("fees")
            _put(fields, fees_description=fees)
            for column in ("minimum_age", "maximum_age"):
                if r.has(column):
                    fields[column] = r.whole(column)
            if r.has("assured_date"):
                fields["last_checked"] = r.date("assured_date")
            if r.has("assurer_email"):
                fields["last_checked_by"] = r.email("assurer_email")
            if r.raw("access"):
                access = [item.strip() for item in r.raw("access").split(",") if item.strip()]
                if set(access) - set(Service.Access.values):
                    r.refuse(f"access '{r.raw('access')}' is not made of {', '.join(Service.Access.values)}")
                fields["access"] = access
            organisation = self.resolve("organizations", r.ref("organization_id"))
            if not r.ref("organization_id"):
                if self.key("services", raw) not in self.held_services:
                    r.refuse("organization_id missing")
            elif organisation is None:
                r.refuse(f"organization {r.ref('organization_id')} is neither in the feed nor in the directory")
            else:
                fields["organisation"] = organisation
            self._service_collections(raw, r, fields, localities)
            self.plan.records["services"][self.key("services", raw)] = fields

    def _service_collections(self, raw: str, r: Reader, fields: dict[str, Any], localities: dict) -> None:
        carries = self.bundle.carries
        if carries("phones", raw) or carries("contacts", raw):
            phone = self._phone("service_id", raw)
            for contact in self.linked("contacts", "service_id", raw):
                phone = phone or self._phone("contact_id", contact.data["id"])
                contact_email = self.reader(contact).email("email")
                if contact_email and not fields.get("email") and not r.has("email"):
                    fields["email"] = contact_email
            fields["phone"] = phone or ""
        if carries("languages", raw):
            codes = []
            for item in self.linked("languages", "service_id", raw):
                lang = self.reader(item)
                code = lang.raw("code").lower() or LANGUAGE_CODES.get(lang.raw("name").lower(), "")
                if code and code not in codes:
                    codes.append(code)
                elif not code:
                    lang.warn(f"language '{lang.raw('name')}' has no code; left out")
            fields["languages"] = codes
        if carries("cost_options", raw):
            options = [self.reader(item) for item in self.linked("cost_options", "service_id", raw)]
            amounts = [o.number("amount") for o in options]
            if options:
                free = all(a == 0 for a in amounts) or any(o.raw("option").lower() == "free" for o in options)
                fields["is_free"] = free and not any(a for a in amounts)
                described = [o.raw("amount_description") for o in options if o.raw("amount_description")]
                if described and not fields.get("fees_description"):
                    fields["fees_description"] = described[0]
        if carries("service_areas", raw):
            fields["localities"] = []
            for item in self.linked("service_areas", "service_id", raw):
                area = self.reader(item)
                name = area.raw("name") or area.raw("service_area")
                if name.lower() in localities:
                    fields["localities"].append(localities[name.lower()])
                else:
                    area.warn(f"no locality is called '{name[:60]}'; the service area is left out")
        if carries("attributes", raw):
            fields["needs"] = []
            for item in self.linked("attributes", "link_id", raw):
                attribute = self.reader(item)
                if attribute.raw("link_entity") not in ("", "service"):
                    continue
                term = self.resolve("taxonomy_terms", attribute.ref("taxonomy_term_id"))
                if term is None:
                    attribute.refuse(f"taxonomy term {attribute.ref('taxonomy_term_id') or '(none)'} is unknown")
                elif term not in fields["needs"]:
                    fields["needs"].append(term)
        for table in ("schedules", "service_at_locations"):
            if carries(table, raw):
                self.plan.prune[self.key("services", raw)].add(table)

    def service_at_locations(self) -> None:
        pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for raw, row in self.bundle.tables["service_at_locations"].items():
            r = self.reader(row)
            service = self.resolve("services", r.ref("service_id"))
            location = self.resolve("locations", r.ref("location_id"))
            for column, found in (("service_id", service), ("location_id", location)):
                if found is None:
                    r.refuse(f"{column} {r.ref(column) or '(none)'} is neither in the feed nor in the directory")
            if service and location:
                if (service, location) in pairs:
                    r.warn("the same service at the same location is listed twice; kept once")
                    continue
                pairs.add((service, location))
            fields = {"service": service, "location": location}
            _put(fields, description=r.text("description"))
            self.plan.records["service_at_locations"][self.key("service_at_locations", raw)] = fields

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
                    r.refuse(f"{column} {r.ref(column)} is neither in the feed nor in the directory")
            if not (r.ref("service_id") or r.ref("location_id") or r.ref("service_at_location_id")):
                r.warn("a schedule of no service and no location; left out")
                continue
            freq = r.raw("freq").upper() or Schedule.Frequency.WEEKLY
            if freq not in Schedule.Frequency.values:
                r.refuse(f"freq '{r.raw('freq')}' is not one of {', '.join(Schedule.Frequency.values)}")
            fields.update(
                freq=freq, byday=r.byday("byday"), opens_at=r.time("opens_at"),
                closes_at=r.time("closes_at"), valid_from=r.date("valid_from"), valid_to=r.date("valid_to"),
                description=r.raw("description"),
            )
            self.plan.records["schedules"][self.key("schedules", raw)] = fields


def check(bundle: Bundle) -> Plan:
    return Checker(bundle).check()
