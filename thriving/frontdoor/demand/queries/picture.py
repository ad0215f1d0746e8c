"""The demand picture: counts of help requests and referrals by week, locality, need and level,
the Care and Support Wedge, referral response times and declined referrals by reason.

Counts only, never personal data. The figures come from the weekly summary
(`thriving.frontdoor.demand.queries.summary`), which a background task keeps up to date from the
weeks that changes mark stale, so a page reads a few thousand summary rows whatever the size of the
tables. A need below a top-level need is not in the summary: for one of those the figures
are computed from the requests and referrals themselves (`thriving.frontdoor.demand.queries.live`).

Either way the figures (and the page's HTML of them) are kept in the cache for a minute, keyed
by the filters, and only one request computes them at a time. The data classes and filters are
in `thriving.frontdoor.demand.figures`, the rows of the CSV download in
`thriving.frontdoor.demand.download`.
"""

import time

from django.core.cache import cache

from thriving.frontdoor.demand import services
from thriving.frontdoor.demand.figures import CACHE_SECONDS, LOCK_SECONDS, Filters, Picture
from thriving.frontdoor.demand.queries import summary
from thriving.frontdoor.demand.queries.live import compute_live


def compute(filters: Filters) -> Picture:
    """The figures for these filters, from the weekly summary when it holds them."""
    need_id = summary.top_level_need(filters)
    if need_id is False:
        return compute_live(filters)
    waiting = summary.pending()
    if waiting:
        services.request_refresh()  # with no worker (immediate tasks) it runs here and now
        waiting = summary.pending()
    found = summary.read(filters, need_id or None)
    found.weeks_waiting = waiting
    return found


def picture(filters: Filters, *, use_cache: bool = True) -> Picture:
    """The figures for these filters, from the cache when they were computed in the last minute,
    without the empty weeks at the start of the period.

    When several requests for the same figures arrive at once with nothing cached, one computes
    them and the others wait for its result (up to a few seconds) rather than all asking the
    database the same questions."""
    if not use_cache:
        return compute(filters).trimmed()
    key = filters.cache_key
    found = cache.get(key)
    if found is not None:
        return found
    lock = key + ":computing"
    if not cache.add(lock, 1, LOCK_SECONDS):
        deadline = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            found = cache.get(key)
            if found is not None:
                return found
    try:
        found = compute(filters).trimmed()
        cache.set(key, found, CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return found
