"""Directory editors approve or reject proposed changes. A change is fetched through the "review"
scope of `ServiceChange` (`thriving.directory.policy`)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.core.conflicts import ActionRefused
from thriving.core.policy import get_visible_or_404, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer, status_of
from thriving.directory import forms
from thriving.directory.models import ServiceChange
from thriving.directory.queries import editing as editing_queries
from thriving.directory.queries import review as queries
from thriving.directory.services import review as services

PER_PAGE = 25


@policy("directory.review_changes")
def change_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.pending_changes(request.user), request.GET.get("page"), PER_PAGE)
    for change in page:
        change.conflicting = queries.is_conflicting(change)
        change.unchecked = change.service is not None and editing_queries.is_unchecked(change.service)
    return render(request, "directory/staff/change_list.html", {"page_obj": page})


def _review(
    request: HttpRequest,
    change: ServiceChange,
    reject_form: forms.RejectForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    current = editing_queries.snapshot(change.service) if change.service else {}
    rows = queries.comparison(current, change.data)
    context = {
        "change": change,
        "rows": rows,
        "conflicting": queries.is_conflicting(change),
        "reject_form": reject_form or forms.RejectForm(),
        "error": error,
        "unchecked": change.service is not None and editing_queries.is_unchecked(change.service),
    }
    return render(request, "directory/staff/change_review.html", context, status=status)


@policy("directory.review_changes")
def change_review(request: HttpRequest, uuid: str) -> HttpResponse:
    return _review(request, get_visible_or_404(queries.changes_for_review(), request.user, "review", uuid=uuid))


@require_POST
@policy("directory.review_changes")
def change_approve(request: HttpRequest, uuid: str) -> HttpResponse:
    """A change decided meanwhile, or proposed against an older version, is refused with 409."""
    change = get_visible_or_404(queries.changes_for_review(), request.user, "review", uuid=uuid)
    try:
        service = services.approve_change(acting_user=request.user, change=change)
    except ActionRefused as error:
        change.refresh_from_db()
        return _review(request, change, error=str(error), status=status_of(error))
    messages.success(request, f"The change to {service.name} has been approved and published")
    return redirect("directory:change-list")


@require_POST
@policy("directory.review_changes")
def change_reject(request: HttpRequest, uuid: str) -> HttpResponse:
    change = get_visible_or_404(queries.changes_for_review(), request.user, "review", uuid=uuid)

    def page(status: int, form: forms.RejectForm, error_message: str = "") -> HttpResponse:
        if error_message:
            change.refresh_from_db()
        return _review(request, change, reject_form=form, error=error_message, status=status)

    def done(rejected: Any) -> HttpResponse:
        messages.success(request, "The change has been rejected")
        return redirect("directory:change-list")

    return answer(
        forms.RejectForm(request.POST),
        lambda data: services.reject_change(acting_user=request.user, change=change, reason=data["reason"]),
        page=page,
        done=done,
    )
