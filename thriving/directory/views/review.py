"""Directory editors approve or reject proposed changes, and deal with problem reports."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.core.policy import policy
from thriving.core.queries import page_of
from thriving.directory import forms, queries, services
from thriving.directory.models import ProblemReport, ServiceChange

PER_PAGE = 25


@policy("directory.review_changes")
def change_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.pending_changes(request.user), request.GET.get("page"), PER_PAGE)
    for change in page:
        change.conflicting = services.is_conflicting(change)
        change.unchecked = change.service is not None and queries.is_unchecked(change.service)
    return render(request, "directory/staff/change_list.html", {"page_obj": page})


def _change_or_404(request: HttpRequest, uuid: str) -> ServiceChange:
    change = queries.change(request.user, uuid)
    if change is None:
        raise Http404("No such change")
    return change


def _review(
    request: HttpRequest,
    change: ServiceChange,
    reject_form: forms.RejectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    current = services.snapshot(change.service) if change.service else {}
    rows = queries.comparison(current, change.data)
    context = {
        "change": change,
        "rows": rows,
        "conflicting": services.is_conflicting(change),
        "reject_form": reject_form or forms.RejectForm(),
        "error": error,
        "unchecked": change.service is not None and queries.is_unchecked(change.service),
    }
    return render(request, "directory/staff/change_review.html", context, status=status)


@policy("directory.review_changes")
def change_review(request: HttpRequest, uuid: str) -> HttpResponse:
    return _review(request, _change_or_404(request, uuid))


@require_POST
@policy("directory.review_changes")
def change_approve(request: HttpRequest, uuid: str) -> HttpResponse:
    change = _change_or_404(request, uuid)
    try:
        service = services.approve_change(acting_user=request.user, change=change)
    except services.ServiceError as error:
        change.refresh_from_db()
        return _review(request, change, error=str(error), status=409)
    messages.success(request, f"The change to {service.name} has been approved and published")
    return redirect("directory:change-list")


@require_POST
@policy("directory.review_changes")
def change_reject(request: HttpRequest, uuid: str) -> HttpResponse:
    change = _change_or_404(request, uuid)
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        return _review(request, change, reject_form=form, status=400)
    try:
        services.reject_change(acting_user=request.user, change=change, reason=form.cleaned_data["reason"])
    except services.ServiceError as error:
        return _review(request, change, error=str(error), status=409)
    messages.success(request, "The change has been rejected")
    return redirect("directory:change-list")


@policy("directory.review_problem_reports")
def problem_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.open_reports(request.user), request.GET.get("page"), PER_PAGE)
    return render(request, "directory/staff/problem_list.html", {"page_obj": page})


@require_POST
@policy("directory.review_problem_reports")
def problem_resolve(request: HttpRequest, uuid: str) -> HttpResponse:
    report = ProblemReport.objects.filter(uuid=uuid).first()
    if report is None:
        raise Http404("No such report")
    services.resolve_problem(acting_user=request.user, report=report)
    messages.success(request, f"The report about {report.service.name} is marked as resolved")
    return redirect("directory:problem-list")
