"""The search entries: one row per thing the public search finds, kept from the directory.

A service at a location is one entry; a service with no location (online or by phone) is one
entry with no place. Each holds what search matches on, copied from the service, its
organisation, its needs and its place, so a search reads one table and its two indexes (full
text and spatial, made in migration 0003 for each database) rather than joining six.

`refresh(service_ids)` rewrites the entries of some services and counts up the directory's
version (`SearchVersion`), which keys the cache of results, so a change is found at once.
The directory's writes reach it through the model signals connected in `connect()`: saving or
deleting a service, a place, a service at a place, a need or an organisation, and changing a
service's needs or areas. `batched()` gathers them into one refresh (an import, an approval);
`rebuild()` (the command `thriving directory search-index --rebuild`) writes every entry afresh,
after writes that send no signals (bulk inserts).
"""

import contextvars
import html
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import strip_tags

from thriving.core.models import Organisation
from thriving.directory.models import (
    Location,
    SearchEntry,
    SearchVersion,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

CHUNK = 2000
_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar("search_index_pending", default=None)


def as_text(value: str) -> str:
    """A description as the words a person reads: no markup, entities decoded."""
    return html.unescape(strip_tags(value or ""))


def id_list(ids: Iterable[int | None]) -> str:
    """',3,7,': each id between commas, so one is found with LIKE '%,7,%'."""
    found = sorted({i for i in ids if i is not None})
    return "," + ",".join(str(i) for i in found) + "," if found else ","


def entries_of(services: Iterable[Service]) -> Iterator[SearchEntry]:
    for service in services:
        need_names = [need.name for need in service.needs.all()]
        words = "\n".join([service.name, as_text(service.description), service.organisation.name, *need_names])
        areas = [locality.pk for locality in service.localities.all()]
        common: dict[str, Any] = {
            "service": service,
            "service_name": service.name,
            "words": words,
            "need_ids": id_list(need.pk for need in service.needs.all()),
            "is_free": service.is_free,
            "status": service.status,
        }
        places = list(service.service_at_locations.all())
        for here in places:
            location = here.location
            yield SearchEntry(
                **common,
                service_at_location=here,
                location=location,
                location_name=location.name,
                locality_ids=id_list([location.locality_id, *areas]),
                latitude=location.latitude,
                longitude=location.longitude,
            )
        if not places:
            yield SearchEntry(**common, location_name="", locality_ids=id_list(areas))


def _services(using: str | None = None) -> Any:
    manager = Service.objects.db_manager(using) if using else Service.objects
    return manager.select_related("organisation").prefetch_related(
        Prefetch("needs", queryset=TaxonomyTerm.objects.only("id", "name")),
        Prefetch("localities"),
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
    )


def version(using: str | None = None) -> int:
    """The directory's version: it changes whenever any search entry does."""
    manager = SearchVersion.objects.db_manager(using) if using else SearchVersion.objects
    return manager.values_list("number", flat=True).first() or 0


def bump(using: str | None = None) -> None:
    manager = SearchVersion.objects.db_manager(using) if using else SearchVersion.objects
    if not manager.filter(pk=1).update(number=F("number") + 1):
        manager.get_or_create(pk=1, defaults={"number": 1})


def refresh(service_ids: Iterable[int]) -> None:
    """Write afresh the entries of these services (gone ones simply lose theirs)."""
    ids = {int(i) for i in service_ids if i is not None}
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending |= ids
        return
    with transaction.atomic():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            SearchEntry.objects.filter(service_id__in=chunk).delete()
            SearchEntry.objects.bulk_create(entries_of(_services().filter(pk__in=chunk)), batch_size=CHUNK)
        bump()


@contextmanager
def batched() -> Iterator[None]:
    """Gather every refresh asked for inside into one, at the end (an import, an approval)."""
    if _pending.get() is not None:
        yield
        return
    gathered: set[int] = set()
    token = _pending.set(gathered)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh(gathered)


def rebuild(using: str | None = None) -> int:
    """Every entry afresh, from every service. Answers how many entries there are."""
    alias = using or "default"
    with transaction.atomic(using=alias):
        entries = SearchEntry.objects.db_manager(alias)
        entries.all().delete()
        made = 0
        last = 0
        while True:
            services = list(_services(alias).filter(pk__gt=last).order_by("pk")[:CHUNK])
            if not services:
                break
            last = services[-1].pk
            made += len(entries.bulk_create(entries_of(services), batch_size=CHUNK))
        bump(alias)
        if connection.vendor == "sqlite" and alias == "default":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO directory_searchentry_fts(directory_searchentry_fts) VALUES ('optimize')")
    return made


# --- Keeping the entries from the directory's own writes ---


def _service_saved(sender: Any, instance: Service, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh([instance.pk])


def _service_deleted(sender: Any, instance: Service, **kwargs: Any) -> None:
    bump()  # its entries went with it


def _place_saved(sender: Any, instance: ServiceAtLocation, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh([instance.service_id])


def _place_deleted(sender: Any, instance: ServiceAtLocation, origin: Any = None, **kwargs: Any) -> None:
    started_by = getattr(origin, "model", type(origin))
    if started_by is not Service:  # deleting the service itself takes its entries with it
        refresh([instance.service_id])  # now perhaps a service with no place


def _location_saved(sender: Any, instance: Location, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    if not raw and not created:
        refresh(ServiceAtLocation.objects.filter(location=instance).values_list("service_id", flat=True))


def _term_saved(sender: Any, instance: TaxonomyTerm, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    if not raw and not created:
        refresh(Service.needs.through.objects.filter(taxonomyterm_id=instance.pk).values_list("service_id", flat=True))


def _organisation_saved(
    sender: Any, instance: Organisation, raw: bool = False, created: bool = False, **kwargs: Any
) -> None:
    if not raw and not created:
        refresh(Service.objects.filter(organisation=instance).values_list("pk", flat=True))


def _tags_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh([instance.pk])
    elif pk_set:
        refresh(pk_set)
    else:  # a need or locality cleared of all its services: which ones is no longer known
        refresh(SearchEntry.objects.values_list("service_id", flat=True).distinct())


def connect() -> None:
    """Called once from the app's `ready()`."""
    post_save.connect(_service_saved, sender=Service, dispatch_uid="search_index.service_saved")
    post_delete.connect(_service_deleted, sender=Service, dispatch_uid="search_index.service_deleted")
    post_save.connect(_place_saved, sender=ServiceAtLocation, dispatch_uid="search_index.place_saved")
    post_delete.connect(_place_deleted, sender=ServiceAtLocation, dispatch_uid="search_index.place_deleted")
    post_save.connect(_location_saved, sender=Location, dispatch_uid="search_index.location_saved")
    post_save.connect(_term_saved, sender=TaxonomyTerm, dispatch_uid="search_index.term_saved")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="search_index.organisation_saved")
    m2m_changed.connect(_tags_changed, sender=Service.needs.through, dispatch_uid="search_index.needs")
    m2m_changed.connect(_tags_changed, sender=Service.localities.through, dispatch_uid="search_index.localities")
