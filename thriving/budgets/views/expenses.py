"""The expenses pages: claiming an expense against an award (with its receipt; a draft or sent
for approval), one claim, submitting a draft, approving or rejecting a claim (someone other than
the claimant), paying an approved claim, the claims waiting for the person and their own, and the
receipt itself (served through the storage API, every viewing audited)."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thriving.budgets.forms import spending as forms
from thriving.budgets.models import Expense
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.queries import spending as queries
from thriving.budgets.services import expenses as services
from thriving.budgets.services.common import money
from thriving.budgets.views.awards import award_for, posted
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import policy
from thriving.core.views.helpers import answer, status_of


def expense_for(request: HttpRequest, uuid: Any, action: str) -> Expense:
    return get_visible_or_404(Expense.objects.select_related("award__pot", "claimant", "approved_by"),
                              request.user, action, uuid=uuid)


def expense_url(expense: Expense) -> str:
    return reverse("budgets:expense", kwargs={"uuid": expense.uuid})


def _expense_page(request: HttpRequest, expense: Expense, *, status: int = 200, error_message: str = "",
                  reject_form: Any = None) -> HttpResponse:
    expense.refresh_from_db()
    user = request.user
    reject_form = reject_form or forms.RejectForm()
    return render(request, "budgets/expenses/expense.html", {
        "expense": expense, "award": expense.award, "pot": expense.award.pot, "statuses": Expense.Status,
        "remaining": ledger_queries.award_money(expense.award).remaining,
        "may_approve": queries.may(user, Expense, "approve", expense),
        "may_pay": queries.may(user, Expense, "manage", expense) and expense.status == Expense.Status.APPROVED,
        "may_submit": queries.may(user, Expense, "submit", expense),
        "reject_form": reject_form, "error_message": error_message,
        "forms_in_error": [reject_form] if reject_form.is_bound and reject_form.errors else [],
    }, status=status)


@policy("budgets.work")
def expense_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    """A team member claims what they spent on the award's purpose, with the receipt."""
    award = award_for(request, uuid, "work")
    form = forms.ExpenseForm(*posted(request), initial={"send": forms.SUBMIT})

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/expenses/add.html", {
            "award": award, "pot": award.pot, "form": form, "error_message": error_message,
            "remaining": ledger_queries.award_money(award).remaining,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def done(expense: Expense) -> HttpResponse:
        sent = expense.status == Expense.Status.SUBMITTED
        messages.success(request, f"Your claim for {money(expense.amount)} is "
                                  + ("sent for approval." if sent else "saved as a draft."))
        return redirect(expense_url(expense))

    return answer(form, lambda data: services.claim(
        acting_user=request.user, award=award, description=data["description"], amount=data["amount"],
        spent_on=data["spent_on"], receipt=data.get("receipt"), submit=data["send"] == forms.SUBMIT),
        page=page, done=done)


@require_GET
@policy("budgets.view_pot")
def expense(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _expense_page(request, expense_for(request, uuid, "view"))


@policy("budgets.work")
def expense_submit(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The claimant sends their draft for approval, adding its receipt if it has none."""
    found = expense_for(request, uuid, "submit")
    form = forms.SubmitForm(*posted(request), has_receipt=bool(found.receipt))

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/expenses/submit.html", {
            "expense": found, "award": found.award, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def done(result: Expense) -> HttpResponse:
        messages.success(request, "Your claim is sent for approval.")
        return redirect(expense_url(result))

    return answer(form, lambda data: services.submit(acting_user=request.user, expense=found,
                                                     receipt=data.get("receipt")), page=page, done=done)


def _decide(request: HttpRequest, found: Expense, act: Any, said: str) -> HttpResponse:
    try:
        act()
    except ActionRefused as error:
        return _expense_page(request, found, status=status_of(error), error_message=str(error))
    messages.success(request, said)
    return redirect(expense_url(found))


@require_POST
@policy("budgets.approve_expense")
def expense_approve(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = expense_for(request, uuid, "view")
    if found.claimant_id == request.user.pk:
        return _expense_page(request, found, status=403,
                             error_message="You claimed this expense, so someone else must approve it.")
    return _decide(request, found, lambda: services.approve(acting_user=request.user, expense=found),
                   "The claim is approved. It can now be paid.")


@require_POST
@policy("budgets.approve_expense")
def expense_reject(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = expense_for(request, uuid, "view")
    if found.claimant_id == request.user.pk:
        return _expense_page(request, found, status=403,
                             error_message="You claimed this expense, so someone else must decide on it.")
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        return _expense_page(request, found, status=400, reject_form=form)
    return _decide(request, found, lambda: services.reject(acting_user=request.user, expense=found,
                                                           reason=form.cleaned_data["reason"]),
                   "The claim is rejected. The claimant is shown your reason.")


@require_POST
@policy("budgets.manage")
def expense_pay(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = expense_for(request, uuid, "manage")
    return _decide(request, found, lambda: services.pay(acting_user=request.user, expense=found),
                   f"The claim of {money(found.amount)} is paid from the award.")


@require_GET
@policy("budgets.view_pots")
def expenses(request: HttpRequest) -> HttpResponse:
    """The claims waiting for the person to approve, and their own claims."""
    return render(request, "budgets/expenses/list.html", {
        "to_approve": list(queries.to_approve(request.user)), "own": list(queries.claims_of(request.user)),
    })


@require_GET
@policy("budgets.view_pot")
def receipt(request: HttpRequest, uuid: Any) -> HttpResponseBase:
    """The receipt, from storage: a PDF downloaded, an image shown; who saw it is audited."""
    found = expense_for(request, uuid, "view")
    if not found.receipt:
        return _expense_page(request, found, status=404, error_message="This claim has no receipt.")
    kind = services.BY_MIME.get(found.receipt_type)
    handle = found.receipt.open("rb")
    services.receipt_seen(acting_user=request.user, expense=found)
    extension = kind.extension if kind else "bin"
    response = FileResponse(handle, content_type=kind.mime if kind else "application/octet-stream")
    disposition = "inline" if kind and kind.inline else "attachment"
    stamp = timezone.localdate(found.created_at).isoformat()
    response["Content-Disposition"] = f'{disposition}; filename="receipt-{stamp}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

