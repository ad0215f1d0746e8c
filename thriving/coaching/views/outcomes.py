"""The outcomes across people, for analysts, board members, administrators and coaching team
leads: counts and changes only, never a name, with small numbers suppressed; the same figures as
a CSV download."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.coaching.forms.outcomes import OutcomesFilterForm
from thriving.coaching.queries import outcomes, published, suppression
from thriving.core import audit, charts
from thriving.core.exports import csv_response
from thriving.core.policy import policy


def _charts(found: published.Published) -> dict[str, charts.Chart]:
    goals = found.goals
    shown = [(row.label, float(row.cells[1].value or 0)) for row in goals.rows
             if not row.is_total and not row.cells[0].withheld and row.cells[0].value]
    hidden = sum(1 for row in goals.rows if not row.is_total and row.cells[0].withheld)
    total = goals.rows[-1].cells
    overall = (f"Of all {total[0].text} goals, {total[1].text} improved by {outcomes.RELIABLE_CHANGE} points or more."
               if not total[0].withheld and total[0].value else "Too few goals were reviewed to publish a figure.")
    return {"goals": charts.bars(
        "chart-goals",
        f"Goals improved by {outcomes.RELIABLE_CHANGE} or more points, by {found.breakdown_label.lower()}",
        f"{overall} " + "; ".join(f"{label}: {value:.0f}%" for label, value in shown)
        + (f"; {hidden} withheld as resting on {suppression.FEWER} goals." if hidden else "."),
        shown, floor=100, label_width=220,
    )}


def _form(request: HttpRequest) -> OutcomesFilterForm:
    return OutcomesFilterForm(request.GET)


def _fields(form: OutcomesFilterForm) -> dict[str, list[tuple]]:
    """The filters' selects with their options, in the page's two columns."""
    return {side: [(form[name], form.options(name)) for name in names]
            for side, names in (("left", ("locality", "team", "breakdown")), ("right", ("started_from", "started_to")))}


def _figures(request: HttpRequest) -> tuple[OutcomesFilterForm, Any]:
    """The filters sent and, when they are valid, the published figures for them (else None)."""
    form = _form(request)
    if not form.is_valid():
        return form, None
    return form, published.published(outcomes.outcomes(request.user, form.filters()))


def _refused(request: HttpRequest, form: OutcomesFilterForm) -> HttpResponse:
    return render(request, "coaching/outcomes/page.html", {"form": form, "fields": _fields(form)}, status=400)


@policy("coaching.view_outcomes")
@require_GET
def outcomes_page(request: HttpRequest) -> HttpResponse:
    form, found = _figures(request)
    if found is None:
        return _refused(request, form)
    context = {
        "form": form, "fields": _fields(form), "published": found, "charts": _charts(found),
        "query": request.GET.urlencode(),
        "threshold": suppression.THRESHOLD, "fewer": suppression.FEWER, "reliable": outcomes.RELIABLE_CHANGE,
        "cache_minutes": outcomes.CACHE_SECONDS // 60,
    }
    return render(request, "coaching/outcomes/page.html", context)


@policy("coaching.view_outcomes")
@require_GET
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    form, found = _figures(request)
    if found is None:
        return _refused(request, form)
    audit.record(request.user, "coaching.outcomes.exported", action=audit.Action.EXPORTED,
                 object_type="coaching outcomes", object_label=request.GET.urlencode()[:200] or "all",
                 purpose="Coaching outcomes download (counts only, small numbers suppressed)")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return csv_response(f"coaching-outcomes-{stamp}.csv", published.CSV_COLUMNS, published.csv_rows(found), bom=True)
