"""Votes on a round: a team member's dots or scores and the tally (with "Decide from the vote"),
and the public vote of residents, its results once published, and publishing them."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.budgets.forms import votes as forms
from thriving.budgets.models import Round
from thriving.budgets.queries import votes as queries
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import votes as services
from thriving.budgets.services.common import BudgetRefused
from thriving.core import policy, public_forms
from thriving.core.views.helpers import answer, status_of


def _team_round(request: HttpRequest, slug: str, round_slug: str) -> Round:
    round_ = queries.pot_round(request.user, slug, round_slug, "work")
    if round_.method not in services.TEAM_VOTES:
        raise Http404("This round is not decided by a vote of the team")
    return round_


@policy.policy("budgets.work")
def team_vote(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """Give dots (at most the round's number in all) or scores (0 to 5 each) to the round's
    applications; changeable until the round is decided from the vote."""
    round_ = _team_round(request, slug, round_slug)
    applications = list(queries.ballot(round_))
    form = forms.TeamVoteForm(request.POST or None, round_=round_, applications=applications,
                              points=queries.my_points(round_, request.user))
    decided = queries.round_decided(round_)

    def page(*, status: int = 200, form: forms.TeamVoteForm = form, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/votes/team_vote.html", {
            "round": round_, "pot": round_.pot, "form": form, "applications": applications, "decided": decided,
            "error_message": error_message, "forms_in_error": [form] if form.is_bound and form.errors else [],
            "dots": round_.method == Round.Method.DOT_VOTE,
        }, status=status)

    if request.method != "POST":
        return page()

    def done(_: Any) -> HttpResponse:
        messages.success(request, "Your vote is saved. You can change it until the round is decided.")
        return redirect("budgets:team-vote-results", slug=round_.pot.slug, round_slug=round_.slug)

    return answer(form, lambda data: services.cast_team_vote(acting_user=request.user, round_=round_,
                                                             points=form.points()), page=page, done=done)


@policy.policy("budgets.work")
def team_vote_results(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """The tally of the team's vote; sent (POST), "Decide from the vote" funds the applications in
    the order of the votes while the money lasts."""
    round_ = _team_round(request, slug, round_slug)

    def page(*, status: int = 200, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/votes/team_results.html", {
            "round": round_, "pot": round_.pot, "rows": queries.team_tally(round_),
            "voters": queries.team_voters(round_), "decided": queries.round_decided(round_),
            "available": pot_balance(round_.pot).available, "error_message": error_message,
            "dots": round_.method == Round.Method.DOT_VOTE,
        }, status=status)

    if request.method != "POST":
        return page()
    try:
        made = services.decide_from_team_vote(acting_user=request.user, round_=round_)
    except BudgetRefused as error:
        return page(status=status_of(error), error_message=str(error))
    messages.success(request, f"Decided from the vote: {len(made)} application{'' if len(made) == 1 else 's'} "
                     "funded (any above the delegated limit wait for an enabler's sign-off).")
    return redirect("budgets:team-vote-results", slug=round_.pot.slug, round_slug=round_.slug)


TEMPLATE = "budgets/votes/public_vote.html"


@policy.public
@public_forms.limit("budgets:public-vote")
def public_vote(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """A resident's vote: up to three projects, their email address (one vote per person) and
    postcode (in the place the vote is for). Past the rate limit the page comes back (429) with what
    was typed; a robot caught by the honeypot sees the usual thank-you and nothing is saved."""
    round_ = queries.public_round(request.user, slug, round_slug)
    if round_.method != Round.Method.PUBLIC_VOTE:
        raise Http404("This round is not decided by a public vote")
    applications = list(queries.ballot(round_))
    form = forms.PublicVoteForm(request.POST if request.method == "POST" else None, applications=applications)
    context: dict[str, Any] = {"round": round_, "pot": round_.pot, "applications": applications,
                               "open": services.voting_open(round_), "most": services.PUBLIC_CHOICES}

    def page(*, status: int = 200, form: forms.PublicVoteForm = form, error_message: str = "") -> HttpResponse:
        return render(request, TEMPLATE, {
            **context, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page()
    if public_forms.is_limited(request):
        return public_forms.refuse(request, TEMPLATE, {**context, "forms_in_error": [form]}, form)

    def thanks(_: Any = None) -> HttpResponse:
        return render(request, "budgets/votes/public_voted.html", context)

    if form.is_valid() and form.is_robot:
        return thanks()

    def act(data: dict[str, Any]) -> Any:
        return services.cast_public_vote(round_=round_, applications=form.chosen(), email=data["email"],
                                         postcode=data["postcode"])

    return answer(form, act, page=page, done=thanks)


@policy.public
def public_vote_results(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """The public vote's results, once published."""
    round_ = queries.public_round(request.user, slug, round_slug)
    if round_.method != Round.Method.PUBLIC_VOTE or round_.results_published_at is None:
        raise Http404("The results of this vote are not published")
    return render(request, "budgets/votes/public_results.html", {
        "round": round_, "pot": round_.pot, "rows": queries.public_tally(round_),
        "voters": queries.public_voters(round_),
        "may_decide": policy.can(request.user, "budgets.manage", round_.pot) and services.voting_closed(round_),
    })


@require_POST
@policy.policy("budgets.manage")
def public_vote_publish(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """Publish the public vote's results."""
    round_ = queries.pot_round(request.user, slug, round_slug, "manage")
    try:
        services.publish_results(acting_user=request.user, round_=round_)
    except BudgetRefused as error:
        messages.error(request, str(error))
        return redirect("budgets:public-vote", slug=round_.pot.slug, round_slug=round_.slug)
    messages.success(request, "The results are published.")
    return redirect("budgets:public-vote-results", slug=round_.pot.slug, round_slug=round_.slug)


@require_POST
@policy.policy("budgets.manage")
def public_vote_decide(request: HttpRequest, slug: str, round_slug: str) -> HttpResponse:
    """Once voting has closed and the results are published, fund the applications in the order of
    the public's votes while the money lasts."""
    round_ = queries.pot_round(request.user, slug, round_slug, "manage")
    try:
        made = services.decide_from_public_vote(acting_user=request.user, round_=round_)
    except BudgetRefused as error:
        messages.error(request, str(error))
        return redirect("budgets:public-vote", slug=round_.pot.slug, round_slug=round_.slug)
    messages.success(request, f"Decided from the public vote: {len(made)} application{'' if len(made) == 1 else 's'} "
                     "funded (any above the delegated limit wait for an enabler's sign-off).")
    return redirect("budgets:public-vote-results", slug=round_.pot.slug, round_slug=round_.slug)
