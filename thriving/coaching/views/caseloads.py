"""Caseloads: a coach's own (the coaching they do now) and a coaching team lead's (every coaching
their membership covers, with the coaches and a filter by coach). Each page view is one event in
the audit trail naming the relationships shown (by their ids, not their names)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thriving.coaching.forms.caseloads import CaseloadFilterForm
from thriving.coaching.queries import caseloads
from thriving.core import audit, policy
from thriving.core.queries import page_of

PER_PAGE = 25


def _page(request: HttpRequest, base: Any, form: CaseloadFilterForm, *, template: str, event: str,
          **context: Any) -> HttpResponse:
    today = timezone.localdate()
    invalid = form.is_bound and not form.is_valid()
    filters = form.filters()
    found = caseloads.caseload(base if not invalid else base.none(), filters, today)
    page = page_of(found.rows, request.GET.get("page"), PER_PAGE)
    rows = caseloads.described(list(page.object_list), today)
    if rows:
        audit.record(request.user, event, action=audit.Action.VIEWED, object_type="coaching.coachingrelationship",
                     subject=f"{len(rows)} {'person' if len(rows) == 1 else 'people'} in a caseload",
                     purpose="coaching caseload", changes={"relationships": [str(row.uuid) for row in rows]})
    return render(request, template, {
        "form": form, "filters": filters, "counts": found.counts, "page_obj": page, "rows": rows,
        "flags": caseloads.FLAGS, "status_label": caseloads.STATUSES[filters.status], **context,
    }, status=400 if invalid else 200)


@policy.policy("coaching.view_caseload")
def caseload(request: HttpRequest) -> HttpResponse:
    """The coaching the person does now, lead coach or not: active first, the longest unseen first."""
    form = CaseloadFilterForm(request.GET or None)
    return _page(request, caseloads.coaching_now(request.user), form, template="coaching/caseloads/caseload.html",
                 event="coaching.caseload_viewed")


@policy.policy("coaching.view_team_caseload")
def team_caseload(request: HttpRequest) -> HttpResponse:
    """Every coaching the lead's membership covers, with each one's lead coach, and per coach the
    number active."""
    base = caseloads.covered(request.user)
    coaches = caseloads.coach_summary(base)
    form = CaseloadFilterForm(request.GET or None, coaches=coaches)
    return _page(request, base, form, template="coaching/caseloads/team_caseload.html",
                 event="coaching.team_caseload_viewed", coaches=coaches)
