"""The team's pages for applications: a pot's applications (filtered by status and round, with
the amount each asks for and the total), one application with all of it (the applicant's contact
details are personal data: each look is recorded in the audit trail), applying to a pot from a
community idea, and withdrawing an application waiting for a decision."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thriving.budgets.forms import applications as forms
from thriving.budgets.models import Application, Pot
from thriving.budgets.queries import applications as queries
from thriving.budgets.services import applications as services
from thriving.budgets.services.common import money
from thriving.core import audit
from thriving.core.access import get_visible_or_404
from thriving.core.policy import can, policy
from thriving.core.views.helpers import answer


def _pot(request: HttpRequest, slug: str, action: str) -> Pot:
    return get_visible_or_404(Pot.objects.select_related("locality", "team"), request.user, action, slug=slug)


def _application(request: HttpRequest, reference: str, action: str = "view") -> Application:
    return get_visible_or_404(queries.with_details(queries.applications_for(request.user, action)),
                              request.user, action, reference=reference.strip().upper())


def application_url(application: Application) -> str:
    return reverse("budgets:application", kwargs={"reference": application.reference})


@require_GET
@policy("budgets.view_pot")
def pot_applications(request: HttpRequest, slug: str) -> HttpResponse:
    pot = _pot(request, slug, "view")
    rounds = list(pot.rounds.order_by("-opens_on"))
    form = forms.FilterForm(request.GET or None, rounds=rounds)
    status = round_slug = ""
    if form.is_bound and form.is_valid():
        status, round_slug = form.cleaned_data["status"], form.cleaned_data["round"]
    listed = queries.pot_applications(pot, status=status, round_slug=round_slug)
    return render(request, "budgets/applications/list.html", {
        "pot": pot, "form": form, "listed": listed, "total": money(listed.total_requested),
        "works": can(request.user, "budgets.work", pot),
        "statuses": [(label, listed.by_status.get(value, 0)) for value, label in Application.Status.choices],
    })


@require_GET
@policy("budgets.view_pot")
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference)
    audit.record(request.user, "budgets.application_viewed", application, action=audit.Action.VIEWED,
                 subject=application.applicant_name, purpose="deciding on the application")
    return render(request, "budgets/applications/detail.html", _detail_context(request, application))


def _detail_context(request: HttpRequest, application: Application, **extra: Any) -> dict[str, Any]:
    items = list(application.items.all())
    works = can(request.user, "budgets.work", application.pot)
    return {
        "application": application, "pot": application.pot, "items": items,
        "items_total": money(sum((item.amount for item in items), 0)),
        "decisions": list(application.decisions.all()), "place": queries.place_of(application),
        "works": works, "may_withdraw": works and application.status == Application.Status.SUBMITTED,
        "may_decide": works and application.status == Application.Status.SUBMITTED,
        "award": queries.award_of(application), "to_sign_off": queries.decision_to_sign_off(request.user, application),
        "withdraw_form": extra.pop("withdraw_form", None) or forms.WithdrawForm(
            initial={"version": application.version}),
        **extra,
    }


@require_POST
@policy("budgets.work")
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    application = _application(request, reference, "work")
    form = forms.WithdrawForm(request.POST)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        fresh = _application(request, reference)
        return render(request, "budgets/applications/detail.html", _detail_context(
            request, fresh, withdraw_form=form, error_message=error_message,
            forms_in_error=[form] if form.errors else []), status=status)

    def done(withdrawn: Application) -> HttpResponse:
        messages.success(request, f"Application {withdrawn.reference} is withdrawn.")
        return redirect(application_url(withdrawn))

    return answer(form, lambda data: services.withdraw(
        acting_user=request.user, application=application, reason=data["reason"], version=data["version"]),
        page=page, done=done)


@policy("budgets.work")
def apply_from_idea(request: HttpRequest, slug: str) -> HttpResponse:
    """A team member applies to the pot for a community idea; its stage and facilitator carry over."""
    pot = _pot(request, slug, "work")
    ideas = queries.ideas_to_apply_from(request.user, pot)
    rounds = queries.rounds_open_on(pot)
    form = forms.IdeaApplicationForm(request.POST if request.method == "POST" else None, ideas=ideas,
                                     rounds=rounds, places=queries.places_in(pot.locality),
                                     initial={"idea": request.GET.get("idea", "")})

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/applications/from_idea.html", {
            "pot": pot, "form": form, "ideas": ideas, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def act(data: dict[str, Any]) -> Application:
        idea = form.chosen_idea()
        return services.apply_from_idea(acting_user=request.user, pot=pot, idea=idea, round_=form.chosen_round(),
                                        proposal=form.proposal(title=idea.title, purpose=idea.description))

    def done(application: Application) -> HttpResponse:
        messages.success(request, f"Application {application.reference} is made from the idea.")
        return redirect(application_url(application))

    return answer(form, act, page=page, done=done)
