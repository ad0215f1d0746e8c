"""The team's consent decision about an application at a huddle, and an enabler's sign-off of the
decisions above a pot's delegated limit (the list of those waiting for them, and one to grant or
refuse)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thriving.budgets.forms import decisions as forms
from thriving.budgets.models import Application, Decision
from thriving.budgets.queries import decisions as queries
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import decisions as services
from thriving.budgets.services.common import money
from thriving.core import policy
from thriving.core.views.helpers import answer


@policy.policy("budgets.work")
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the team's consent decision: the huddle, the proposal, objections and how they were
    resolved, who was present, and whether to fund it (how much) or not (why)."""
    application = queries.application_to_decide(request.user, reference)
    pot = application.pot
    form = forms.ConsentForm(request.POST or None, huddles=queries.team_huddles(pot),
                             people=queries.team_members(pot), amount=application.amount_requested)

    def page(*, status: int = 200, form: forms.ConsentForm = form, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/decisions/decide.html", {
            "application": application, "pot": pot, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
            "available": pot_balance(pot).available, "decision": queries.standing_decision(application),
            "waiting": application.status == Application.Status.SUBMITTED,
            "needs_signoff": services.needs_signoff(application, application.amount_requested),
        }, status=status)

    if request.method != "POST":
        return page()
    if application.status != Application.Status.SUBMITTED:
        return page(status=400, error_message=f"{application.reference} is not waiting for a decision.")

    def done(decision: Decision) -> HttpResponse:
        if decision.outcome == Decision.Outcome.DECLINE:
            messages.success(request, f"{application.reference} is not funded. The reason is recorded.")
        elif decision.signoff == Decision.Signoff.AWAITING:
            messages.success(request, f"The decision to award {money(decision.amount)} is waiting for an enabler's "
                             "sign-off. No money has moved yet.")
        else:
            messages.success(request, f"{money(decision.amount)} is awarded to {application.reference}.")
        return redirect("budgets:application", reference=application.reference)

    return answer(form, lambda data: services.decide(acting_user=request.user, application=application,
                                                     **form.action()), page=page, done=done)


@policy.policy("budgets.sign_off")
def signoffs(request: HttpRequest) -> HttpResponse:
    """The decisions waiting for the enabler's sign-off, the oldest first."""
    return render(request, "budgets/decisions/signoffs.html", {
        "decisions": list(queries.awaiting_signoff(request.user)),
    })


@policy.policy("budgets.sign_off")
def signoff(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Grant or refuse one decision waiting for the enabler's sign-off."""
    decision = queries.decision_to_sign_off(request.user, uuid)
    application = decision.application
    form = forms.SignoffForm(request.POST or None)

    def page(*, status: int = 200, form: forms.SignoffForm = form, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/decisions/signoff.html", {
            "decision": decision, "application": application, "pot": application.pot, "form": form,
            "error_message": error_message, "forms_in_error": [form] if form.is_bound and form.errors else [],
            "available": pot_balance(application.pot).available,
        }, status=status)

    if request.method != "POST":
        return page()

    def done(signed: Decision) -> HttpResponse:
        if signed.signoff == Decision.Signoff.GRANTED:
            messages.success(request, f"Signed off: {money(signed.amount)} is awarded to {application.reference}.")
        else:
            messages.success(request, f"Refused: {application.reference} is not funded. Your reason is recorded.")
        return redirect("budgets:signoffs")

    return answer(form, lambda data: services.sign_off(
        acting_user=request.user, decision=decision, granted=data["granted"] == "yes", reason=data["reason"]),
        page=page, done=done)
