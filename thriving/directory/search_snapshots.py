"""The snapshots the search reads (the needs, the localities), taken from their cache once a
request rather than at every use: a page asks for them a dozen times (the form's choices and
checks, the search's filters), and each read from the cache is an unpickling.

Between `request_started` and `request_finished` (the same thread) a snapshot read once is kept
for the rest of that request; outside a request (commands, tasks, tests calling functions
directly) every read goes to the cache, as before. Forgetting a snapshot forgets it here too.
"""

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")
_local = threading.local()


def read(key: str, load: Callable[[], T]) -> T:
    """`load()` (which reads the cache), at most once a request for each key."""
    kept: dict[str, Any] | None = getattr(_local, "kept", None)
    if kept is None:
        return load()
    if key not in kept:
        kept[key] = load()
    return kept[key]


def forget(key: str) -> None:
    kept = getattr(_local, "kept", None)
    if kept is not None:
        kept.pop(key, None)


def _started(**kwargs: Any) -> None:
    _local.kept = {}


def _finished(**kwargs: Any) -> None:
    _local.kept = None


request_started.connect(_started, dispatch_uid="directory.search_snapshots.started")
request_finished.connect(_finished, dispatch_uid="directory.search_snapshots.finished")
