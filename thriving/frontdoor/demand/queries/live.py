"""The demand picture computed from the requests and referrals themselves, with six GROUP BY
queries over the chosen weeks (TruncWeek, conditional Counts and a percentile aggregate that is
PERCENTILE_CONT on PostgreSQL and a small Python aggregate on SQLite).

Each query reads every request or referral in the period, so this takes longer as the tables
grow: about 2 seconds for 26 weeks of all localities with 500,000 requests and 1,000,000
referrals on PostgreSQL. The page uses it only for a need below a top-level one, which the
weekly summary does not hold; the summary's tests check their figures against these.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Case, Count, Exists, FloatField, IntegerField, OuterRef, Q, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from thriving.directory.queries import needs as needs_index
from thriving.frontdoor.demand.figures import (
    NO_LOCALITY,
    Filters,
    Picture,
    ResponseRow,
    WedgeWeek,
    WeekRequests,
    alphabetical,
    alphabetical_rows,
    local_week,
)
from thriving.frontdoor.demand.sql import HoursBetween, Percentile  # also registers the SQLite percentile
from thriving.frontdoor.models import HelpRequest, Referral

Needs = HelpRequest.needs.through


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


def compute_live(filters: Filters) -> Picture:
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
        day = local_week(row["week"])
        counted = by_week.setdefault(day, WeekRequests(day))
        counted.by_level[row["level"]] = counted.by_level.get(row["level"], 0) + row["n"]
        localities[row["locality__name"] or NO_LOCALITY] += row["n"]
    by_locality = alphabetical(list(localities.items()))

    # Requests by top-level need: a request with several needs counts once under each.
    case, names = _top_level_case()
    by_need: list[tuple[str, int]] = []
    if case is not None:
        need_rows = (
            Needs.objects.filter(helprequest__in=requests.values("id"))
            .annotate(top=case)  # type: ignore[misc]  # an annotation django-stubs cannot see
            .exclude(top=None)
            .values("top")
            .annotate(n=Count("helprequest_id", distinct=True))
            .order_by()
        )
        by_need = alphabetical([(names[row["top"]], row["n"]) for row in need_rows])

    # The Care and Support Wedge: requests closed in each week, by outcome and level met.
    closed = _narrow(
        HelpRequest.objects.filter(status=HelpRequest.Status.CLOSED, closed_at__gte=start, closed_at__lt=end),
        filters,
        "",
    )
    wedge = {week: WedgeWeek(week) for week in weeks}
    for row in (
        closed.annotate(week=TruncWeek("closed_at"))
        .values("week", "outcome", "outcome_level", "resident_answer__answer")
        .annotate(n=Count("id"))
        .order_by()
    ):
        closed_week = local_week(row["week"])
        entry = wedge.setdefault(closed_week, WedgeWeek(closed_week))
        said = row["resident_answer__answer"]
        if said:
            setattr(entry, f"answered_{said}", getattr(entry, f"answered_{said}") + row["n"])
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
        made_week = local_week(row["week"])
        response = responses.setdefault(made_week, ResponseRow(label=f"{made_week:%d %b %Y}", week=made_week))
        response.referrals += row["n"]
        response.overdue += row["late"]
        response.declined += row["no"]
        response.responded += row["answered"]
        response.median_hours, response.p90_hours = row["p50"], row["p90"]
        for code in reasons:
            declined[code] += row[f"reason_{code}"]

    answered = referrals.filter(responded_q)
    overall = answered.aggregate(p50=Percentile(hours, 0.5), p90=Percentile(hours, 0.9))

    organisations = organisation_rows(filters, now)

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


def organisation_rows(filters: Filters, now: datetime.datetime) -> list[ResponseRow]:
    """Referrals made in the period by receiving organisation: counts and response times."""
    start, end = filters.bounds()
    referrals = _narrow(Referral.objects.filter(created_at__gte=start, created_at__lt=end), filters, "request__")
    responded_q = Q(responded_at__isnull=False)
    answered_hours = Case(
        When(responded_q, then=HoursBetween("created_at", "responded_at")), default=None, output_field=FloatField()
    )
    return alphabetical_rows([
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
            late=Count("id", filter=Q(status=Referral.Status.AWAITING, due_by__lt=now)),
            no=Count("id", filter=Q(status=Referral.Status.DECLINED)),
            p50=Percentile(answered_hours, 0.5),
            p90=Percentile(answered_hours, 0.9),
        )
        .order_by()
    ])
