"""The demand picture: counts of help requests and referrals by week, locality, need and level,
the Care and Support Wedge, referral response times and declined referrals by reason.

Counts only, never personal data. Everything is aggregated in the database over the chosen
window with six GROUP BY queries (TruncWeek, conditional Counts and a percentile aggregate that is
PERCENTILE_CONT on PostgreSQL and a small Python aggregate on SQLite), whatever the size of the
tables. Each query still reads every request or referral in the window, so computing the figures
takes longer as the window fills: about 2 seconds for 26 weeks of all localities with 500,000
requests and 1,000,000 referrals on PostgreSQL (a few hundred milliseconds for one locality). So
the figures (and the page's HTML of them) are kept in the cache for a minute, keyed by the
filters, and only one request computes them at a time. The percentile aggregate and the other
portable SQL are in `demand_sql`; the rows of the CSV download in `demand_csv`.
"""

import datetime
import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, Exists, FloatField, IntegerField, OuterRef, Q, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from thriving.directory import needs as needs_index
from thriving.frontdoor.demand_sql import HoursBetween, Percentile  # also registers the SQLite percentile
from thriving.frontdoor.models import HelpRequest, Level, Referral

CACHE_SECONDS = 60
LOCK_SECONDS = 10
CACHE_PREFIX = "frontdoor:demand:v1:"
DEFAULT_WEEKS = 26
MAX_DAYS = 3 * 366
ORGANISATIONS_SHOWN = 20
NOT_TRIAGED = "Not yet triaged"
Needs = HelpRequest.needs.through


