"""How apps after `frontdoor` add to its pages without `frontdoor` importing them (apps depend
downward only): links on a request's page.

A request link source is a callable `(help_request, user) -> [(label, url), ...]`, registered once
from the other app's `hooks.register()` (called from its AppConfig.ready). The request page shows
every link the sources give, below the request's summary. `thriving.coaching` registers "Start
coaching" for a request triaged at level 3, for a worker who may start coaching on it.
"""

from collections.abc import Callable
from typing import Any

RequestLinkSource = Callable[[Any, Any], list[tuple[str, str]]]  # (help_request, user)

_request_link_sources: list[RequestLinkSource] = []


def register_request_links(source: RequestLinkSource) -> None:
    if source not in _request_link_sources:
        _request_link_sources.append(source)


def request_links(help_request: Any, user: Any) -> list[tuple[str, str]]:
    """The links other apps offer on this request's page for this person."""
    return [link for source in _request_link_sources for link in source(help_request, user)]
