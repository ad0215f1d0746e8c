"""Harvesting a partner's feed: fetch it over HTTP (following an ORUK API's pages), import it as
`importer` does, mark what it brought with the feed, and withdraw the feed's services it no
longer lists. The run is kept on the feed with its report, and its progress while it runs.

A feed that fails or shrinks suddenly is held, not applied: the run is kept as "held" with its
reason, nothing changes, and the feed is flagged until a harvest succeeds. An editor may apply
it anyway, once (`force`): that harvest skips the checks of size."""

import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import F
from django.utils import timezone

from thriving.core import audit
from thriving.core.models import Organisation
from thriving.directory import search_index
from thriving.directory.interchange import importer, sources
from thriving.directory.interchange.models import Feed, ImportRun
from thriving.directory.interchange.plan import Plan
from thriving.directory.models import Location, Service

HOLD_BELOW = 0.5  # a feed with fewer than half the records of its last good run is held
PROGRESS_EVERY_S = 1.0
GONE = (Service.Status.INACTIVE, Service.Status.CLOSED)
FOUND: dict[str, tuple[str, ...]] = {  # what each format of feed must be found to hold
    Feed.Format.API: (sources.ORUK3, sources.ORUK1),
    Feed.Format.JSON: (sources.ORUK3, sources.ORUK1),
    Feed.Format.CSV: (sources.CSV3, sources.CSV1),
}


class Held(Exception):
    """A harvest that would change too much; nothing it read is applied."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def kind(feed: Feed) -> str:
    """How to read the feed: as it says, or, to detect it, by its address: a .zip is a CSV data
    package, a .json one JSON file, anything else the base URL of an ORUK API."""
    if feed.format != Feed.Format.DETECT:
        return feed.format
    path = urllib.parse.urlsplit(feed.url).path.lower()
    return "csv" if path.endswith(".zip") else "json" if path.endswith(".json") else "api"


class Progress:
    """The run's progress, stored on it (at most once a second) for the feed's page to show."""

    def __init__(self, run: ImportRun, echo: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.run, self.echo = run, echo
        self.state: dict[str, Any] = {"stage": "Reading the feed", "done": 0, "total": None}
        self.saved = 0.0
        self.save(force=True)

    def save(self, force: bool = False) -> None:
        if self.echo is not None:
            self.echo(self.state)
        if force or time.monotonic() - self.saved >= PROGRESS_EVERY_S:
            ImportRun.objects.filter(pk=self.run.pk).update(progress=dict(self.state))
            self.saved = time.monotonic()

    def read(self, services: int) -> None:
        self.state["done"] = services
        self.save()

    def total(self, services: int) -> None:
        self.state["total"] = services
        self.save(force=True)

    def stage(self, stage: str) -> None:
        self.state["stage"] = stage
        self.save(force=True)


def harvest(feed: Feed, *, force: bool = False, acting_user: Any = None,
            echo: Callable[[dict[str, Any]], None] | None = None) -> ImportRun:
    """Harvest the feed now, as the acting person (None for the schedule). The run, kept.
    `echo` is told the progress (stage, done, total) each time it moves."""
    who = getattr(acting_user, "email", "") or "scheduled harvest"
    run = ImportRun.objects.create(feed=feed, source=feed.url[:1000], status=ImportRun.Status.RUNNING, run_by=who,
                                   created_by=acting_user)
    Feed.objects.filter(pk=feed.pk).update(last_attempt_at=run.created_at, queued_at=None)
    progress = Progress(run, echo)
    try:
        with sources.public_addresses_only():
            bundle = sources.read_url(feed.url, kind(feed), progress.read, progress.total)
        expected = FOUND.get(kind(feed), ())
        if bundle.formats and expected and not set(bundle.formats) & set(expected):
            raise sources.SourceError(f"expected {' or '.join(expected)}, found {', '.join(bundle.formats)}")
    except sources.SourceError as error:
        return _hold(feed, run, f"The feed could not be read: {error}")
    services = len(bundle.tables["services"])
    progress.state.update(done=services, total=services)
    if not services:
        return _hold(feed, run, "The feed lists no services", bundle.count())
    previous = feed.last_records
    if not force and previous and bundle.count() < previous * HOLD_BELOW:
        return _hold(feed, run, f"The feed has {bundle.count()} records, fewer than half of the {previous} of its "
                                "last good harvest", bundle.count())
    progress.stage("Checking and applying the records")

    def apply(checked: Plan, counts: Counter[str]) -> None:
        _apply(feed, checked, counts, force)

    try:
        result = importer.run(feed.url, acting_user=acting_user, bundle=bundle, into=run, after_load=apply)
    except Held as held:
        return _hold(feed, run, held.reason, bundle.count())
    except Exception as error:  # a run that breaks does not stay "running"; nothing was applied
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, finished_at=timezone.now(),
                                                   progress={}, report={"error": f"The harvest broke: {error}"})
        raise
    Feed.objects.filter(pk=feed.pk).update(last_success_at=timezone.now(), last_records=bundle.count(),
                                           held_reason="")
    return result.run or run


def _apply(feed: Feed, checked: Plan, counts: Counter[str], force: bool) -> None:
    """In the import's transaction: mark what the feed brought with it, and withdraw the services
    it brought before and lists no more (unless that is more than half of them)."""
    listed = set(checked.records["services"]) | checked.refused["services"]
    Service.objects.filter(uuid__in=list(checked.records["services"])).exclude(feed=feed).update(feed=feed)
    Location.objects.filter(uuid__in=list(checked.records["locations"])).exclude(feed=feed).update(feed=feed)
    feed.organisations.add(*Organisation.objects.filter(uuid__in=list(checked.records["organizations"])))
    kept = Service.objects.filter(feed=feed).exclude(status__in=GONE)
    gone = kept.exclude(uuid__in=listed)
    withdrawn, before = gone.count(), kept.count()
    if withdrawn and not force and withdrawn > before * HOLD_BELOW:
        raise Held(f"The harvest would withdraw {withdrawn} of the feed's {before} services, more than half")
    if withdrawn:
        ids = list(gone.values_list("pk", flat=True))
        gone.update(status=Service.Status.INACTIVE, version=F("version") + 1, updated_at=timezone.now())
        search_index.refresh(ids)  # an update sends no signal: the withdrawn leave the public search
        counts["services withdrawn"] += withdrawn


def _hold(feed: Feed, run: ImportRun, reason: str, records: int = 0) -> ImportRun:
    run.status, run.held_reason, run.records = ImportRun.Status.HELD, reason, records
    run.finished_at, run.progress, run.report = timezone.now(), {}, {"held": reason}
    run.save()
    Feed.objects.filter(pk=feed.pk).update(held_reason=reason)
    audit.record(run.created_by, "directory.harvest_held", run, action=audit.Action.CREATED,
                 actor_label=run.run_by, purpose=reason[:200])
    return run
