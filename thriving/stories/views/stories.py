"""A project's stories for its staff: the list of approved stories (no tellers' names), a story's
page (its words, answers, how it was told, consent, who gathered it; for managers the teller's
name and email, audited), and withdrawing a story for its teller with a reason."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thriving.core import audit
from thriving.core.access import get_visible_or_404
from thriving.core.policy import can, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer
from thriving.stories.forms.stories import StoryFilterForm, WithdrawForm
from thriving.stories.models import Story, StoryProject
from thriving.stories.queries import stories as queries
from thriving.stories.services import withdrawal


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@policy("stories.view_project")
def stories(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's approved stories, newest first, narrowed by the filter."""
    project = get_visible_or_404(StoryProject, request.user, slug=slug)
    form = StoryFilterForm(request.GET or None, areas=queries.areas(request.user, project),
                           months=queries.months(request.user, project))
    page = page_of(queries.stories(request.user, project, **form.filters()), request.GET.get("page"),
                   queries.STORIES_PER_PAGE)
    rows = [{"story": story, "excerpt": queries.excerpt(story.text)} for story in page.object_list]
    return _private(render(request, "stories/stories/list.html", {
        "project": project, "form": form, "page_obj": page, "rows": rows,
        "filtered": any(form.filters().values()) if request.GET else False,
    }))


def _story(request: HttpRequest, project: StoryProject, uuid: str) -> Story:
    return get_visible_or_404(Story.objects.select_related("gathered_by", "area", "project"), request.user,
                              project=project, uuid=uuid)


@require_GET
@policy("stories.view_project")
def story(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """A story: its words, how the teller placed it, how it was told and what they agreed to. For
    those who manage the project, the teller's name and email too (each view recorded)."""
    project = get_visible_or_404(StoryProject.objects.select_related("locality"), request.user, slug=slug)
    found = _story(request, project, uuid)
    may_manage = can(request.user, "stories.manage", project)
    if may_manage and (found.teller_name or found.teller_email):
        audit.record(request.user, "story.teller_viewed", found, action=audit.Action.VIEWED,
                     subject=found.teller_name or found.teller_email, purpose="the story's page")
    return _private(render(request, "stories/stories/story.html", {
        "project": project, "story": found, "answers": queries.answers(request.user, found),
        "may_manage": may_manage,
    }))


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def story_withdraw(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Withdraw a story for its teller (who asked in person or by phone), with the reason, after a
    confirmation: everything taken from it goes."""
    project = get_visible_or_404(StoryProject, request.user, "manage", slug=slug)
    found = _story(request, project, uuid)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or WithdrawForm()
        return _private(render(request, "stories/stories/withdraw.html", {
            "project": project, "story": found, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def done(result: Story) -> HttpResponse:
        messages.success(request, "The story is withdrawn: only a note that it was told is kept.")
        return redirect("stories:stories", slug=project.slug)

    return answer(WithdrawForm(request.POST), lambda data: withdrawal.withdraw(
        acting_user=request.user, story=found, reason=data["reason"]), page=page, done=done)
