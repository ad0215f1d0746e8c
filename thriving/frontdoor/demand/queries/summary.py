"""Reading the weekly summary behind the demand picture: the figures for a period, a locality
and a top-level need, from the summary as it stands (`thriving.frontdoor.demand.services` keeps it
up to date). A need below a top-level one is not in the summary: those figures are counted live
(`thriving.frontdoor.demand.queries.live`).
"""

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, Count, F, JSONField, Q, Sum, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from thriving.core.models import Organisation
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
    week_bounds,
)
from thriving.frontdoor.demand.histogram import Histogram, merge, percentiles
from thriving.frontdoor.demand.models import ALL, DemandStale, DemandWeek
from thriving.frontdoor.demand.queries import live
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.places.models import Locality

Needs = HelpRequest.needs.through


def pending() -> int:
    """How many weeks are marked stale."""
    return DemandStale.objects.values("week").distinct().count()



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
         "met_services", "met_unrecorded", "unmet", "withdrawn", "answered_yes", "answered_partly", "answered_no",
         "referrals", "responded", "declined", "declined_by_reason", "awaiting", "awaiting_due_last",
         "response_hours")


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
        closing.answered_yes += row["answered_yes"]
        closing.answered_partly += row["answered_partly"]
        closing.answered_no += row["answered_no"]
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
        by_organisation = live.organisation_rows(filters, now)
    else:
        names = dict(Organisation.objects.filter(pk__in=list(organisations)).values_list("id", "name"))
        for key, entry in organisations.items():
            entry.label = names.get(key, "An organisation no longer recorded")
            entry.median_hours, entry.p90_hours = percentiles(organisation_hours.get(key, {}))
        by_organisation = alphabetical_rows([entry for entry in organisations.values() if entry.referrals])
    place_names = dict(Locality.objects.filter(pk__in=[k for k in localities if k > 0]).values_list("id", "name"))
    need_names = {n.id: n.name for n in needs_index.index().roots}
    reasons = dict(Referral.DeclineReason.choices)
    median, p90 = percentiles(all_hours)
    return Picture(
        filters=filters,
        computed_at=now,
        weeks=list(by_week.values()),
        by_locality=alphabetical([(place_names.get(k, NO_LOCALITY) if k > 0 else NO_LOCALITY, n)
                                  for k, n in localities.items() if n]),
        by_need=alphabetical([(need_names[k], n) for k, n in needs.items() if n and k in need_names]),
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
