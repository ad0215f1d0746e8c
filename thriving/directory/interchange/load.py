"""Writing a checked Plan, in one transaction, in the order references need. A record that is
already there is updated (and saved only when something changed); nothing is duplicated. What
was set aside is neither written nor removed."""

import uuid
from collections import Counter
from typing import Any

from django.db import models
from django.utils.text import slugify

from thriving.core.models import Organisation
from thriving.directory import search_index
from thriving.directory.interchange.plan import Plan
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

FOREIGN = {
    "taxonomy": Taxonomy, "parent": TaxonomyTerm, "organisation": Organisation, "service": Service,
    "location": Location, "service_at_location": ServiceAtLocation, "contact": Contact,
}


class ImportRefused(Exception):
    def __init__(self, problems: list[Note]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class Loader:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.counts: Counter[str] = Counter()
        self.pks: dict[type, dict[uuid.UUID, int]] = {}

    def pk(self, model: type[models.Model], key: uuid.UUID | None) -> int | None:
        if key is None:
            return None
        known = self.pks.setdefault(model, {})
        if key not in known:
            known.update(model.objects.filter(uuid=key).values_list("uuid", "pk"))
        return known.get(key)

    def upsert(self, label: str, model: type[models.Model], records: dict[uuid.UUID, dict[str, Any]],
               new: dict[str, Any] | None = None, skip: tuple[str, ...] = ()) -> dict[uuid.UUID, models.Model]:
        existing = {obj.uuid: obj for obj in model.objects.filter(uuid__in=list(records))}
        saved = {}
        for key, fields in records.items():
            values = {}
            for name, value in fields.items():
                if name in skip:
                    continue
                if name in FOREIGN:
                    values[f"{name}_id"] = self.pk(FOREIGN[name], value)
                else:
                    values[name] = value
            obj = existing.get(key)
            if obj is None:
                obj = model(uuid=key, **{**(new or {}), **values})
                if model is Organisation:
                    obj.slug = self.slug(obj.name)
                obj.save()
                self.counts[f"{label} created"] += 1
            elif any(getattr(obj, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(obj, name, value)
                if hasattr(obj, "version") and model is not Taxonomy:
                    obj.version += 1  # so an edit begun before the import cannot overwrite it
                obj.save()
                self.counts[f"{label} updated"] += 1
            else:
                self.counts[f"{label} unchanged"] += 1
            self.pks.setdefault(model, {})[key] = obj.pk
            saved[key] = obj
        return saved

    def slug(self, name: str) -> str:
        base = slugify(name)[:110] or "organisation"
        taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def load(self) -> Counter[str]:
        records = self.plan.records
        self.upsert("taxonomies", Taxonomy, records["taxonomies"])
        terms = self.upsert("taxonomy terms", TaxonomyTerm, records["taxonomy_terms"], skip=("parent",))
        for key, fields in records["taxonomy_terms"].items():
            if "parent" in fields:
                parent = self.pk(TaxonomyTerm, fields["parent"])
                if terms[key].parent_id != parent:
                    terms[key].parent_id = parent
                    terms[key].save(update_fields=["parent", "updated_at"])
        self.upsert("organisations", Organisation, records["organizations"],
                    new={"type": Organisation.Type.COMMUNITY_GROUP})
        self.upsert("locations", Location, records["locations"])
        services = self.upsert("services", Service, records["services"], skip=("needs", "localities"))
        for key, fields in records["services"].items():
            service = services[key]
            if "needs" in fields:
                wanted = {self.pk(TaxonomyTerm, term) for term in fields["needs"]}
                if set(service.needs.values_list("pk", flat=True)) != wanted:
                    service.needs.set(wanted)
            if "localities" in fields and set(service.localities.values_list("pk", flat=True)) != set(
                fields["localities"]
            ):
                service.localities.set(fields["localities"])
        self.service_at_locations(records["service_at_locations"])
        self.upsert("schedules", Schedule, records["schedules"])
        self.upsert("contacts", Contact, records["contacts"])
        self.upsert("phones", Phone, records["phones"])
        self.prune()
        return self.counts

    def service_at_locations(self, records: dict[uuid.UUID, dict[str, Any]]) -> None:
        """A service already at a location under another id keeps its row (and its id)."""
        for key, fields in list(records.items()):
            pair = (self.pk(Service, fields["service"]), self.pk(Location, fields["location"]))
            other = ServiceAtLocation.objects.filter(service_id=pair[0], location_id=pair[1]).exclude(uuid=key)
            found = other.values_list("uuid", flat=True).first()
            if found:
                records[found] = records.pop(key)
        self.upsert("services at locations", ServiceAtLocation, records)

    def prune(self) -> None:
        """Remove what a service given in full no longer has; a record set aside stays as it was."""
        records, refused = self.plan.records, self.plan.refused
        kept = {
            "schedules": set(records["schedules"]) | refused["schedules"],
            "service_at_locations": set(records["service_at_locations"]) | set(self.pks.get(ServiceAtLocation, {}))
            | refused["service_at_locations"],
            "contacts": set(records["contacts"]) | refused["contacts"],
            "phones": set(records["phones"]) | refused["phones"],
        }
        models_ = {"schedules": Schedule, "service_at_locations": ServiceAtLocation, "contacts": Contact,
                   "phones": Phone}
        labels = {"service_at_locations": "services at locations"}
        for key, tables in self.plan.prune.items():
            if key in refused["services"]:
                continue
            service = self.pk(Service, key)
            for table in ("phones", "contacts", "schedules", "service_at_locations"):
                if table in tables:
                    model = models_[table]
                    stale = model.objects.filter(service_id=service).exclude(uuid__in=kept[table])
                    gone = stale.delete()[1].get(model._meta.label, 0)
                    self.counts[f"{labels.get(table, table)} removed"] += gone


def load(plan: Plan, strict: bool = False) -> Counter[str]:
    """Write what the plan takes (the caller holds the transaction). With `strict`, any problem
    refuses the whole feed: ImportRefused, and nothing is written."""
    if strict and plan.problems:
        raise ImportRefused(plan.problems)
    with search_index.batched():  # one refresh of the search entries, at the end
        return Loader(plan).load()
