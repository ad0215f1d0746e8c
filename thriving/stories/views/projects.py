"""Story projects: the list of projects a person has a part in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thriving.core.policy import can, policy
from thriving.core.queries import page_of
from thriving.stories.queries import projects as queries


@require_GET
@policy("stories.view_projects")
def projects(request: HttpRequest) -> HttpResponse:
    """The story projects the person has a part in, newest first."""
    page = page_of(queries.projects_for(request.user), request.GET.get("page"), queries.PROJECTS_PER_PAGE)
    return render(request, "stories/projects/list.html", {
        "page_obj": page, "projects": list(page.object_list), "may_add": can(request.user, "stories.add_project"),
    })
