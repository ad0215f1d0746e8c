"""Hours to answer a referral, kept as a histogram: a count and a sum of hours per bucket, so the
median and 90th percentile over any weeks and places come from summed histograms. Exact when each
bucket holds one answer, and otherwise within the bucket's width (15 minutes under 4 hours, an hour
under 3 days, 6 hours under 2 weeks, a day under 90 days).
"""

import math
from typing import Any

_SPANS = [(0.0, 0.25, 16), (4.0, 1.0, 68), (72.0, 6.0, 44), (336.0, 24.0, 76)]  # start, width, buckets
OVERFLOW = sum(count for _, _, count in _SPANS)  # 90 days and more


def bucket(hours: float) -> int:
    """The histogram bucket that holds this many hours."""
    hours = max(hours, 0.0)
    index = 0
    for start, width, count in _SPANS:
        if hours < start + width * count:
            return index + min(count - 1, int((hours - start) // width))
        index += count
    return OVERFLOW


def bucket_bounds(index: int) -> tuple[float, float]:
    """The hours a bucket covers, from and to; the last is open-ended (infinity)."""
    for start, width, count in _SPANS:
        if index < count:
            return start + width * index, start + width * (index + 1)
        index -= count
    return _SPANS[-1][0] + _SPANS[-1][1] * _SPANS[-1][2], math.inf


Histogram = dict[Any, list[float]]  # bucket (an int, or its str as stored in JSON): [count, sum of hours]


def add_hours(histogram: Histogram, hours: float) -> None:
    entry = histogram.setdefault(bucket(hours), [0, 0.0])
    entry[0] += 1
    entry[1] += max(hours, 0.0)


def merge(into: Histogram, stored: Histogram) -> None:
    """Add a stored histogram into another, keeping the stored keys (strings, from JSON)."""
    get = into.get
    for key, (count, total) in stored.items():
        entry = get(key)
        if entry is None:
            into[key] = [count, total]
        else:
            entry[0] += count
            entry[1] += total


def percentile(histogram: Histogram, fraction: float) -> float | None:
    """As PostgreSQL's percentile_cont over the answers the histogram counts, each answer placed
    evenly about its bucket's mean (so a bucket of one answer gives that answer exactly)."""
    return percentiles(histogram, (fraction,))[0]


def percentiles(histogram: Histogram, fractions: tuple[float, ...] = (0.5, 0.9)) -> list[float | None]:
    """Several percentiles of one histogram, sorting it once."""
    ordered = sorted((int(key), int(count), hours) for key, (count, hours) in histogram.items() if count)
    total = sum(count for _, count, _ in ordered)
    if not total:
        return [None] * len(fractions)

    def nth(rank: int) -> float:
        seen = 0
        for index, count, hours in ordered:
            if rank < seen + count:
                mean = hours / count
                low, high = bucket_bounds(index)
                half = max(0.0, min(mean - low, high - mean))
                return mean + half * (2 * (rank - seen + 0.5) / count - 1)
            seen += count
        raise AssertionError("rank beyond the histogram")  # pragma: no cover

    found: list[float | None] = []
    for fraction in fractions:
        position = fraction * (total - 1)
        low, high = math.floor(position), math.ceil(position)
        first = nth(low)
        found.append(first if high == low else first + (nth(high) - first) * (position - low))
    return found
