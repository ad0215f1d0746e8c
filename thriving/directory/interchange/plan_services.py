"""Checking a feed's services: their own fields, and the collections a record carries in full
(contacts and phones, languages, cost options, eligibility, service areas and needs).

Nothing is invented: a service given without cost options is not made free (its cost is not
known), ages of -1 are no limit, a service area that is none of our localities is kept by name."""

import uuid
from typing import TYPE_CHECKING, Any

from thriving.directory.interchange.bundle import Row
from thriving.directory.interchange.fields import Reader
from thriving.directory.models import Service
from thriving.directory.openreferral.serialisers import LANGUAGE_NAMES
from thriving.places.models import Locality

if TYPE_CHECKING:
    from thriving.directory.interchange.bundle import Bundle
    from thriving.directory.interchange.plan import Plan

LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
AREA_KEYS = ("id", "name", "description", "extent", "extent_type", "uri")
# ORUK 1.0's attending access and type, as our ways to get a service.
ACCESS_FROM = {
    "drop-in": "drop_in", "drop in": "drop_in", "referral": "referral", "self-referral": "self_referral",
    "self referral": "self_referral", "telephone": "phone", "phone": "phone", "online": "online",
}


def _put(fields: dict[str, Any], **values: Any) -> None:
    fields.update({key: value for key, value in values.items() if value is not None})


