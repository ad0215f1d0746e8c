"""Most Significant Change rounds: the rounds a person may see, setting one up, a round's page with
its domains and candidates, putting a story forward (and taking it out), starting the panel's
selecting, the panel's selections, and passing them up to the round one level up."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import can, policy
from thriving.core.views.helpers import answer, status_of
from thriving.stories.forms.msc import CandidateForm, RoundForm, SelectionForm, VersionForm
from thriving.stories.models import MSCCandidate, MSCRound
from thriving.stories.queries import msc as queries
from thriving.stories.services import msc as services

ROUNDS = MSCRound.objects.select_related("team", "locality", "project", "passes_to")


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@policy("stories.view_rounds")
def rounds(request: HttpRequest) -> HttpResponse:
    """The rounds the person may see, by status."""
    return render(request, "stories/msc/rounds.html", {
        "groups": queries.rounds_by_status(request.user), "may_add": can(request.user, "stories.add_round"),
    })


@require_http_methods(["GET", "POST"])
@policy("stories.add_round")
def round_new(request: HttpRequest) -> HttpResponse:
    """Set up a round: its level and whose it is, its panel, when it meets, where it passes up to,
    and its domains of change."""

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or RoundForm(user=request.user)
        return render(request, "stories/msc/round_new.html", {
            "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method == "GET":
        return page()

    def act(data: dict[str, Any]) -> MSCRound:
        return services.create_round(
            acting_user=request.user, title=data["title"], level=data["level"], team=data.get("team"),
            locality=data.get("locality"), project=data.get("project"), panel=data["panel"],
            meets_on=data.get("meets_on"), passes_to=data.get("passes_to"), domains=data["domain_names"])

    def done(made: MSCRound) -> HttpResponse:
        messages.success(request, "The round is set up. Put stories forward in its domains.")
        return redirect("stories:round", uuid=made.uuid)

    return answer(RoundForm(request.POST, user=request.user), act, page=page, done=done)


def _round_page(request: HttpRequest, found: MSCRound, status: int = 200, error_message: str = "") -> HttpResponse:
    user = request.user
    return _no_store(render(request, "stories/msc/round.html", {
        "round": found, "domains": queries.domains_of(user, found), "panel": queries.panel_of(found),
        **queries.linked_rounds(user, found),
        "may_put_forward": can(user, "stories.put_forward", found),
        "may_manage": can(user, "stories.manage_round", found),
        "version_form": VersionForm(initial={"version": found.version}), "error_message": error_message,
    }, status=status))


@require_GET
@policy("stories.view_round")
def round_(request: HttpRequest, uuid: str) -> HttpResponse:
    """A round: its domains, each with the stories put forward and the selection, and the rounds it
    passes up to and from."""
    return _round_page(request, get_visible_or_404(ROUNDS, request.user, uuid=uuid))


@require_http_methods(["GET", "POST"])
@policy("stories.put_forward")
def candidate_add(request: HttpRequest, uuid: str) -> HttpResponse:
    """Put a story forward: search the stories that may be, choose one and its domain, say why."""
    found = get_visible_or_404(ROUNDS, request.user, "panel", uuid=uuid)
    search = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    search = search.strip()[:100]

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or CandidateForm(user=request.user, round_=found)
        stories = list(queries.story_choices(request.user, found, search)[:queries.STORIES_TO_CHOOSE])
        chosen = form["story"].value() if form.is_bound else None
        return _no_store(render(request, "stories/msc/candidate_add.html", {
            "round": found, "form": form, "search": search, "error_message": error_message,
            "stories": [(story, queries.excerpt_of(story), str(story.uuid) == str(chosen)) for story in stories],
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def done(candidate: MSCCandidate) -> HttpResponse:
        messages.success(request, f"The story is put forward in “{candidate.domain.name}”.")
        return redirect("stories:round", uuid=found.uuid)

    return answer(CandidateForm(request.POST, user=request.user, round_=found), lambda data: services.put_forward(
        acting_user=request.user, round_=found, domain=data["domain"], story=data["story"], note=data["note"]),
        page=page, done=done)


@require_POST
@policy("stories.put_forward")
def candidate_remove(request: HttpRequest, uuid: str, candidate: str) -> HttpResponse:
    """Take a story back out of its domain while the round is gathering."""
    found = get_visible_or_404(ROUNDS, request.user, "panel", uuid=uuid)
    chosen = get_visible_or_404(MSCCandidate.objects.filter(domain__round=found).select_related("domain__round"),
                                request.user, uuid=candidate)
    try:
        services.remove_candidate(acting_user=request.user, candidate=chosen)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The story is taken out of “{chosen.domain.name}”.")
    return redirect("stories:round", uuid=found.uuid)


@require_POST
@policy("stories.put_forward")
def round_status(request: HttpRequest, uuid: str) -> HttpResponse:
    """Stop gathering: the panel now selects from the stories put forward."""
    found = get_visible_or_404(ROUNDS, request.user, "panel", uuid=uuid)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        return _round_page(request, MSCRound.objects.get(pk=found.pk), status,
                           error_message or "Something was missing. Try again.")

    def done(result: MSCRound) -> HttpResponse:
        messages.success(request, "The round has stopped gathering: the panel may now select.")
        return redirect("stories:round", uuid=found.uuid)

    return answer(VersionForm(request.POST), lambda data: services.start_selecting(
        acting_user=request.user, round_=found, version=data["version"]), page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.select_round")
def round_select(request: HttpRequest, uuid: str) -> HttpResponse:
    """The panel's selections: in each domain the most significant story and why, and who was there."""
    found = get_visible_or_404(ROUNDS, request.user, "panel", uuid=uuid)
    domains = queries.domains_of(request.user, found)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or SelectionForm(round_=found, domains=domains,
                                     initial={"version": found.version, "present": [p.uuid for p in found.panel.all()]})
        return _no_store(render(request, "stories/msc/select.html", {
            "round": found, "form": form, "error_message": error_message,
            "selecting": found.status == MSCRound.Status.SELECTING,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def act(data: dict[str, Any]) -> Any:
        return services.select(acting_user=request.user, round_=found, version=data["version"],
                               choices=form.choices(), present=data["present"])

    def done(made: Any) -> HttpResponse:
        messages.success(request, "The panel’s selections are saved. The tellers who asked will hear what "
                                  "became of their stories.")
        return redirect("stories:round", uuid=found.uuid)

    form = SelectionForm(request.POST, round_=found, domains=domains)
    return answer(form, act, page=page, done=done)


@require_POST
@policy("stories.manage_round")
def round_pass_up(request: HttpRequest, uuid: str) -> HttpResponse:
    """Pass each domain's selection up to the round one level up."""
    found = get_visible_or_404(ROUNDS, request.user, "manage", uuid=uuid)
    try:
        added = services.pass_up(acting_user=request.user, round_=found)
    except ActionRefused as error:
        messages.error(request, str(error))
        if status_of(error) == 409:
            return _round_page(request, found, 409, str(error))
    else:
        target = found.passes_to.title if found.passes_to else ""
        messages.success(request, f"{added} {'story' if added == 1 else 'stories'} passed up to “{target}”."
                         if added else f"The selections are already in “{target}”.")
    return redirect("stories:round", uuid=found.uuid)
