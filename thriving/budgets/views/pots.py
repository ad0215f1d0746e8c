"""The pots pages: the pots a person may see with their balances; a pot's page (its details,
balance, trial balance, contributions, rounds and movements); creating and changing a pot (a stale
edit answers 409); and, for those who look after a pot, adding a contribution, moving money to
another pot and reversing a movement."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.budgets.forms import pots as forms
from thriving.budgets.models import Pot
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.queries import pots as queries
from thriving.budgets.services import ledger
from thriving.budgets.services import pots as services
from thriving.budgets.services.common import money
from thriving.core.access import get_visible_or_404
from thriving.core.policy import can, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer


def form_page(request: HttpRequest, template: str, **context: Any) -> Any:
    """The `page` for `answer`: the form, with the error summary when it has mistakes."""

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, template, {
            "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [], **context,
        }, status=status)

    return page


def done(request: HttpRequest, message: str, to: str = "budgets:pot", **kwargs: Any) -> Any:
    def finish(result: Any) -> HttpResponse:
        messages.success(request, message)
        return redirect(to, **kwargs)

    return finish


def managed_pot(request: HttpRequest, slug: str) -> Pot:
    return get_visible_or_404(Pot.objects.select_related("team", "locality", "platform"), request.user, "manage",
                              slug=slug)


@require_GET
@policy("budgets.view_pots")
def pots(request: HttpRequest) -> HttpResponse:
    """Every pot the person may see, with what each has available, committed, contributed and spent."""
    form = forms.PotFilterForm(request.GET or None)
    invalid = form.is_bound and not form.is_valid()
    found = queries.pots_for(request.user, **form.filters())
    page = page_of(found.none() if invalid else found, request.GET.get("page"), queries.POTS_PER_PAGE)
    return render(request, "budgets/pots/list.html", {
        "form": form, "page_obj": page, "rows": queries.with_balances(list(page.object_list)),
        "may_add": can(request.user, "budgets.add_pot"), "may_sign_off": can(request.user, "budgets.sign_off"),
        "may_publish": can(request.user, "budgets.manage_publishing"),
    }, status=400 if invalid else 200)


@require_GET
@policy("budgets.view_pot")
def pot(request: HttpRequest, slug: str) -> HttpResponse:
    """A pot: its details, balance and trial balance, contributions, rounds and movements."""
    found = get_visible_or_404(
        Pot.objects.select_related("team", "locality", "platform", "funding_organisation"), request.user, slug=slug)
    page, rows = queries.movements_page(found, request.GET.get("page"))
    return render(request, "budgets/pots/pot.html", {
        "pot": found, "balance": ledger_queries.pot_balance(found), "contributions": list(queries.contributions(found)),
        "rounds": list(queries.rounds(found)), "page_obj": page, "movements": rows,
        "enablers": list(found.enablers.order_by("full_name")), "manages": queries.may_manage(request.user, found),
        "works": queries.may_work(request.user, found),
    })


@policy("budgets.add_pot")
def pot_add(request: HttpRequest) -> HttpResponse:
    form = forms.PotForm(request.POST or None, adding=True)
    page = form_page(request, "budgets/pots/pot_form.html", pot=None)
    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> Pot:
        return services.create_pot(acting_user=request.user, enablers=data["enablers"], **form.values())

    def finish(made: Pot) -> HttpResponse:
        messages.success(request, f"“{made.name}” is set up. Add a contribution to put money in it.")
        return redirect("budgets:pot", slug=made.slug)

    return answer(form, act, page=page, done=finish)


def _pot_initial(found: Pot) -> dict[str, Any]:
    return {
        "version": found.version, "name": found.name, "about": found.about, "kind": found.kind,
        "team": found.team.slug if found.team else None, "locality": found.locality.slug,
        "platform": found.platform.slug if found.platform else None, "delegated_limit": found.delegated_limit,
        "enablers": [str(user.uuid) for user in found.enablers.all()],
        "funding_organisation": found.funding_organisation.slug if found.funding_organisation else None,
        "signoff_reminder_days": found.signoff_reminder_days, "is_public": found.is_public,
    }


@policy("budgets.manage")
def pot_change(request: HttpRequest, slug: str) -> HttpResponse:
    """A pot's details, its enablers, or closing it. A stale edit answers 409 with what was typed."""
    found = managed_pot(request, slug)
    shown = form_page(request, "budgets/pots/pot_form.html", pot=found)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        if status == 409:  # what was typed, against the version there now, so a second try applies to it
            found.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(found.version)
            form = forms.PotForm(data, adding=False)
            form.is_valid()
        return shown(status=status, form=form, error_message=error_message)

    form = forms.PotForm(request.POST or None, adding=False, initial=_pot_initial(found))
    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> Pot:
        return services.change_pot(acting_user=request.user, pot=found, version=data["version"],
                                   enablers=data["enablers"], close=data["close"], **form.values())

    def finish(changed: Pot) -> HttpResponse:
        messages.success(request, f"“{changed.name}” is {'closed' if changed.closed_at else 'changed'}.")
        return redirect("budgets:pot", slug=changed.slug)

    return answer(form, act, page=page, done=finish)


