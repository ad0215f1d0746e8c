"""The weekly summary behind the demand picture: building it, keeping it up to date, reading it.

Every change to a request or a referral that the figures count (made, triaged, referred,
answered, closed, reopened) marks the weeks it touches as stale, in the same transaction as the
change (`mark_stale`, called from `record_event`), and once the change is committed the
`refresh_demand_summary` task is queued (once, however many changes arrive while it waits). The
task rebuilds the stale weeks from the requests and referrals themselves, one process at a time,
and deletes the marks it has dealt with; a mark written while it ran stays for the next refresh.
A page reads the summary as it is, and says so when some weeks are still waiting to be counted.
With the worker running that is a matter of seconds; `thriving frontdoor demand-summary` from cron
is the backstop. Rebuilding a week reads only that week's requests and referrals, never the
whole period.

Anything that writes requests or referrals without the front-door services (a bulk import, the
benchmark's generated data) must call `rebuild` (`thriving frontdoor demand-summary --rebuild`),
as must a change to the needs taxonomy that moves a need under another top-level need.

Hours to answer a referral are kept as a histogram (a count and a sum of hours per bucket), so
the median and 90th percentile over any weeks and places come from summed histograms: exact when
each bucket holds one answer, and otherwise within the bucket's width (15 minutes under 4 hours,
an hour under 3 days, 6 hours under 2 weeks, a day under 90 days).
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, JSONField, Max, Min, Q, Sum, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from thriving.core.models import Organisation
from thriving.directory import needs as needs_index
from thriving.frontdoor import demand_live
from thriving.frontdoor.demand_figures import (
    Filters,
    Picture,
    ResponseRow,
    WedgeWeek,
    WeekRequests,
    week_start,
)
from thriving.frontdoor.demand_sql import HoursBetween
from thriving.frontdoor.models import DemandStale, DemandSummaryState, DemandWeek, HelpRequest, Referral
from thriving.frontdoor.models_demand import ALL, NO_LOCALITY
from thriving.places.models import Locality

QUEUED_KEY = "frontdoor:demand:refresh-queued"
QUEUED_SECONDS = 30  # at most one refresh queued at a time; the task clears this when it starts
BATCH = 2000
Needs = HelpRequest.needs.through

# ---------------------------------------------------------------------------------------------
# Hours to answer, as a histogram

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


# ---------------------------------------------------------------------------------------------
# Building a week


def week_bounds(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(week + datetime.timedelta(weeks=1), datetime.time.min, tzinfo=tz)


def week_of(moment: datetime.datetime) -> datetime.date:
    return week_start(timezone.localtime(moment).date())


@dataclass
class _Row:
    levels: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])  # levels 1-4, then untriaged
    closures: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])  # community, services, ?, unmet, withdrawn
    referrals: int = 0
    responded: int = 0
    declined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    awaiting: int = 0
    awaiting_due_last: datetime.datetime | None = None
    hours: Histogram = field(default_factory=dict)

    def model(self, week: datetime.date, key: tuple[int, int, int]) -> DemandWeek:
        return DemandWeek(
            week=week, locality_key=key[0], need_key=key[1], organisation_key=key[2],
            level_1=self.levels[0], level_2=self.levels[1], level_3=self.levels[2], level_4=self.levels[3],
            untriaged=self.levels[4], met_community=self.closures[0], met_services=self.closures[1],
            met_unrecorded=self.closures[2], unmet=self.closures[3], withdrawn=self.closures[4],
            referrals=self.referrals, responded=self.responded, declined=self.declined,
            declined_by_reason=self.reasons, awaiting=self.awaiting, awaiting_due_last=self.awaiting_due_last,
            response_hours={str(k): v for k, v in sorted(self.hours.items())},
        )


def _root_of() -> dict[int, int]:
    """Each need's id to the id of the top-level need above it."""
    index = needs_index.index()
    return {term: root.id for root in index.roots for term in index.descendant_ids(root)}


