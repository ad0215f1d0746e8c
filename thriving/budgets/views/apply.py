"""The public application form (no account): a resident or a community group applies to a
public, open pot, for a round open today (named in the address or `?round=`) or, when the pot has
one round open, that round. A round that is not open says so on a page of its own.

Robots are kept out as on every public form (`thriving.core.public_forms`): a rate limit per
client address, a honeypot field and a signed time trap. A form sent too fast is shown again with
its answers, to send again; a robot caught by the honeypot sees the usual confirmation and nothing
is saved. The form's token carries a submission key, so a double submit makes one application."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.forms import applications as forms
from thriving.budgets.models import Pot, Round
from thriving.budgets.queries import applications as queries
from thriving.budgets.services import applications as services
from thriving.budgets.services.common import BudgetRefused
from thriving.core import public_forms
from thriving.core.access import get_visible_or_404
from thriving.core.policy import public

TEMPLATE = "budgets/applications/apply.html"
SENT = "budgets_application_sent"
RATE_GROUP = "budgets:apply"


def _pot(request: HttpRequest, slug: str) -> Pot:
    return get_visible_or_404(queries.public_pots(), request.user, "view_public", slug=slug)


def _round(pot: Pot, round_slug: str) -> tuple[Round | None, bool]:
    """(the round applied to, whether it is open). Named: that round (404 when the pot has none of
    that name); not named: the pot's one round open today, if it has exactly one."""
    if round_slug:
        found = queries.round_of(pot, round_slug)
        if found is None:
            raise Http404("No such round")
        return found, queries.is_open(found)
    open_now = queries.rounds_open_on(pot)
    return (open_now[0] if len(open_now) == 1 else None), True


@public
@public_forms.limit(RATE_GROUP)
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    return _apply(request, slug, request.GET.get("round", "").strip())


@public
@public_forms.limit(RATE_GROUP)
def apply_round(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    return _apply(request, slug, round_slug)


def _apply(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    pot = _pot(request, slug)
    round_, is_open = _round(pot, round_slug)
    if not is_open:
        return render(request, "budgets/applications/round_closed.html",
                      {"pot": pot, "round": round_, "today": timezone.localdate()})
    maximum = round_.maximum_per_application if round_ else None
    asked_idea = request.GET.get("idea", "")
    form = forms.ApplyForm(request.POST if request.method == "POST" else None,
                           places=queries.places_in(pot.locality), maximum=maximum,
                           ideas=queries.public_ideas_for(pot), initial={"idea": asked_idea})
    context: dict[str, Any] = {"pot": pot, "round": round_, "form": form, "maximum": maximum,
                               "action": request.get_full_path()}
    if request.method != "POST":
        return render(request, TEMPLATE, context)
    if public_forms.is_limited(request):
        return public_forms.refuse(request, TEMPLATE, context, form)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    if form.is_robot:  # the usual confirmation, and nothing saved
        request.session[SENT] = {"reference": services.new_reference(), "pot": pot.slug}
        return redirect("budgets:applied", slug=pot.slug)
    data = form.cleaned_data
    try:
        application, _made = services.submit_public(
            pot=pot, round_=round_, proposal=form.proposal(), applicant_name=data["applicant_name"],
            applicant_email=data["applicant_email"], applicant_phone=data["applicant_phone"],
            group_name=data["group_name"], submission_key=form.submission_key, idea=form.chosen_idea(),
        )
    except BudgetRefused as error:
        return render(request, TEMPLATE, {**context, "error_message": str(error)}, status=400)
    request.session[SENT] = {"reference": application.reference, "pot": pot.slug,
                             "contact": "email" if application.applicant_email else "phone"}
    return redirect("budgets:applied", slug=pot.slug)


@public
def applied(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirmation, with the application's reference (kept in the session by the form)."""
    pot = _pot(request, slug)
    sent = request.session.get(SENT)
    if not sent or sent.get("pot") != pot.slug:
        return redirect(reverse("budgets:apply", kwargs={"slug": pot.slug}))
    return render(request, "budgets/applications/applied.html", {"pot": pot, "sent": sent})