@policy("budgets.manage")
def contribution_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Money in from a funder, written to the ledger."""
    found = managed_pot(request, slug)
    form = forms.ContributionForm(request.POST or None)
    page = form_page(request, "budgets/pots/contribution_form.html", pot=found)
    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> Any:
        return ledger.contribute(
            acting_user=request.user, pot=found, funder_name=data["funder_name"], amount=data["amount"],
            received_on=data["received_on"], restriction=data["restriction"],
            funder_organisation=data["funder_organisation"])

    def finish(made: Any) -> HttpResponse:
        messages.success(request, f"{money(made.amount)} from {made.funder_name} is in {found.name}.")
        return redirect("budgets:pot", slug=found.slug)

    return answer(form, act, page=page, done=finish)


@policy("budgets.manage")
def transfer(request: HttpRequest, slug: str) -> HttpResponse:
    """Move available money to another pot the person looks after."""
    found = managed_pot(request, slug)
    form = forms.TransferForm(request.POST or None, targets=queries.transfer_targets(request.user, found))
    page = form_page(request, "budgets/pots/transfer_form.html", pot=found,
                     balance=ledger_queries.pot_balance(found))
    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> Any:
        return ledger.transfer(acting_user=request.user, from_pot=found, to_pot=data["to_pot"], amount=data["amount"],
                               on_date=data["on_date"], memo=data["memo"])

    def finish(movement: Any) -> HttpResponse:
        messages.success(request, f"{money(form.cleaned_data['amount'])} moved to {movement.other_pot.name}.")
        return redirect("budgets:pot", slug=found.slug)

    return answer(form, act, page=page, done=finish)


@policy("budgets.manage")
def movement_reverse(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Confirm reversing a movement, with its entries and a reason; the movement stays as it was."""
    found = managed_pot(request, slug)
    movement = get_visible_or_404(queries.pot_movements(found), request.user, uuid=uuid)
    row = queries.movement_rows(found, [movement])[0]
    entries = ledger_queries.entries_of([movement.pk])[movement.pk]
    refused = services.reversal_refused(movement)
    form = forms.ReverseForm(request.POST or None)
    page = form_page(request, "budgets/pots/reverse.html", pot=found, movement=movement, row=row, entries=entries,
                     refused=refused)
    if request.method != "POST":
        return page(form=form)

    def act(data: dict) -> Any:
        return services.reverse_movement(acting_user=request.user, movement=movement, reason=data["reason"],
                                         on_date=timezone.localdate())

    return answer(form, act, page=page, done=done(request, f"The {movement.get_kind_display().lower()} of "
                                                           f"{movement.on_date:%-d %B %Y} is reversed.",
                                                  slug=found.slug))