def _roots(request_ids: Any, root_of: dict[int, int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for request_id, term in Needs.objects.filter(helprequest_id__in=request_ids).values_list(
        "helprequest_id", "taxonomyterm_id"
    ):
        if term in root_of:
            found[request_id].add(root_of[term])
    return found


def _keys(locality_id: int | None, roots: Iterable[int]) -> list[tuple[int, int]]:
    place = locality_id if locality_id is not None else NO_LOCALITY
    return [(loc, need) for loc in (ALL, place) for need in (ALL, *roots)]


_CLOSURE = {
    HelpRequest.Outcome.UNMET: 3,
    HelpRequest.Outcome.WITHDRAWN: 4,
}


def build_week(week: datetime.date, root_of: dict[int, int]) -> list[DemandWeek]:
    """The summary rows of one week, from the requests and referrals themselves."""
    start, end = week_bounds(week)
    rows: dict[tuple[int, int, int], _Row] = defaultdict(_Row)

    made = HelpRequest.objects.filter(created_at__gte=start, created_at__lt=end)
    roots = _roots(made.values("id"), root_of)
    for request_id, locality_id, level in made.values_list("id", "locality_id", "level"):
        for loc, need in _keys(locality_id, roots.get(request_id, ())):
            rows[(loc, need, ALL)].levels[level - 1 if level else 4] += 1

    closed = HelpRequest.objects.filter(status=HelpRequest.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    roots = _roots(closed.values("id"), root_of)
    for request_id, locality_id, outcome, level in closed.values_list("id", "locality_id", "outcome", "outcome_level"):
        if outcome == HelpRequest.Outcome.MET:
            column = 0 if level in (1, 2) else 1 if level in (3, 4) else 2
        elif outcome in _CLOSURE:
            column = _CLOSURE[outcome]
        else:
            continue
        for loc, need in _keys(locality_id, roots.get(request_id, ())):
            rows[(loc, need, ALL)].closures[column] += 1

    referred = Referral.objects.filter(created_at__gte=start, created_at__lt=end)
    roots = _roots(referred.values("request_id"), root_of)
    for request_id, locality_id, organisation_id, status, reason, hours, due_by in referred.annotate(
        hours=HoursBetween("created_at", "responded_at")  # NULL until answered
    ).values_list(
        "request_id", "request__locality_id", "organisation_id", "status", "decline_reason", "hours", "due_by"
    ):
        slot = None
        if hours is not None:
            hours = max(hours, 0.0)
            slot = bucket(hours)
        declined = status == Referral.Status.DECLINED
        awaiting = status == Referral.Status.AWAITING
        for loc, need in _keys(locality_id, roots.get(request_id, ())):
            # An organisation's rows are for all places or all needs, not both at once: every
            # organisation in every locality for every need would be too many rows to keep.
            for organisation in (ALL, organisation_id) if loc == ALL or need == ALL else (ALL,):
                row = rows[(loc, need, organisation)]
                row.referrals += 1
                if slot is not None:
                    row.responded += 1
                    entry = row.hours.get(slot)
                    if entry is None:
                        row.hours[slot] = [1, hours]
                    else:
                        entry[0] += 1
                        entry[1] += hours
                if declined:
                    row.declined += 1
                    row.reasons[reason] = row.reasons.get(reason, 0) + 1
                elif awaiting:
                    row.awaiting += 1
                    if row.awaiting_due_last is None or due_by > row.awaiting_due_last:
                        row.awaiting_due_last = due_by
    return [row.model(week, key) for key, row in rows.items()]


def _replace(weeks: Iterable[datetime.date], root_of: dict[int, int] | None = None) -> tuple[int, int]:
    """Rebuild these weeks' rows. In the caller's transaction."""
    root_of = root_of if root_of is not None else _root_of()
    weeks = sorted(set(weeks))
    made = 0
    for week in weeks:
        DemandWeek.objects.filter(week=week).delete()
        rows = build_week(week, root_of)
        DemandWeek.objects.bulk_create(rows, batch_size=BATCH)
        made += len(rows)
    return len(weeks), made


# ---------------------------------------------------------------------------------------------
# Keeping it up to date


def mark_stale(request: HelpRequest, *also: datetime.datetime | None) -> None:
    """Mark the weeks a change to this request touches: the week it was made, the week it closed,
    the weeks its referrals were made, and any moments given (such as when a reopened request had
    closed). Call it inside the change's transaction."""
    moments = [request.created_at, request.closed_at, *also]
    moments += list(Referral.objects.filter(request_id=request.pk).values_list("created_at", flat=True))
    weeks = {week_of(moment) for moment in moments if moment is not None}
    DemandStale.objects.bulk_create([DemandStale(week=week) for week in sorted(weeks)])
    transaction.on_commit(request_refresh)


def _state() -> None:
    DemandSummaryState.objects.get_or_create(pk=1)


def request_refresh() -> None:
    """Queue the task that brings the summary up to date, unless it is queued already."""
    from thriving.frontdoor.tasks import refresh_demand_summary  # the task module imports this one

    if DemandStale.objects.exists() and cache.add(QUEUED_KEY, 1, QUEUED_SECONDS):
        refresh_demand_summary.enqueue()  # (the marks may be gone: an earlier refresh took them)


def refresh(limit: int | None = None, *, wait: bool = True) -> int:
    """Rebuild the weeks marked stale (at most `limit` of them, oldest marks first). If another
    process is doing so, wait for it and then take what is left, or with `wait` false leave it
    to that process. Gives the number of weeks rebuilt."""
    if not DemandStale.objects.exists():
        return 0
    _state()
    with transaction.atomic():
        state = DemandSummaryState.objects.select_for_update(skip_locked=not wait).filter(pk=1).first()
        if state is None:
            return 0  # another process is refreshing it now
        oldest_first = DemandStale.objects.values("week").annotate(first=Min("id")).order_by("first")
        weeks = [row["week"] for row in (oldest_first[:limit] if limit is not None else oldest_first)]
        ids = list(DemandStale.objects.filter(week__in=weeks).values_list("id", flat=True))
        done, _ = _replace(weeks)
        DemandStale.objects.filter(id__in=ids).delete()
        state.refreshed_at = timezone.now()
        state.save(update_fields=["refreshed_at"])
    return done


def rebuild() -> tuple[int, int]:
    """Rebuild the whole summary from the requests and referrals, a week at a time (each in its
    own transaction, so neither readers nor writers wait for the whole). Gives (weeks, rows)."""
    _state()
    ids = list(DemandStale.objects.values_list("id", flat=True))
    moments = [
        *HelpRequest.objects.aggregate(Min("created_at"), Max("created_at"), Max("closed_at")).values(),
        *Referral.objects.aggregate(Min("created_at"), Max("created_at")).values(),
    ]
    known = [moment for moment in moments if moment is not None]
    weeks: list[datetime.date] = []
    if known:
        week, final = week_of(min(known)), week_of(max([*known, timezone.now()]))
        while week <= final:
            weeks.append(week)
            week += datetime.timedelta(weeks=1)
    made = 0
    root_of = _root_of()
    for week in weeks:
        with transaction.atomic():
            DemandSummaryState.objects.select_for_update().get(pk=1)
            made += _replace([week], root_of)[1]
    with transaction.atomic():
        state = DemandSummaryState.objects.select_for_update().get(pk=1)
        outside = DemandWeek.objects.all()
        if weeks:
            outside = outside.exclude(week__gte=weeks[0], week__lte=weeks[-1])
        outside.delete()
        DemandStale.objects.filter(id__in=ids).delete()
        state.refreshed_at = state.rebuilt_at = timezone.now()
        state.save(update_fields=["refreshed_at", "rebuilt_at"])
    return len(weeks), made


def pending() -> int:
    """How many weeks are marked stale."""
    return DemandStale.objects.values("week").distinct().count()


# ---------------------------------------------------------------------------------------------
# Reading it


def top_level_need(filters: Filters) -> int | None | bool:
    """The filter's need id when it is a top-level need, None for all needs, False for a need
    below a top-level one (which the summary does not hold)."""
    if not filters.need_uuid:
        return None
    need = needs_index.index().by_uuid.get(filters.need_uuid)
    if need is None or need.parent_id is not None:
        return False
    return need.id


_MAIN = ("week", "organisation_key", "level_1", "level_2", "level_3", "level_4", "untriaged", "met_community",
         "met_services", "met_unrecorded", "unmet", "withdrawn", "referrals", "responded", "declined",
         "declined_by_reason", "awaiting", "awaiting_due_last", "response_hours")


def read(filters: Filters, need_id: int | None) -> Picture:
    """The figures for these filters from the summary as it stands."""
    now = timezone.now()
    weeks = filters.weeks()
    place = filters.locality_id if filters.locality_id is not None else ALL
    need = need_id if need_id is not None else ALL
    in_period = DemandWeek.objects.filter(week__gte=weeks[0], week__lte=weeks[-1])
    # The rows for the chosen place and need, for all organisations and for each one; each
    # organisation's hours to answer are summed over the weeks by the database.
    chosen = in_period.filter(locality_key=place, need_key=need)
    hours = Case(When(organisation_key=ALL, then=F("response_hours")), default=None, output_field=JSONField())
    rows = [dict(zip(_MAIN, values, strict=True))
            for values in chosen.annotate(hours=hours).values_list(*_MAIN[:-1], "hours")]
    organisation_hours = _organisation_hours(weeks[0], weeks[-1], place, need)

    # Requests by locality and by top-level need, summed over the weeks by the database, for the
    # dimension that is not chosen (a chosen one is the total itself).
    localities: dict[int, int] = defaultdict(int)
    needs: dict[int, int] = defaultdict(int)
    breakdowns = []
    if place == ALL:
        breakdowns.append(Q(need_key=need) & ~Q(locality_key=ALL))
    if need == ALL:
        breakdowns.append(Q(locality_key=place) & ~Q(need_key=ALL))
    if breakdowns:
        requests = F("level_1") + F("level_2") + F("level_3") + F("level_4") + F("untriaged")
        for loc, need_key, count in (
            in_period.filter(reduce(or_, breakdowns), organisation_key=ALL)
            .values("locality_key", "need_key").annotate(n=Sum(requests)).order_by()
            .values_list("locality_key", "need_key", "n")
        ):
            if need_key == need and loc != ALL:
                localities[loc] += count
            if loc == place and need_key != ALL:
                needs[need_key] += count

    by_week = {week: WeekRequests(week) for week in weeks}
    wedge = {week: WedgeWeek(week) for week in weeks}
    responses = {week: ResponseRow(label=f"{week:%d %b %Y}", week=week) for week in weeks}
    week_hours: dict[datetime.date, Histogram] = defaultdict(dict)
    all_hours: Histogram = {}
    organisations: dict[int, ResponseRow] = {}
    declined: dict[str, int] = defaultdict(int)
    # Where some referrals awaiting an answer are not due yet, overdue ones are counted live.
    partly_due = {
        row["week"] for row in rows
        if row["organisation_key"] == ALL and row["awaiting"]
        and (row["awaiting_due_last"] is None or row["awaiting_due_last"] >= now)
    }

    for row in rows:
        overdue = row["awaiting"] if row["week"] not in partly_due else 0
        if row["organisation_key"] != ALL:
            entry = organisations.setdefault(row["organisation_key"], ResponseRow(label=""))
            entry.referrals += row["referrals"]
            entry.responded += row["responded"]
            entry.declined += row["declined"]
            entry.overdue += overdue
            continue
        week = row["week"]
        counts = [row["level_1"], row["level_2"], row["level_3"], row["level_4"], row["untriaged"]]
        if place != ALL:
            localities[place] += sum(counts)
        if need != ALL:
            needs[need] += sum(counts)
        requests_made = by_week[week]
        for level, count in zip((1, 2, 3, 4, None), counts, strict=True):
            if count:
                requests_made.by_level[level] = requests_made.by_level.get(level, 0) + count
        closing = wedge[week]
        closing.met_community += row["met_community"]
        closing.met_services += row["met_services"]
        closing.met_unrecorded += row["met_unrecorded"]
        closing.unmet += row["unmet"]
        closing.withdrawn += row["withdrawn"]
        response = responses[week]
        response.referrals += row["referrals"]
        response.responded += row["responded"]
        response.declined += row["declined"]
        response.overdue += overdue
        merge(week_hours[week], row["response_hours"])
        merge(all_hours, row["response_hours"])
        for reason, count in row["declined_by_reason"].items():
            declined[reason] += count

    if partly_due:
        _count_overdue(filters, need_id, sorted(partly_due), now, responses, organisations)

    for week, response in responses.items():
        response.median_hours, response.p90_hours = percentiles(week_hours[week])
    if place != ALL and need != ALL:
        # Not kept for a locality and a need together: few enough referrals to count them live.
        by_organisation = demand_live.organisation_rows(filters, now)
    else:
        names = dict(Organisation.objects.filter(pk__in=list(organisations)).values_list("id", "name"))
        for key, entry in organisations.items():
            entry.label = names.get(key, "An organisation no longer recorded")
            entry.median_hours, entry.p90_hours = percentiles(organisation_hours.get(key, {}))
        by_organisation = sorted(
            (entry for entry in organisations.values() if entry.referrals),
            key=lambda entry: (-entry.referrals, entry.label),
        )
    place_names = dict(Locality.objects.filter(pk__in=[k for k in localities if k > 0]).values_list("id", "name"))
    need_names = {n.id: n.name for n in needs_index.index().roots}
    reasons = dict(Referral.DeclineReason.choices)
    median, p90 = percentiles(all_hours)
    return Picture(
        filters=filters,
        computed_at=now,
        weeks=list(by_week.values()),
        by_locality=sorted(
            ((place_names.get(k, "No locality recorded") if k > 0 else "No locality recorded", n)
             for k, n in localities.items() if n),
            key=lambda item: (-item[1], item[0]),
        ),
        by_need=sorted(((need_names[k], n) for k, n in needs.items() if n and k in need_names),
                       key=lambda item: (-item[1], item[0])),
        wedge=list(wedge.values()),
        responses=list(responses.values()),
        organisations=by_organisation,
        declined=sorted(((reasons.get(code, code), n) for code, n in declined.items() if n),
                        key=lambda item: (-item[1], item[0])),
        median_hours=median,
        p90_hours=p90,
    )


_ORGANISATION_HOURS = {
    "postgresql": (
        "SELECT w.organisation_key, h.key, SUM((h.value->>0)::bigint), SUM((h.value->>1)::float8) "
        "FROM {table} w, jsonb_each(w.response_hours) h "
    ),
    "sqlite": (
        "SELECT w.organisation_key, h.key, SUM(json_extract(h.value, '$[0]')), SUM(json_extract(h.value, '$[1]')) "
        "FROM {table} w, json_each(w.response_hours) h "
    ),
}


def _organisation_hours(first: datetime.date, last: datetime.date, place: int, need: int) -> dict[int, Histogram]:
    """Each organisation's histogram of hours to answer, summed over the weeks in the database
    (each organisation-week's histogram holds up to a few hundred buckets)."""
    found: dict[int, Histogram] = defaultdict(dict)
    if connection.vendor not in _ORGANISATION_HOURS:  # pragma: no cover - another database: sum here
        for key, stored in (
            DemandWeek.objects.filter(week__gte=first, week__lte=last, locality_key=place, need_key=need)
            .exclude(organisation_key=ALL).values_list("organisation_key", "response_hours")
        ):
            merge(found[key], stored)
        return found
    sql = _ORGANISATION_HOURS[connection.vendor].format(table=DemandWeek._meta.db_table) + (
        "WHERE w.week >= %s AND w.week <= %s AND w.locality_key = %s AND w.need_key = %s "
        "AND w.organisation_key <> %s GROUP BY w.organisation_key, h.key"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last, place, need, ALL])
        for key, slot, count, total in cursor.fetchall():
            found[key][slot] = [count, total]
    return found


def _count_overdue(
    filters: Filters,
    need_id: int | None,
    weeks: list[datetime.date],
    now: datetime.datetime,
    responses: dict[datetime.date, ResponseRow],
    organisations: dict[int, ResponseRow],
) -> None:
    """Overdue referrals of the weeks where some of those awaiting an answer are not due yet:
    counted live, as time, not a change, makes them overdue. These are recent weeks, so few rows."""
    waiting = Referral.objects.filter(
        status=Referral.Status.AWAITING, due_by__lt=now,
        created_at__gte=week_bounds(weeks[0])[0], created_at__lt=week_bounds(weeks[-1])[1],
    )
    if filters.locality_id is not None:
        waiting = waiting.filter(request__locality_id=filters.locality_id)
    if need_id is not None:
        below = needs_index.index().descendant_ids(needs_index.index().by_id[need_id])
        waiting = waiting.filter(request__in=Needs.objects.filter(taxonomyterm_id__in=below).values("helprequest_id"))
    wanted = set(weeks)
    for week, organisation_id, count in (
        waiting.annotate(week=TruncWeek("created_at")).values("week", "organisation_id")
        .annotate(n=Count("id")).order_by().values_list("week", "organisation_id", "n")
    ):
        week = week.date() if isinstance(week, datetime.datetime) else week
        if week in wanted:
            responses[week].overdue += count
            if organisation_id in organisations:
                organisations[organisation_id].overdue += count
