"""A pot's rounds: opening one for applications (its dates, guidelines, the most one application
may ask for and how applications are decided), its page with its trial balance, and changing it (a
stale edit answers 409)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thriving.budgets.forms import pots as forms
from thriving.budgets.models import Pot, Round
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.queries import pots as queries
from thriving.budgets.services import pots as services
from thriving.budgets.views.pots import form_page, managed_pot
from thriving.core.access import get_visible_or_404
from thriving.core.policy import policy
from thriving.core.views.helpers import answer


def _finish(request: HttpRequest, message: str) -> Any:
    def finish(made: Round) -> HttpResponse:
        messages.success(request, message.format(title=made.title))
        return redirect("budgets:round", slug=made.pot.slug, round_slug=made.slug)

    return finish


@policy("budgets.manage")
def round_add(request: HttpRequest, slug: str) -> HttpResponse:
    found = managed_pot(request, slug)
    form = forms.RoundForm(request.POST or None, adding=True)
    page = form_page(request, "budgets/pots/round_form.html", pot=found, round=None)
    if request.method != "POST":
        return page(form=form)
    return answer(form, lambda data: services.add_round(acting_user=request.user, pot=found, **form.values()),
                  page=page, done=_finish(request, "“{title}” is set up."))


@require_GET
@policy("budgets.view_pot")
def round_page(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """A round: its dates, guidelines, most per application, how it decides, and its trial balance."""
    pot = get_visible_or_404(Pot.objects.select_related("team", "locality"), request.user, slug=slug)
    found = get_visible_or_404(Round.objects.filter(pot=pot), request.user, slug=round_slug)
    return render(request, "budgets/pots/round.html", {
        "pot": pot, "round": found, "trial_balance": ledger_queries.round_trial_balance(found),
        "manages": queries.may_manage(request.user, pot), "works": queries.may_work(request.user, pot),
    })


@policy("budgets.manage")
def round_change(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    pot = managed_pot(request, slug)
    found = get_visible_or_404(Round.objects.filter(pot=pot).select_related("pot"), request.user, slug=round_slug)
    shown = form_page(request, "budgets/pots/round_form.html", pot=pot, round=found)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        if status == 409:  # what was typed, against the version there now
            found.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(found.version)
            form = forms.RoundForm(data, adding=False)
            form.is_valid()
        return shown(status=status, form=form, error_message=error_message)

    initial = {name: getattr(found, name) for name in services.ROUND_FIELDS}
    form = forms.RoundForm(request.POST or None, adding=False, initial={"version": found.version, **initial})
    if request.method != "POST":
        return page(form=form)
    return answer(form, lambda data: services.change_round(acting_user=request.user, round_=found,
                                                           version=data["version"], **form.values()),
                  page=page, done=_finish(request, "“{title}” is changed."))
