"""Reads of the partners' feeds, for directory editors (the "view" scope of `Feed` in `policy.py`):
the list with each feed's freshness, one feed with its recent runs, the run in progress, and the
feeds due a harvest."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thriving.directory.interchange.models import Feed, ImportRun

QUEUED_FOR = datetime.timedelta(hours=1)  # a queued harvest that has not begun by then is queued again
RUNNING_FOR = datetime.timedelta(hours=2)  # a run still "running" after this has died with its worker
RECENT_RUNS = 10


@dataclass(frozen=True)
class Freshness:
    label: str
    colour: str  # the GOV.UK tag's colour


def feeds(user: Any) -> QuerySet[Feed]:
    return Feed.objects.visible_to(user).select_related("organisation").order_by("name", "pk")


def all_feeds() -> QuerySet[Feed]:
    """Feeds for `get_visible_or_404(all_feeds(), user, uuid=…)`."""
    return Feed.objects.select_related("organisation")


def freshness(feed: Feed, now: datetime.datetime | None = None) -> Freshness:
    """What the feed's status tag says."""
    now = now or timezone.now()
    if feed.paused:
        return Freshness("Paused", "grey")
    if feed.held_reason:
        return Freshness("Held", "red")
    if feed.last_attempt_at is None:
        return Freshness("Not yet harvested", "blue")
    if feed.last_success_at is None or feed.last_success_at + feed.interval * 2 < now:
        return Freshness("Out of date", "orange")
    return Freshness("Up to date", "green")


def recent_runs(feed: Feed) -> QuerySet[ImportRun]:
    return feed.runs.defer("report").order_by("-created_at", "-pk")[:RECENT_RUNS]


def running(feed: Feed) -> ImportRun | None:
    """The feed's harvest in progress, if one is (and has not died with its worker)."""
    since = timezone.now() - RUNNING_FOR
    found = feed.runs.filter(status=ImportRun.Status.RUNNING, created_at__gte=since).defer("report")
    return found.order_by("-created_at").first()


def held_run(feed: Feed) -> ImportRun | None:
    """The latest run, when it was held and nobody has applied it anyway: what "Apply anyway" acts on."""
    latest = feed.runs.exclude(status=ImportRun.Status.RUNNING).defer("report").order_by("-created_at", "-pk").first()
    if latest is not None and latest.status == ImportRun.Status.HELD and not latest.released_by:
        return latest
    return None


def due_feeds(now: datetime.datetime | None = None) -> list[Feed]:
    """The feeds not paused whose interval has passed since their last attempt, and that have no
    harvest queued (or one queued so long ago it was lost)."""
    now = now or timezone.now()
    found = Feed.objects.filter(paused=False).filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - QUEUED_FOR))
    return [feed for feed in found.order_by("pk")
            if feed.last_attempt_at is None or feed.last_attempt_at + feed.interval <= now]


def source_of(record: Any) -> Feed | None:
    """The feed a service or location comes from, if it came from one."""
    feed_id = getattr(record, "feed_id", None)
    return Feed.objects.filter(pk=feed_id).first() if feed_id else None