# ---------------------------------------------------------------------------------------------
# Filters


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last 26 weeks, this one included."""
    today = today or timezone.localdate()
    return week_start(today) - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    locality_id: int | None = None
    locality_name: str = ""
    need_uuid: str = ""
    need_name: str = ""

    @property
    def cache_key(self) -> str:
        raw = f"{self.start}|{self.end}|{self.locality_id}|{self.need_uuid}"
        return CACHE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:32]

    @property
    def locality_label(self) -> str:
        return self.locality_name or "All localities"

    @property
    def need_label(self) -> str:
        return self.need_name or "All needs"

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the start of the first day to the start of the day after the last, local time."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return start, end

    def weeks(self) -> list[datetime.date]:
        found, week = [], week_start(self.start)
        while week <= self.end:
            found.append(week)
            week += datetime.timedelta(weeks=1)
        return found

    def describe(self) -> str:
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}; {self.locality_label}; {self.need_label}"


# ---------------------------------------------------------------------------------------------
# The figures


@dataclass
class WeekRequests:
    week: datetime.date
    by_level: dict[int | None, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    def level(self, level: int | None) -> int:
        return self.by_level.get(level, 0)

    @property
    def counts(self) -> list[int]:
        """The counts at each level, in the order of `level_columns()`."""
        return [self.level(value) for value, _ in level_columns()]


@dataclass
class WedgeWeek:
    week: datetime.date
    met_community: int = 0  # met at levels 1-2
    met_services: int = 0  # met at levels 3-4
    met_unrecorded: int = 0  # met, level not recorded
    unmet: int = 0
    withdrawn: int = 0

    @property
    def share_community(self) -> float | None:
        """Per cent of needs met at a known level that were met at levels 1-2."""
        known = self.met_community + self.met_services
        return 100.0 * self.met_community / known if known else None

    @property
    def share_services(self) -> float | None:
        share = self.share_community
        return None if share is None else 100.0 - share


@dataclass
class ResponseRow:
    """Referrals made in a week, or to an organisation: how many, how fast they were answered."""

    label: str
    week: datetime.date | None = None
    referrals: int = 0
    responded: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None
    overdue: int = 0
    declined: int = 0


@dataclass
class Picture:
    filters: Filters
    computed_at: datetime.datetime
    weeks: list[WeekRequests]
    by_locality: list[tuple[str, int]]
    by_need: list[tuple[str, int]]
    wedge: list[WedgeWeek]
    responses: list[ResponseRow]
    organisations: list[ResponseRow]
    declined: list[tuple[str, int]]
    median_hours: float | None = None
    p90_hours: float | None = None

    @property
    def total_requests(self) -> int:
        return sum(w.total for w in self.weeks)

    @property
    def by_level(self) -> list[tuple[str, int]]:
        totals: dict[int | None, int] = defaultdict(int)
        for week in self.weeks:
            for level, count in week.by_level.items():
                totals[level] += count
        return [(label, totals.get(value, 0)) for value, label in level_columns()]

    @property
    def total_referrals(self) -> int:
        return sum(r.referrals for r in self.responses)

    @property
    def total_overdue(self) -> int:
        return sum(r.overdue for r in self.responses)

    @property
    def total_declined(self) -> int:
        return sum(count for _, count in self.declined)

    @property
    def wedge_totals(self) -> WedgeWeek:
        total = WedgeWeek(week=self.filters.start)
        for week in self.wedge:
            total.met_community += week.met_community
            total.met_services += week.met_services
            total.met_unrecorded += week.met_unrecorded
            total.unmet += week.unmet
            total.withdrawn += week.withdrawn
        return total

    @property
    def organisations_shown(self) -> list[ResponseRow]:
        return self.organisations[:ORGANISATIONS_SHOWN]


def level_columns() -> list[tuple[int | None, str]]:
    return [*((level.value, f"Level {level.value}") for level in Level), (None, NOT_TRIAGED)]


def _local_week(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.date()
    return moment


def _requests(filters: Filters) -> Any:
    start, end = filters.bounds()
    found = HelpRequest.objects.filter(created_at__gte=start, created_at__lt=end)
    return _narrow(found, filters, "")


def _narrow(found: Any, filters: Filters, prefix: str) -> Any:
    """Keep rows whose request is in the locality and has the need (or one below it)."""
    if filters.locality_id is not None:
        found = found.filter(**{f"{prefix}locality_id": filters.locality_id})
    if filters.need_uuid:
        ids = needs_index.descendant_ids(filters.need_uuid)
        request_ref = OuterRef(f"{prefix}id" if prefix == "" else prefix.rstrip("_") + "_id")
        found = found.filter(Exists(Needs.objects.filter(helprequest_id=request_ref, taxonomyterm_id__in=ids)))
    return found


def _top_level_case() -> tuple[Case | None, dict[int, str]]:
    """A CASE that turns any need into the id of the top-level need above it."""
    index = needs_index.index()
    whens, names = [], {}
    for root in index.roots:
        whens.append(When(taxonomyterm_id__in=sorted(index.descendant_ids(root)), then=root.id))
        names[root.id] = root.name
    if not whens:
        return None, names
    return Case(*whens, default=None, output_field=IntegerField()), names


def compute(filters: Filters) -> Picture:
    """Run the aggregate queries for these filters."""
    now = timezone.now()
    start, end = filters.bounds()
    weeks = filters.weeks()

    # Requests by week, level and locality: one GROUP BY, summed both ways here.
    requests = _requests(filters)
    by_week = {week: WeekRequests(week) for week in weeks}
    localities: dict[str, int] = defaultdict(int)
    for row in (
        requests.annotate(week=TruncWeek("created_at"))
        .values("week", "level", "locality__name")
        .annotate(n=Count("id"))
        .order_by()
    ):
        day = _local_week(row["week"])
        week = by_week.setdefault(day, WeekRequests(day))
        week.by_level[row["level"]] = week.by_level.get(row["level"], 0) + row["n"]
        localities[row["locality__name"] or "No locality recorded"] += row["n"]
    by_locality = sorted(localities.items(), key=lambda item: (-item[1], item[0]))

    # Requests by top-level need: a request with several needs counts once under each.
    case, names = _top_level_case()
    by_need: list[tuple[str, int]] = []
    if case is not None:
        need_rows = (
            Needs.objects.filter(helprequest__in=requests.values("id"))
            .annotate(top=case)
            .exclude(top=None)
            .values("top")
            .annotate(n=Count("helprequest_id", distinct=True))
            .order_by()
        )
        by_need = sorted(((names[row["top"]], row["n"]) for row in need_rows), key=lambda item: (-item[1], item[0]))

    # The Care and Support Wedge: requests closed in each week, by outcome and level met.
    closed = _narrow(
        HelpRequest.objects.filter(status=HelpRequest.Status.CLOSED, closed_at__gte=start, closed_at__lt=end),
        filters,
        "",
    )
    wedge = {week: WedgeWeek(week) for week in weeks}
    for row in (
        closed.annotate(week=TruncWeek("closed_at"))
        .values("week", "outcome", "outcome_level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        week = _local_week(row["week"])
        entry = wedge.setdefault(week, WedgeWeek(week))
        if row["outcome"] == HelpRequest.Outcome.MET:
            if row["outcome_level"] in (1, 2):
                entry.met_community += row["n"]
            elif row["outcome_level"] in (3, 4):
                entry.met_services += row["n"]
            else:
                entry.met_unrecorded += row["n"]
        elif row["outcome"] == HelpRequest.Outcome.UNMET:
            entry.unmet += row["n"]
        elif row["outcome"] == HelpRequest.Outcome.WITHDRAWN:
            entry.withdrawn += row["n"]

    # Referrals made in the window: counts, declines and overdue by week; response times.
    referrals = _narrow(Referral.objects.filter(created_at__gte=start, created_at__lt=end), filters, "request__")
    overdue = Q(status=Referral.Status.AWAITING, due_by__lt=now)
    declined_q = Q(status=Referral.Status.DECLINED)
    responded_q = Q(responded_at__isnull=False)
    hours = HoursBetween("created_at", "responded_at")
    answered_hours = Case(When(responded_q, then=hours), default=None, output_field=FloatField())
    reasons = dict(Referral.DeclineReason.choices)
    by_reason = {code: Count("id", filter=declined_q & Q(decline_reason=code)) for code in reasons}
    responses = {week: ResponseRow(label=f"{week:%d %b %Y}", week=week) for week in weeks}
    declined: dict[str, int] = defaultdict(int)
    for row in (
        referrals.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=overdue),
            no=Count("id", filter=declined_q),
            answered=Count("id", filter=responded_q),
            p50=Percentile(answered_hours, 0.5),
            p90=Percentile(answered_hours, 0.9),
            **{f"reason_{code}": count for code, count in by_reason.items()},
        )
        .order_by()
    ):
        week = _local_week(row["week"])
        entry = responses.setdefault(week, ResponseRow(label=f"{week:%d %b %Y}", week=week))
        entry.referrals += row["n"]
        entry.overdue += row["late"]
        entry.declined += row["no"]
        entry.responded += row["answered"]
        entry.median_hours, entry.p90_hours = row["p50"], row["p90"]
        for code in reasons:
            declined[code] += row[f"reason_{code}"]

    answered = referrals.filter(responded_q)
    overall = answered.aggregate(p50=Percentile(hours, 0.5), p90=Percentile(hours, 0.9))

    organisations = [
        ResponseRow(
            label=row["organisation__name"],
            referrals=row["n"],
            responded=row["answered"],
            median_hours=row["p50"],
            p90_hours=row["p90"],
            overdue=row["late"],
            declined=row["no"],
        )
        for row in referrals.values("organisation_id", "organisation__name")
        .annotate(
            n=Count("id"),
            answered=Count("id", filter=responded_q),
            late=Count("id", filter=overdue),
            no=Count("id", filter=declined_q),
            p50=Percentile(answered_hours, 0.5),
            p90=Percentile(answered_hours, 0.9),
        )
        .order_by("-n", "organisation__name")
    ]

    return Picture(
        filters=filters,
        computed_at=now,
        weeks=[by_week[w] for w in sorted(by_week)],
        by_locality=by_locality,
        by_need=by_need,
        wedge=[wedge[w] for w in sorted(wedge)],
        responses=[responses[w] for w in sorted(responses)],
        organisations=organisations,
        declined=sorted(
            ((reasons[code], count) for code, count in declined.items() if count), key=lambda x: (-x[1], x[0])
        ),
        median_hours=overall["p50"],
        p90_hours=overall["p90"],
    )


def picture(filters: Filters, *, use_cache: bool = True) -> Picture:
    """The figures for these filters, from the cache when they were computed in the last minute.

    When several requests for the same figures arrive at once with nothing cached, one computes
    them and the others wait for its result (up to a few seconds) rather than all asking the
    database the same heavy questions."""
    if not use_cache:
        return compute(filters)
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
        found = compute(filters)
        cache.set(key, found, CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return found
