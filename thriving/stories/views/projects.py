"""Story projects: the list of projects a person has a part in, a project's page, and the
moderation of stories told on the public form."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thriving.core.access import get_visible_or_404
from thriving.core.policy import can, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer
from thriving.stories.forms.projects import ModerationForm
from thriving.stories.models import Story, StoryProject
from thriving.stories.queries import projects as queries
from thriving.stories.services import moderation


@require_GET
@policy("stories.view_projects")
def projects(request: HttpRequest) -> HttpResponse:
    """The story projects the person has a part in, newest first."""
    page = page_of(queries.projects_for(request.user), request.GET.get("page"), queries.PROJECTS_PER_PAGE)
    return render(request, "stories/projects/list.html", {
        "page_obj": page, "projects": list(page.object_list), "may_add": can(request.user, "stories.add_project"),
        "may_see_priorities": can(request.user, "stories.view_priorities"),
        "may_see_rounds": can(request.user, "stories.view_rounds"),
    })


@require_GET
@policy("stories.view_project")
def project(request: HttpRequest, slug: str) -> HttpResponse:
    """A project: its question, dates, signifiers and counts, and the ways to its other pages."""
    found = get_visible_or_404(StoryProject.objects.select_related("locality", "team"), request.user, slug=slug)
    return render(request, "stories/projects/project.html", {
        "project": found, "figures": queries.figures(found), "signifiers": queries.signifiers(found),
        "may_manage": can(request.user, "stories.manage", found),
        "may_gather": can(request.user, "stories.gather", found),
        "may_code": can(request.user, "stories.code", found),
        "may_see_priorities": can(request.user, "stories.view_priorities"),
        "may_see_rounds": can(request.user, "stories.view_rounds"),
    })


@require_GET
@policy("stories.manage")
def waiting(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's stories waiting for moderation, oldest first."""
    found = get_visible_or_404(StoryProject, request.user, "manage", slug=slug)
    page = page_of(queries.waiting(request.user, found), request.GET.get("page"), queries.WAITING_PER_PAGE)
    return render(request, "stories/projects/waiting.html", {
        "project": found, "page_obj": page, "stories": list(page.object_list),
    })


@require_http_methods(["GET", "POST"])
@policy("stories.moderate")
def moderate(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Approve a story waiting for moderation, or refuse it with a note."""
    story = get_visible_or_404(Story.objects.select_related("project"), request.user, "moderate",
                               project__slug=slug, uuid=uuid)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        response = render(request, "stories/projects/moderate.html", {
            "project": story.project, "story": story, "answers": list(story.answers.select_related("signifier")),
            "form": form or ModerationForm(initial={"version": story.version}), "error_message": error_message,
            "forms_in_error": [form] if form is not None and form.errors else [],
        }, status=status)
        response["Cache-Control"] = "no-store"
        return response

    if request.method == "GET":
        return page()

    def done(result: Story) -> HttpResponse:
        messages.success(request, "The story is taken." if result.moderation == Story.Moderation.APPROVED
                         else "The story is not taken.")
        return redirect("stories:waiting", slug=slug)

    return answer(ModerationForm(request.POST), lambda data: moderation.moderate(
        acting_user=request.user, story=story, approve=data["decision"] == "approve", note=data["note"],
        version=data["version"]), page=page, done=done)
