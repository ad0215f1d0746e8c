"""Building the weekly summary behind the demand picture and keeping it up to date.

Every change to a request or a referral that the figures count (made, triaged, referred, answered,
closed, reopened, the resident's answer after closing) marks the weeks it touches as stale, in the
same transaction as the change (`mark_stale`, called from `record_event`), and once the change is
committed the `refresh_demand_summary` task (`thriving.frontdoor.demand.tasks`) is queued (once,
however many changes arrive while it waits). The task rebuilds the stale weeks from the requests
and referrals themselves, one process at a time, and deletes the marks it has dealt with; a mark
written while it ran stays for the next refresh. With the worker running that is a matter of
seconds; `thriving frontdoor demand-summary` from cron is the backstop. Rebuilding a week reads
only that week's requests and referrals, never the whole period.

Anything that writes requests or referrals without the front-door services (a bulk import, the
benchmark's generated data) must call `rebuild` (`thriving frontdoor demand-summary --rebuild`),
as must a change to the needs taxonomy that moves a need under another top-level need.

The summary is read by `thriving.frontdoor.demand.queries.summary`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from thriving.directory.queries import needs as needs_index
from thriving.frontdoor.demand.figures import week_bounds, week_of
from thriving.frontdoor.demand.histogram import Histogram, bucket
from thriving.frontdoor.demand.models import ALL, NO_LOCALITY, DemandStale, DemandSummaryState, DemandWeek
from thriving.frontdoor.demand.sql import HoursBetween
from thriving.frontdoor.models import HelpRequest, Referral

QUEUED_KEY = "frontdoor:demand:refresh-queued"
QUEUED_SECONDS = 30  # at most one refresh queued at a time; the task clears this when it starts
BATCH = 2000
Needs = HelpRequest.needs.through


# ---------------------------------------------------------------------------------------------
# Building a week


@dataclass
class _Row:
    levels: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])  # levels 1-4, then untriaged
    closures: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])  # community, services, ?, unmet, withdrawn
    answers: list[int] = field(default_factory=lambda: [0, 0, 0])  # the resident's answer: yes, partly, no
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
            answered_yes=self.answers[0], answered_partly=self.answers[1], answered_no=self.answers[2],
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


ANSWERS = {"yes": 0, "partly": 1, "no": 2}  # the resident's answer, as ResidentAnswer.Answer
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
    for request_id, locality_id, outcome, level, said in closed.values_list(
        "id", "locality_id", "outcome", "outcome_level", "resident_answer__answer"
    ):
        answer = ANSWERS.get(said)
        if outcome == HelpRequest.Outcome.MET:
            column = 0 if level in (1, 2) else 1 if level in (3, 4) else 2
        elif outcome in _CLOSURE:
            column = _CLOSURE[outcome]
        else:
            continue
        for loc, need in _keys(locality_id, roots.get(request_id, ())):
            row = rows[(loc, need, ALL)]
            row.closures[column] += 1
            if answer is not None:
                row.answers[answer] += 1

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
    from thriving.frontdoor.demand.tasks import refresh_demand_summary  # the task module imports this one

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
