"""The snapshots the search reads (the needs, the localities), taken from their cache once a
request, and unpickled only when they have changed.

A page asks for them a dozen times (the form's choices and checks, the search's filters), and
each read from the cache is an unpickling of a few hundred objects. So:

- between `request_started` and `request_finished` (the same thread) a snapshot read once is
  kept for the rest of that request;
- each process keeps the last snapshot it unpickled beside the token it was written with; the
  token (a short string) is kept in the cache with the snapshot, so reading it tells whether the
  snapshot in the cache is still the one this process holds, and only a new one is unpickled.
  Forgetting a snapshot deletes both, so every process takes the next one afresh, as before.

Outside a request (commands, tasks, tests calling functions directly) every read checks the
token. Snapshots are shared, read-only values: nothing may change them in place.
"""

import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.signals import request_finished, request_started

T = TypeVar("T")
CACHE = "snapshots"
_local = threading.local()
_process: dict[str, tuple[str, Any]] = {}
_lock = threading.Lock()


def read(key: str, build: Callable[[], T], seconds: int) -> T:
    """The snapshot under `key`, built with `build()` and kept for `seconds` when there is none."""
    kept: dict[str, Any] | None = getattr(_local, "kept", None)
    if kept is not None and key in kept:
        return kept[key]
    value = _current(key, build, seconds)
    if kept is not None:
        kept[key] = value
    return value


def _current(key: str, build: Callable[[], T], seconds: int) -> T:
    cache = caches[CACHE]
    token = cache.get(f"{key}:token")
    held = _process.get(key)
    if token is not None and held is not None and held[0] == token:
        return held[1]
    value = cache.get(key) if token is not None else None
    if value is None:
        value, token = build(), uuid.uuid4().hex
        cache.set_many({key: value, f"{key}:token": token}, seconds)
    with _lock:
        _process[key] = (token, value)
    return value


def forget(key: str) -> None:
    caches[CACHE].delete_many([key, f"{key}:token"])
    with _lock:
        _process.pop(key, None)
    kept = getattr(_local, "kept", None)
    if kept is not None:
        kept.pop(key, None)


def _started(**kwargs: Any) -> None:
    _local.kept = {}


def _finished(**kwargs: Any) -> None:
    _local.kept = None


request_started.connect(_started, dispatch_uid="directory.search_snapshots.started")
request_finished.connect(_finished, dispatch_uid="directory.search_snapshots.finished")
