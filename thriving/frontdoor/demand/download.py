"""The demand picture's figures as one long table, for the CSV download: one row per figure."""

import datetime
from typing import Any

from thriving.frontdoor.demand.figures import Picture, level_columns

CSV_COLUMNS = ["measure", "week_commencing", "locality", "need", "level", "organisation", "reason", "value"]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def rows(found: Picture) -> list[list[str]]:
    f = found.filters
    loc, need = f.locality_label, f.need_label
    out: list[list[str]] = []

    def add(measure: str, value: Any, *, week: datetime.date | None = None, locality: str = loc,
            need_name: str = need, level: str = "", organisation: str = "", reason: str = "") -> None:
        out.append([measure, week.isoformat() if week else "", locality, need_name, level, organisation, reason,
                    str(value)])

    for week in found.weeks:
        add("requests", week.total, week=week.week)
        for value, label in level_columns():
            add("requests_by_level", week.level(value), week=week.week, level=str(value) if value else label)
    for name, count in found.by_locality:
        add("requests_by_locality", count, locality=name)
    for name, count in found.by_need:
        add("requests_by_need", count, need_name=name)
    for w in found.wedge:
        add("closed_met_levels_1_2", w.met_community, week=w.week)
        add("closed_met_levels_3_4", w.met_services, week=w.week)
        add("closed_met_level_not_recorded", w.met_unrecorded, week=w.week)
        add("share_met_at_levels_1_2_percent", _number(w.share_community), week=w.week)
        add("closed_unmet", w.unmet, week=w.week)
        add("closed_withdrawn", w.withdrawn, week=w.week)
        add("resident_answered_yes", w.answered_yes, week=w.week)
        add("resident_answered_partly", w.answered_partly, week=w.week)
        add("resident_answered_no", w.answered_no, week=w.week)
    # The response figures, by week and by organisation alike.
    rows = [(r, {"week": r.week}) for r in found.responses]
    rows += [(r, {"organisation": r.label}) for r in found.organisations]
    for r, where in rows:
        add("referrals", r.referrals, **where)
        add("referrals_answered", r.responded, **where)
        add("response_hours_median", _number(r.median_hours), **where)
        add("response_hours_90th_percentile", _number(r.p90_hours), **where)
        add("referrals_awaiting_past_due", r.overdue, **where)
        add("referrals_declined", r.declined, **where)
    for reason, count in found.declined:
        add("referrals_declined_by_reason", count, reason=reason)
    return out
