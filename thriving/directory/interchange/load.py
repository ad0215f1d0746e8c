"""Writing a checked Plan, in one transaction, in the order references need. A record that is
already there is updated (and saved only when something changed); nothing is duplicated."""

import uuid
from collections import Counter
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify

from thriving.core.models import Organisation
from thriving.directory import search_index
from thriving.directory.interchange.plan import Plan
from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

FOREIGN = {
    "taxonomy": Taxonomy, "parent": TaxonomyTerm, "organisation": Organisation, "service": Service,
    "location": Location, "service_at_location": ServiceAtLocation,
}


class ImportRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
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
        kept_schedules = set(self.plan.records["schedules"])
        kept_places = set(self.plan.records["service_at_locations"]) | set(self.pks.get(ServiceAtLocation, {}))
        for key, tables in self.plan.prune.items():
            service = self.pk(Service, key)
            if "schedules" in tables:
                gone = Schedule.objects.filter(service_id=service).exclude(uuid__in=kept_schedules).delete()[0]
                self.counts["schedules removed"] += gone
            if "service_at_locations" in tables:
                stale = ServiceAtLocation.objects.filter(service_id=service).exclude(uuid__in=kept_places)
                self.counts["services at locations removed"] += stale.delete()[1].get(ServiceAtLocation._meta.label, 0)


def load(plan: Plan, dry_run: bool = False) -> Counter[str]:
    """Write the plan, whole or not at all. Raises ImportRefused when the plan has problems."""
    if plan.problems:
        raise ImportRefused(plan.problems)
    with transaction.atomic():
        with search_index.batched():  # one refresh of the search entries, at the end
            counts = Loader(plan).load()
        if dry_run:
            transaction.set_rollback(True)
    return counts