class ServiceChecks:
    bundle: "Bundle"
    plan: "Plan"
    held_services: set[uuid.UUID]
    owner_of: dict[tuple[str, str], tuple[str, str]]
    # and the Checker's reader, key, resolve, linked and record


    def services(self) -> None:
        localities = {name.lower(): pk for pk, name in Locality.objects.values_list("pk", "name")}
        for raw, row in self.bundle.tables["services"].items():
            r, fields = self.reader(row), {}
            statuses = list(Service.Status.values)
            _put(fields, name=r.text("name", 200, required=True), description=r.prose("description"),
                 url=r.url("url"), email=r.email("email"), status=r.choice("status", statuses, required=True),
                 application_process=r.prose("application_process"),
                 eligibility_description=r.prose("eligibility_description"), alert=r.prose("alert"),
                 accessibility=r.prose("accessibility_description"), deliverable_type=r.text("deliverable_type", 100),
                 attending_type=r.text("attending_type", 100), attending_access=r.text("attending_access", 100))
            fees = r.prose("fees_description") if r.has("fees_description") else r.prose("fees")
            _put(fields, fees_description=fees)
            for column in ("minimum_age", "maximum_age"):
                if r.has(column):
                    fields[column] = r.age(column)
            if r.has("last_modified"):
                fields["last_modified"] = r.moment("last_modified")
            if r.has("assured_date"):
                fields["last_checked"] = r.date("assured_date")
            if r.has("assurer_email"):
                fields["last_checked_by"] = r.email("assurer_email")
            if r.raw("access"):
                access = [item.strip() for item in r.raw("access").split(",") if item.strip()]
                if set(access) - set(Service.Access.values):
                    r.refuse(f"access '{r.raw('access')}' is not made of {', '.join(Service.Access.values)}",
                             "access", r.raw("access"))
                fields["access"] = access
            elif r.raw("attending_access") or r.raw("attending_type"):
                ways = [ACCESS_FROM.get(r.raw(name).lower()) for name in ("attending_access", "attending_type")]
                fields["access"] = [way for way in dict.fromkeys(ways) if way]
            organisation = self.resolve("organizations", r.ref("organization_id"))
            if not r.ref("organization_id"):
                if self.key("services", raw) not in self.held_services:
                    r.refuse("organization_id missing", "organization_id")
            elif organisation is None:
                r.refuse(f"organization {r.ref('organization_id')} is neither in the feed nor in the directory",
                         "organization_id", r.ref("organization_id"))
            else:
                fields["organisation"] = organisation
            self._collections(raw, r, fields, localities)
            self.record("services", raw, row, fields)
        self._orphans()

    def _own(self, table: str, raw: str, column: str = "service_id") -> list[Row]:
        rows = self.linked(table, column, raw)
        for row in rows:
            self.owner_of[(table, row.data["id"])] = ("services", raw)
        return rows

    def _collections(self, raw: str, r: Reader, fields: dict[str, Any], localities: dict) -> None:
        carries = self.bundle.carries
        key = self.key("services", raw)
        if carries("phones", raw) or carries("contacts", raw):
            self._contacts(raw, key, fields, r)
            self.plan.prune[key].update(("contacts", "phones"))
        if carries("languages", raw):
            codes = []
            for item in self._own("languages", raw):
                lang = self.reader(item)
                name = lang.raw("name") or lang.raw("language")
                code = lang.raw("code").lower() or LANGUAGE_CODES.get(name.lower(), "")
                if code and code not in codes:
                    codes.append(code)
                elif not code:
                    lang.warn(f"language '{name}' has no code; left out", "name", name)
            fields["languages"] = codes
        if carries("cost_options", raw):
            options = [self.reader(item) for item in self._own("cost_options", raw)]
            amounts = [o.number("amount") for o in options]
            fields["is_free"] = None  # no options: the cost is not known
            if options:
                free = all(a == 0 for a in amounts) or any(o.raw("option").lower() == "free" for o in options)
                fields["is_free"] = free and not any(a for a in amounts)
                described = [o.raw("amount_description") for o in options if o.raw("amount_description")]
                if described and not fields.get("fees_description"):
                    fields["fees_description"] = described[0]
        elif key not in self.held_services:
            fields["is_free"] = None
        if carries("eligibilities", raw):
            self._eligibility(raw, fields)
        if carries("service_areas", raw):
            fields["localities"], fields["other_areas"] = [], []
            for item in self._own("service_areas", raw):
                area = self.reader(item)
                name = area.raw("name") or area.raw("service_area")
                if name.lower() in localities:
                    fields["localities"].append(localities[name.lower()])
                elif name or area.raw("extent"):
                    kept = {k: area.raw(k) for k in AREA_KEYS if area.raw(k)}
                    fields["other_areas"].append({**kept, "name": name})
                    area.warn(f"no locality is called '{name[:60]}'; kept as the name of an area it serves",
                              "name", name)
        if carries("attributes", raw):
            fields["needs"] = []
            for item in self._own("attributes", raw, "link_id"):
                attribute = self.reader(item)
                if attribute.raw("link_entity") not in ("", "service"):
                    continue
                term = self.resolve("taxonomy_terms", attribute.ref("taxonomy_term_id"))
                if term is None:
                    attribute.refuse(f"taxonomy term {attribute.ref('taxonomy_term_id') or '(none)'} is unknown",
                                     "taxonomy_term_id", attribute.ref("taxonomy_term_id"))
                elif term not in fields["needs"]:
                    fields["needs"].append(term)
        for table in ("schedules", "service_at_locations"):
            if carries(table, raw):
                self.plan.prune[key].add(table)

    def _eligibility(self, raw: str, fields: dict[str, Any]) -> None:
        rows = [self.reader(item) for item in self._own("eligibilities", raw)]
        names = [e.raw("eligibility") for e in rows if e.raw("eligibility")]
        if names and not fields.get("eligibility_description"):
            fields["eligibility_description"] = "; ".join(names)
        for column, pick in (("minimum_age", min), ("maximum_age", max)):
            ages = [e.age(column) for e in rows if e.raw(column)]
            if any(age is None for age in ages):
                fields.setdefault(column, None)  # one of them has no limit
            elif ages and fields.get(column) is None:
                fields[column] = pick(ages)

    def _contacts(self, raw: str, key: uuid.UUID, fields: dict[str, Any], r: Reader) -> None:
        """Every contact with its id and every phone with its id; the service's own phone is
        its first phone, or its first contact's."""
        own: list[str] = []
        theirs: list[str] = []
        for contact in self.linked("contacts", "service_id", raw):
            c = self.reader(contact)
            contact_email = c.email("email")
            self.record("contacts", contact.data["id"], contact, {
                "service": key, "name": c.text("name", 200) or "", "title": c.text("title", 200) or "",
                "department": c.text("department", 200) or "", "email": contact_email or "",
            })
            if contact_email and not fields.get("email") and not r.has("email"):
                fields["email"] = contact_email
        contacts = {row.data["id"] for row in self.linked("contacts", "service_id", raw)}
        phones = self.linked("phones", "service_id", raw) + [
            row for row in self.bundle.tables["phones"].values()
            if str(row.data.get("contact_id") or "") in contacts and row.data.get("service_id") in (None, "", raw)
        ]
        for row in phones:
            p = self.reader(row)
            number = p.phone("number")
            if not number:
                p.warn("a phone without a number; left out", "number")
                continue
            contact = p.ref("contact_id")
            self.record("phones", row.data["id"], row, {
                "service": key, "contact": self.key("contacts", contact) if contact in contacts else None,
                "number": number, "extension": p.text("extension", 20) or "", "type": p.text("type", 30) or "",
                "description": p.prose("description") or "",
            })
            (theirs if contact else own).append(number)
        fields["phone"] = (own + theirs + [""])[0]

    def _orphans(self) -> None:
        """Contacts of no service of the feed are said to be left out, not dropped silently."""
        services = set(self.bundle.tables["services"])
        for row in self.bundle.tables["contacts"].values():
            if str(row.data.get("service_id") or "") not in services:
                self.reader(row).warn("a contact of no service in the feed (of an organisation or a place); left out",
                                      "service_id", row.data.get("service_id"))
