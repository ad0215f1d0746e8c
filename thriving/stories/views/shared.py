"""Stories shared with partners: the stories whose tellers agreed to sharing them with partner
organisations, anonymised, for the organisation staff of the project's locality."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thriving.core.policy import policy
from thriving.core.queries import page_of
from thriving.stories.queries import shared as queries


@require_GET
@policy("stories.view_shared")
def shared(request: HttpRequest) -> HttpResponse:
    """The stories shared with the person's organisation, newest first, anonymised."""
    projects = queries.projects(request.user)
    chosen = next((project for project in projects if project.slug == request.GET.get("project")), None)
    if request.GET.get("project") and chosen is None:
        raise Http404("No such project shares stories with you")
    page = page_of(queries.shared(request.user, chosen), request.GET.get("page"), queries.PER_PAGE)
    response = render(request, "stories/shared/list.html", {
        "projects": projects, "chosen": chosen, "page_obj": page,
        "rows": queries.anonymised(list(page.object_list)),
    })
    response["Cache-Control"] = "no-store"
    return response
