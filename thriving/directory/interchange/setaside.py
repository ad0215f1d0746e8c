"""Setting aside what cannot be taken: each record with a problem, the record a folded row
belongs to (a bad address sets aside its location), and every record that depends on one set
aside (a service of an organisation set aside, the schedules of a service set aside). Needs
whose term is set aside are left off their services, with a warning."""

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from thriving.directory.interchange.report import Note

if TYPE_CHECKING:
    from thriving.directory.interchange.plan import Plan

# The rows that are part of another record rather than records of their own.
FOLDED = {
    "addresses": ("locations", "location_id"), "accessibility": ("locations", "location_id"),
    "organization_identifiers": ("organizations", "organization_id"), "languages": ("services", "service_id"),
    "cost_options": ("services", "service_id"), "service_areas": ("services", "service_id"),
    "eligibilities": ("services", "service_id"), "attributes": ("services", "link_id"),
}
# Each record's references to other records: field -> table.
LINKS = {
    "taxonomy_terms": {"taxonomy": "taxonomies", "parent": "taxonomy_terms"},
    "services": {"organisation": "organizations"},
    "locations": {"organisation": "organizations"},
    "service_at_locations": {"service": "services", "location": "locations"},
    "schedules": {"service": "services", "location": "locations", "service_at_location": "service_at_locations"},
    "contacts": {"service": "services"},
    "phones": {"service": "services", "contact": "contacts"},
}
KIND = {
    "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy term", "organizations": "organization",
    "locations": "location", "services": "service", "service_at_locations": "service at location",
    "schedules": "schedule", "contacts": "contact", "phones": "phone",
}


def _owner(problem: Note, owner_of: dict[tuple[str, str], tuple[str, str]], bundle_rows: Any) -> tuple[str, str]:
    if (problem.table, problem.id) in owner_of:
        return owner_of[(problem.table, problem.id)]
    if problem.table in FOLDED:
        table, column = FOLDED[problem.table]
        row = bundle_rows.get(problem.table, {}).get(problem.id)
        return (table, str(row.data.get(column) or "")) if row else ("", "")
    return problem.table, problem.id


def set_aside(plan: "Plan", owner_of: dict[tuple[str, str], tuple[str, str]],
              key: Callable[[str, Any], uuid.UUID], bundle_rows: Any = None) -> None:
    for problem in list(plan.problems):
        if not problem.sets_aside:
            continue
        table, raw = _owner(problem, owner_of, bundle_rows or {})
        if table in KIND and raw:
            plan.refused[table].add(key(table, raw))
    changed = True
    while changed:
        changed = False
        for table, links in LINKS.items():
            for record_key, fields in plan.records[table].items():
                if record_key in plan.refused[table]:
                    continue
                for name, target in links.items():
                    if fields.get(name) is not None and fields[name] in plan.refused[target]:
                        plan.refused[table].add(record_key)
                        row = plan.rows.get((table, record_key))
                        reason = f"its {KIND[target]} {fields[name]} is set aside"
                        plan.problems.append(row.note(reason, field=name) if row else Note(reason, table=table))
                        changed = True
                        break
    for table, keys in plan.refused.items():
        for record_key in keys:
            plan.records[table].pop(record_key, None)
    for record_key, fields in plan.records["services"].items():
        if "needs" in fields and plan.refused["taxonomy_terms"] & set(fields["needs"]):
            fields["needs"] = [n for n in fields["needs"] if n not in plan.refused["taxonomy_terms"]]
            row = plan.rows.get(("services", record_key))
            if row:
                reason = "a need whose taxonomy term is set aside is left off"
                plan.warnings.append(row.note(reason, field="attributes"))
