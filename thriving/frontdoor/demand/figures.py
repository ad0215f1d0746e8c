"""What the demand picture shows: its filters (whole weeks, a locality, a need) and its figures
(requests by week and level, the Care and Support Wedge, referral response times), as plain data
classes that both ways of computing them fill in: from the weekly summary
(`thriving.frontdoor.demand.queries.summary`) or from the requests and referrals themselves
(`thriving.frontdoor.demand.queries.live`).
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils import timezone

from thriving.frontdoor.models import Level

CACHE_SECONDS = 60
LOCK_SECONDS = 10
CACHE_PREFIX = "frontdoor:demand:v3:"
DEFAULT_WEEKS = 26
MAX_DAYS = 3 * 366
ORGANISATIONS_SHOWN = 20
NOT_TRIAGED = "Not yet triaged"
NO_LOCALITY = "No locality recorded"


# ---------------------------------------------------------------------------------------------
# Filters


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_end(day: datetime.date) -> datetime.date:
    """The Sunday of the day's week."""
    return week_start(day) + datetime.timedelta(days=6)


def week_bounds(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(week + datetime.timedelta(weeks=1), datetime.time.min, tzinfo=tz)


def week_of(moment: datetime.datetime) -> datetime.date:
    return week_start(timezone.localtime(moment).date())


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

    def __post_init__(self) -> None:
        # Figures are counted in whole weeks, Monday to Sunday, as the weekly summary holds them.
        object.__setattr__(self, "start", week_start(self.start))
        object.__setattr__(self, "end", week_end(self.end))

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
    # What the people whose requests closed this week said when asked if they got the help they needed.
    answered_yes: int = 0
    answered_partly: int = 0
    answered_no: int = 0

    @property
    def closed(self) -> int:
        return self.met_community + self.met_services + self.met_unrecorded + self.unmet + self.withdrawn

    @property
    def answered(self) -> int:
        return self.answered_yes + self.answered_partly + self.answered_no

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
    weeks_waiting: int = 0  # weeks with changes not yet counted in the summary

    @property
    def first_week(self) -> datetime.date | None:
        """The first week with anything in it (a request made, closed or referred), or None."""
        busy = [w.week for w in self.weeks if w.total]
        busy += [w.week for w in self.wedge if w.closed]
        busy += [r.week for r in self.responses if r.week is not None and r.referrals]
        return min(busy, default=None)

    def trimmed(self) -> "Picture":
        """The figures without the empty weeks at the start of the period (all of them if every
        week is empty, so the page still shows the period)."""
        first = self.first_week
        if first is None:
            return self
        return replace(
            self,
            weeks=[w for w in self.weeks if w.week >= first],
            wedge=[w for w in self.wedge if w.week >= first],
            responses=[r for r in self.responses if r.week is None or r.week >= first],
        )

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
            total.answered_yes += week.answered_yes
            total.answered_partly += week.answered_partly
            total.answered_no += week.answered_no
        return total

    @property
    def organisations_shown(self) -> list[ResponseRow]:
        """The organisations that received most referrals (up to 20), in alphabetical order."""
        most = sorted(self.organisations, key=lambda row: -row.referrals)[:ORGANISATIONS_SHOWN]
        return alphabetical_rows(most)


def alphabetical(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Named counts (localities, needs) in alphabetical order, "No locality recorded" last."""
    return sorted(items, key=lambda item: (item[0] == NO_LOCALITY, item[0].casefold(), item[0]))


def alphabetical_rows(rows: list[ResponseRow]) -> list[ResponseRow]:
    """Organisations' rows in alphabetical order of their names."""
    return sorted(rows, key=lambda row: (row.label.casefold(), row.label))


def level_columns() -> list[tuple[int | None, str]]:
    return [*((level.value, f"Level {level.value}") for level in Level), (None, NOT_TRIAGED)]


def local_week(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.date()
    return moment
