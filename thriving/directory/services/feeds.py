"""Writes of directory editors on the partners' feeds: registering a feed, changing it, pausing
and resuming it, harvesting it now, and applying a held harvest anyway; and the schedule
queueing the feeds that are due. Harvests run in the worker (`tasks/feeds.py`)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import ActionRefused, save_if_unchanged
from thriving.core.models import User
from thriving.directory.interchange.models import Feed, ImportRun
from thriving.directory.queries import feeds as queries
from thriving.directory.tasks.feeds import harvest_feed

FIELDS = ("name", "url", "format", "organisation", "frequency")


class FeedRefused(ActionRefused):
    """A change to a feed that cannot be made."""


@transaction.atomic
def register_feed(*, acting_user: User, data: dict[str, Any]) -> Feed:
    policy.require(acting_user, "directory.manage_feeds")
    feed = Feed.objects.create(created_by=acting_user, **{name: data[name] for name in FIELDS})
    audit.record(acting_user, "directory.feed_registered", feed, action=audit.Action.CREATED)
    return feed


@transaction.atomic
def change_feed(*, acting_user: User, feed: Feed, data: dict[str, Any], version: int) -> Feed:
    """Change the feed, against the version the person saw."""
    policy.require(acting_user, "directory.manage_feeds", feed)
    changes = {name: [str(getattr(feed, name)), str(data[name])]
               for name in FIELDS if getattr(feed, name) != data[name]}
    for name in FIELDS:
        setattr(feed, name, data[name])
    save_if_unchanged(feed, version=version, fields=FIELDS)
    audit.record(acting_user, "directory.feed_changed", feed, action=audit.Action.CHANGED, changes=changes)
    return feed


@transaction.atomic
def pause_feed(*, acting_user: User, feed: Feed, paused: bool) -> Feed:
    """Pause the feed's scheduled harvests, or resume them."""
    policy.require(acting_user, "directory.manage_feeds", feed)
    if feed.paused != paused:
        Feed.objects.filter(pk=feed.pk).update(paused=paused, updated_at=timezone.now())
        feed.paused = paused
        audit.record(acting_user, "directory.feed_paused" if paused else "directory.feed_resumed", feed,
                     action=audit.Action.CHANGED, changes={"paused": [str(not paused), str(paused)]})
    return feed


def _queue(feed: Feed, acting_user: User | None, force: bool = False) -> None:
    Feed.objects.filter(pk=feed.pk).update(queued_at=timezone.now())
    feed_uuid, user_id = str(feed.uuid), acting_user.pk if acting_user else None
    transaction.on_commit(lambda: harvest_feed.enqueue(feed_uuid, force, user_id))


@transaction.atomic
def harvest_now(*, acting_user: User, feed: Feed) -> Feed:
    """Queue a harvest of the feed now, whether or not it is due or paused."""
    policy.require(acting_user, "directory.manage_feeds", feed)
    if queries.running(feed) is not None:
        raise FeedRefused(f"{feed.name} is being harvested now; wait for it to finish")
    _queue(feed, acting_user)
    audit.record(acting_user, "directory.feed_harvest_asked", feed, action=audit.Action.CHANGED)
    return feed


@transaction.atomic
def apply_anyway(*, acting_user: User, feed: Feed, run_uuid: str) -> ImportRun:
    """Harvest the feed again now without the checks of size that held its latest harvest, once."""
    policy.require(acting_user, "directory.manage_feeds", feed)
    held = queries.held_run(feed)
    if held is None or str(held.uuid) != str(run_uuid):
        raise FeedRefused("That harvest is no longer held: it has been applied, or a newer one has run")
    updated = ImportRun.objects.filter(pk=held.pk, released_by="").update(released_by=acting_user.email)
    if not updated:
        raise FeedRefused("Someone has already applied that harvest")
    held.released_by = acting_user.email
    _queue(feed, acting_user, force=True)
    audit.record(acting_user, "directory.feed_applied_anyway", held, action=audit.Action.CHANGED,
                 purpose=held.held_reason[:200])
    return held


def queue_due_harvests() -> list[Feed]:
    """For the schedule: queue one harvest for each feed that is due. Safe to repeat."""
    queued = []
    for feed in queries.due_feeds():
        with transaction.atomic():
            _queue(feed, None)
        queued.append(feed)
    return queued
