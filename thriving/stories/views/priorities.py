"""Emerging community priorities: the list by locality, a priority's page (its summary, trend,
approved quotes and what responds to it), setting one up from a confirmed theme, changing it,
linking what responds to it, taking a quote from a story and reviewing it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thriving.core import audit
from thriving.core.access import get_visible_or_404
from thriving.core.policy import can, policy
from thriving.core.views.helpers import answer
from thriving.stories.forms.priorities import LinksForm, PriorityForm, QuoteForm, ReviewForm
from thriving.stories.models import Priority, Theme
from thriving.stories.queries import priorities as queries
from thriving.stories.services import anonymise
from thriving.stories.services import priorities as service


def _found(request: HttpRequest, uuid: Any, action: str = "view") -> Priority:
    found = queries.priority(request.user, uuid, action).first()
    if found is None:
        raise Http404("No priority found")
    return found


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@policy("stories.view_priorities")
def priorities(request: HttpRequest) -> HttpResponse:
    """The priorities the person may see, by locality, the active ones first."""
    groups: dict[Any, list[Priority]] = {}
    for row in queries.priorities_for(request.user):
        groups.setdefault(row.locality, []).append(row)
    return render(request, "stories/priorities/list.html", {
        "groups": list(groups.items()), "may_add": can(request.user, "stories.add_priority")})


@require_GET
@policy("stories.view_priorities")
def priority(request: HttpRequest, uuid: Any) -> HttpResponse:
    """A priority: its summary, its trend month by month, its approved quotes and what responds to it."""
    found = _found(request, uuid)
    may_manage = can(request.user, "stories.manage_priority", found)
    return render(request, "stories/priorities/priority.html", {
        "priority": found, "themes": queries.themes_of(found), "trend": queries.trend(found),
        "quotes": queries.approved_quotes(request.user, found), "responses": queries.responses(request.user, found),
        "may_manage": may_manage, "to_review": queries.quotes_to_review(request.user, found) if may_manage else [],
    })


@require_http_methods(["GET", "POST"])
@policy("stories.add_priority")
def priority_new(request: HttpRequest) -> HttpResponse:
    """Set up a priority, from the confirmed theme named by `?theme=` (its label, locality and team
    filled in) or from the confirmed themes the person manages."""
    theme = None
    if request.GET.get("theme"):
        theme = get_visible_or_404(Theme.objects.select_related("project__locality", "project__team"),
                                   request.user, "manage", uuid=request.GET["theme"], status=Theme.Status.CONFIRMED)
    locality = theme.project.locality if theme else None
    initial = {"title": theme.label, "locality": locality.slug, "themes": [theme.uuid],
               "team": theme.project.team.slug if theme.project.team else None} if theme and locality else {}

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or PriorityForm(user=request.user, locality=locality, initial=initial)
        return render(request, "stories/priorities/form.html", {
            "form": form, "theme": theme, "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status)

    if request.method == "GET":
        return page()

    def done(made: Priority) -> HttpResponse:
        messages.success(request, "The priority is set up.")
        return redirect("stories:priority", uuid=made.uuid)

    return answer(PriorityForm(request.POST, user=request.user, locality=locality), lambda data:
                  service.create_priority(acting_user=request.user, title=data["title"], summary=data["summary"],
                                          locality=data["locality"], team=data["team"], themes=data["themes"]),
                  page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage_priority")
def priority_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Change a priority's title, summary, team, themes, or whether it is still a priority."""
    found = _found(request, uuid, "manage")

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or PriorityForm(user=request.user, priority=found, initial={
            "title": found.title, "summary": found.summary, "team": found.team.slug if found.team else None,
            "themes": [theme.uuid for theme in found.themes.all()], "status": found.status,
            "version": found.version})
        return render(request, "stories/priorities/form.html", {
            "form": form, "priority": found, "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status)

    if request.method == "GET":
        return page()

    def done(changed: Priority) -> HttpResponse:
        messages.success(request, "The priority is changed.")
        return redirect("stories:priority", uuid=changed.uuid)

    return answer(PriorityForm(request.POST, user=request.user, priority=found), lambda data:
                  service.update_priority(acting_user=request.user, priority=found, version=data["version"],
                                          title=data["title"], summary=data["summary"], team=data["team"],
                                          themes=data["themes"], status=data["status"]),
                  page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage_priority")
def priority_links(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Link to the priority the community ideas, team actions and asks and budget awards that
    respond to it, or unlink them."""
    found = _found(request, uuid, "manage")

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or LinksForm(user=request.user, priority=found)
        return render(request, "stories/priorities/links.html", {
            "form": form, "priority": found, "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status)

    if request.method == "GET":
        return page()

    def done(changed: Priority) -> HttpResponse:
        messages.success(request, "What responds to the priority is saved.")
        return redirect("stories:priority", uuid=changed.uuid)

    return answer(LinksForm(request.POST, user=request.user, priority=found), lambda data: service.set_links(
        acting_user=request.user, priority=found, version=data["version"],
        **{name: data[name] for name in queries.LINKED}), page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage_priority")
def quote_new(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Take a quote from a story the priority's themes hold whose teller agreed to quoting: first
    the story (`?story=`), then the passage. It is anonymised and waits for review."""
    found = _found(request, uuid, "manage")
    stories = queries.quotable_stories(request.user, found)
    chosen = request.POST.get("story") or request.GET.get("story")
    if not chosen:
        return _private(render(request, "stories/priorities/quote_stories.html", {
            "priority": found, "stories": list(stories[:100])}))
    try:
        story = stories.filter(uuid=chosen).first()
    except (ValidationError, ValueError):
        story = None
    if story is None:
        raise Http404("No story found")

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or QuoteForm(text=story.text)
        return _private(render(request, "stories/priorities/quote_new.html", {
            "form": form, "priority": found, "story": story, "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status))

    if request.method == "GET":
        return page()

    def done(quote: Any) -> HttpResponse:
        messages.success(request, "The quote is anonymised: check it before it may be used.")
        return redirect("stories:quote-review", uuid=quote.uuid)

    return answer(QuoteForm(request.POST, text=story.text), lambda data: service.create_quote(
        acting_user=request.user, priority=found, story=story, start=data["span"][0], end=data["span"][1]),
        page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.review_quote")
def quote_review(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The original passage and the anonymised quote side by side, the redactions highlighted; the
    reviewer may take more out, then approves or rejects it."""
    quote = queries.quote_to_review(request.user, uuid).first()
    if quote is None:
        raise Http404("No quote found")
    original = quote.story.text[quote.start:quote.end]

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or ReviewForm(initial={"text": quote.text, "version": quote.version})
        audit.record(request.user, "quote.original_viewed", quote.story, action=audit.Action.VIEWED,
                     subject=quote.story.teller_name, purpose="reviewing a quote's redactions")
        return _private(render(request, "stories/priorities/quote_review.html", {
            "form": form, "quote": quote, "priority": quote.priority, "story": quote.story,
            "original": anonymise.marked(original, quote.redactions, offset=quote.start),
            "redacted": anonymise.segments(quote.text), "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status))

    if request.method == "GET":
        return page()

    def done(reviewed: Any) -> HttpResponse:
        messages.success(request, "The quote is approved." if reviewed.status == "approved"
                         else "The quote is rejected: it will not be shown.")
        return redirect("stories:priority", uuid=quote.priority.uuid)

    return answer(ReviewForm(request.POST), lambda data: service.review_quote(
        acting_user=request.user, quote=quote, version=data["version"], approve=data["decision"] == "approve",
        text=data["text"]), page=page, done=done)
