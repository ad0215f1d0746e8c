"""The demand picture for hub workers, analysts, board members and enablers: counts only, with
a chart and a table for each measure, and the same figures as a CSV download."""


from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from thriving.core import audit, charts
from thriving.core.exports import csv_response
from thriving.core.policy import policy
from thriving.frontdoor.demand import download, figures
from thriving.frontdoor.demand.forms import DemandFilterForm
from thriving.frontdoor.demand.queries import picture

LOCALITIES_CHARTED = 20  # the table under the chart has every locality


def _hours(value: float | None) -> float:
    return round(value, 1) if value is not None else 0.0


def _charts(found: figures.Picture) -> dict[str, charts.Chart]:
    f = found.filters
    scope = f"{f.locality_label.lower()}, {f.need_label.lower()}"
    week_labels = [f"{w.week.day} {w.week:%b}" for w in found.weeks]
    busiest = max(found.weeks, key=lambda w: w.total, default=None)
    wedge_known = [w for w in found.wedge if w.share_community is not None]
    totals = found.wedge_totals
    overall_share = totals.share_community
    return {
        "weeks": charts.columns(
            "chart-weeks",
            "Requests for help by week",
            f"{found.total_requests:,} requests in {len(found.weeks)} weeks ({scope})"
            + (f"; the busiest week began {busiest.week:%d %B %Y} with {busiest.total:,}." if busiest and
               busiest.total else "."),
            list(zip(week_labels, [w.total for w in found.weeks], strict=True)),
        ),
        "levels": charts.bars(
            "chart-levels", "Requests by level of the Hierarchy of Help",
            "; ".join(f"{label}: {count:,}" for label, count in found.by_level) + ".", found.by_level,
        ),
        "localities": charts.bars(
            "chart-localities",
            "Requests by locality" + (f": the {LOCALITIES_CHARTED} with most" if len(found.by_locality) >
                                      LOCALITIES_CHARTED else ""),
            f"{len(found.by_locality)} localities; "
            + "; ".join(f"{name}: {count:,}" for name, count in _most(found.by_locality, 3))
            + (" and others, in the table." if len(found.by_locality) > 3 else "."),
            _most(found.by_locality, LOCALITIES_CHARTED),
        ),
        "needs": charts.bars(
            "chart-needs", "Requests by need",
            "; ".join(f"{name}: {count:,}" for name, count in found.by_need[:5])
            + (" and others, in the table." if len(found.by_need) > 5 else "."),
            found.by_need, colour=charts.GREEN,
        ),
        "wedge": charts.stacked_shares(
            "chart-wedge",
            "The Care and Support Wedge: where needs were met, by week closed",
            (f"Of {totals.met_community + totals.met_services:,} needs met at a recorded level, "
             f"{overall_share:.0f}% were met at levels 1 to 2 in the community"
             f" (weekly share from {min(w.share_community for w in wedge_known):.0f}%"
             f" to {max(w.share_community for w in wedge_known):.0f}%)."
             if overall_share is not None and wedge_known else "No needs were met at a recorded level in this period."),
            week_labels,
            [
                ("Met at levels 1–2 (community)", charts.GREEN, [w.share_community for w in found.wedge]),
                ("Met at levels 3–4 (services)", charts.BLUE, [w.share_services for w in found.wedge]),
            ],
        ),
        "responses": charts.lines(
            "chart-responses",
            "Hours to answer a referral, by week referred",
            (f"Over the period the median was {_hours(found.median_hours)} hours and the 90th percentile "
             f"{_hours(found.p90_hours)} hours; {found.total_overdue:,} referrals are still awaiting an answer "
             "past their due time." if found.median_hours is not None else "No referrals were answered."),
            week_labels,
            [
                ("Median", charts.BLUE, [r.median_hours for r in found.responses], False),
                ("90th percentile", charts.ORANGE, [r.p90_hours for r in found.responses], True),
            ],
            suffix="h",
        ),
        "answers": charts.bars(
            "chart-answers", "Did people get the help they needed? Their answers, by week closed",
            (f"{totals.answered:,} people answered: yes {totals.answered_yes:,}, partly {totals.answered_partly:,}, "
             f"no {totals.answered_no:,}." if totals.answered
             else "No one has answered for requests closed in this period."),
            _answers(totals), colour=charts.GREEN,
        ),
        "declined": charts.bars(
            "chart-declined", "Declined referrals by reason",
            f"{found.total_declined:,} referrals declined; "
            + "; ".join(f"{reason}: {count:,}" for reason, count in found.declined) + ".",
            found.declined, colour=charts.ORANGE, label_width=260,
        ),
    }


def _most(items: list[tuple[str, int]], count: int) -> list[tuple[str, int]]:
    """The `count` items with the largest figures, kept in their (alphabetical) order."""
    if len(items) <= count:
        return items
    kept = set(sorted(range(len(items)), key=lambda i: -items[i][1])[:count])
    return [item for i, item in enumerate(items) if i in kept]


def _answers(totals: figures.WedgeWeek) -> list[tuple[str, int]]:
    return [("Yes", totals.answered_yes), ("Partly", totals.answered_partly), ("No", totals.answered_no)]


def _organisations_caption(found: figures.Picture) -> str:
    count = len(found.organisations)
    if count > figures.ORGANISATIONS_SHOWN:
        return (f"Referrals by receiving organisation: the {figures.ORGANISATIONS_SHOWN} that received most, "
                f"of {count}, in alphabetical order; the CSV download has them all")
    return "Referrals by receiving organisation, in alphabetical order"


def _filter_form(request: HttpRequest) -> DemandFilterForm:
    """The filters as given, with the default period filled in so the date inputs show it."""
    data = request.GET.copy()
    start, end = figures.default_period()
    for name, value in (("date_from", start), ("date_to", end)):
        if not data.get(name):
            data[name] = value.isoformat()
    return DemandFilterForm(data)


def _bad_filters(request: HttpRequest, form: DemandFilterForm) -> HttpResponse:
    context = {"form": form, "locality_options": form.options("locality"), "need_options": form.options("need")}
    return render(request, "frontdoor/demand/page.html", context, status=400)


@policy("frontdoor.view_demand")
@require_GET
def demand_page(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if not form.is_valid():
        return _bad_filters(request, form)
    filters = form.filters()
    # The figures' HTML is cached for a minute (a fragment keyed by the filters): on a hit, the
    # figures are neither computed nor fetched, so these are lazy.
    found = SimpleLazyObject(lambda: picture.picture(filters))
    context = {
        "form": form,
        "picture": found,
        "charts": SimpleLazyObject(lambda: _charts(found)),
        "levels": figures.level_columns(),
        "organisations_caption": SimpleLazyObject(lambda: _organisations_caption(found)),
        "query": request.GET.urlencode(),
        "locality_options": form.options("locality"),
        "need_options": form.options("need"),
        "cache_key": filters.cache_key,
        "cache_seconds": figures.CACHE_SECONDS,
    }
    return render(request, "frontdoor/demand/page.html", context)


@policy("frontdoor.view_demand")
@require_GET
def demand_csv(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if not form.is_valid():
        return _bad_filters(request, form)
    filters = form.filters()
    found = picture.picture(filters)
    audit.record(
        request.user,
        "demand.exported",
        action=audit.Action.EXPORTED,
        object_type="demand",
        object_label=filters.describe(),
        purpose="Demand picture download (counts only)",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return csv_response(f"demand-{filters.start}-to-{filters.end}-{stamp}.csv", download.CSV_COLUMNS,
                        download.rows(found), bom=True)
