"""The awards pages: a pot's awards with what each has paid and has left; one award with its
money (from the ledger), payments, expenses and what happened; paying the recipient in full or in
parts; recording what happened; and the photo of what happened (public when the pot and the
outcome are)."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.budgets.forms import spending as forms
from thriving.budgets.models import Award, Expense, Pot
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.queries import spending as queries
from thriving.budgets.services import spending as services
from thriving.budgets.services.common import money
from thriving.budgets.services.expenses import IMAGES, sniff
from thriving.core.access import get_visible_or_404
from thriving.core.policy import policy, public
from thriving.core.views.helpers import answer


def award_for(request: HttpRequest, uuid: Any, action: str) -> Award:
    return get_visible_or_404(Award.objects.select_related("pot", "round", "application", "decision"),
                              request.user, action, uuid=uuid)


def posted(request: HttpRequest) -> tuple[Any, Any]:
    """What was sent (even when empty), or nothing when the form is only being shown."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def award_url(award: Award, anchor: str = "") -> str:
    return reverse("budgets:award", kwargs={"uuid": award.uuid}) + (f"#{anchor}" if anchor else "")


@require_GET
@policy("budgets.view_pot")
def awards(request: HttpRequest, slug: str) -> HttpResponse:
    """The pot's awards: amount, paid, remaining, recipient and date, the money from the ledger."""
    pot = get_visible_or_404(Pot, request.user, "view", slug=slug)
    rows = queries.awards_of(pot)
    totals = {
        "awarded": sum((row.money.awarded for row in rows), ledger_queries.ZERO),
        "paid": sum((row.money.paid for row in rows), ledger_queries.ZERO),
        "remaining": sum((row.money.remaining for row in rows), ledger_queries.ZERO),
    }
    return render(request, "budgets/awards/list.html", {"pot": pot, "rows": rows, "totals": totals})


@require_GET
@policy("budgets.view_pot")
def award(request: HttpRequest, uuid: Any) -> HttpResponse:
    """One award: its money, payments, expenses and what happened, with what the person may do."""
    found = award_for(request, uuid, "view")
    user = request.user
    return render(request, "budgets/awards/award.html", {
        "award": found, "pot": found.pot, "money": ledger_queries.award_money(found),
        "payments": queries.payments_of(found), "expenses": queries.expenses_of(found),
        "outcome": queries.outcome_of(found), "statuses": Expense.Status,
        "may_pay": queries.may(user, Award, "manage", found), "may_work": queries.may(user, Award, "work", found),
    })


@policy("budgets.manage")
def payment_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Pay the recipient: all that remains (the amount offered), or a part of it."""
    found = award_for(request, uuid, "manage")
    remaining = ledger_queries.award_money(found).remaining
    initial = {"amount": f"{remaining:.2f}" if remaining > 0 else "", "paid_on": timezone.localdate()}
    form = forms.PaymentForm(*posted(request), initial=initial)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/awards/pay.html", {
            "award": found, "pot": found.pot, "form": form, "error_message": error_message,
            "remaining": ledger_queries.award_money(found).remaining,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def done(payment: Any) -> HttpResponse:
        messages.success(request, f"The payment of {money(payment.amount)} is recorded.")
        return redirect(award_url(found, "payments"))

    return answer(form, lambda data: services.pay(
        acting_user=request.user, award=found, amount=data["amount"], paid_on=data["paid_on"],
        reference=data.get("reference") or ""), page=page, done=done)


@policy("budgets.work")
def outcome(request: HttpRequest, uuid: Any) -> HttpResponse:
    """What happened with the award: what was done, how many took part, a story and a photo."""
    found = award_for(request, uuid, "work")
    existing = queries.outcome_of(found)
    initial: dict[str, Any] = {"is_public": "yes"}
    if existing is not None:
        initial = {"what_happened": existing.what_happened, "people_taking_part": existing.people_taking_part,
                   "story": existing.story, "photo_description": existing.photo_description,
                   "is_public": "yes" if existing.is_public else "no", "version": existing.version}
    has_photo = bool(existing and existing.photo)
    form = forms.OutcomeForm(*posted(request), initial=initial, has_photo=has_photo)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/awards/outcome.html", {
            "award": found, "pot": found.pot, "form": form, "outcome": existing, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def done(result: Any) -> HttpResponse:
        messages.success(request, "What happened is recorded.")
        return redirect(award_url(found, "what-happened"))

    return answer(form, lambda data: services.record_outcome(
        acting_user=request.user, award=found, what_happened=data["what_happened"],
        people_taking_part=data.get("people_taking_part"), story=data.get("story") or "",
        photo=data.get("photo"), photo_description=data.get("photo_description") or "",
        is_public=data["is_public"] == "yes", version=data.get("version")), page=page, done=done)


@require_GET
@public
def outcome_photo(request: HttpRequest, uuid: Any) -> HttpResponseBase:
    """The photo of what happened: for anyone when the pot is public and the outcome is marked
    public, for the pot's people whatever its marking; to everyone else, not found."""
    found = queries.public_photo(request.user, uuid)
    if found is None:
        raise Http404("No photo")
    handle = found.photo.open("rb")
    kind = sniff(handle.read(32))
    handle.seek(0)
    if kind not in IMAGES:  # only ever an image, whatever the storage holds
        handle.close()
        raise Http404("No photo")
    response = FileResponse(handle, content_type=kind.mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="what-happened.{kind.extension}"'
    shown_to_all = found.is_public and found.award.pot.is_public
    response["Cache-Control"] = "public, max-age=300" if shown_to_all else "private, no-store"
    return response
