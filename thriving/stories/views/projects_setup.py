"""Setting up a story project: starting one, changing its details, and its signifiers (the list in
order, adding, changing, moving up or down, deleting after a confirmation)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import policy
from thriving.core.views.helpers import answer, status_of
from thriving.stories.forms.projects_setup import ProjectForm
from thriving.stories.forms.signifiers import MoveForm, SignifierForm
from thriving.stories.models import Signifier, StoryProject
from thriving.stories.services import projects as services
from thriving.stories.services import signifiers as signifier_services


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@policy("stories.add_project")
def project_new(request: HttpRequest) -> HttpResponse:
    """Start a story project; the person who starts it manages it."""

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or ProjectForm(user=request.user)
        return _no_store(render(request, "stories/setup/project_form.html", {
            "project": None, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def done(project: StoryProject) -> HttpResponse:
        messages.success(request, "The project is set up. Add the signifiers tellers place their story on.")
        return redirect("stories:project", slug=project.slug)

    return answer(ProjectForm(request.POST, user=request.user),
                  lambda data: services.create(acting_user=request.user, data=data), page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a project's details, checked against the version read."""
    project = get_visible_or_404(StoryProject.objects.select_related("locality", "team"), request.user, "manage",
                                 slug=slug)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        current = StoryProject.objects.select_related("locality", "team").get(pk=project.pk)
        form = form or ProjectForm(user=request.user, project=current)
        if status == 409:
            form.data = form.data.copy()
            form.data["version"] = current.version
        return _no_store(render(request, "stories/setup/project_form.html", {
            "project": current, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def done(changed: StoryProject) -> HttpResponse:
        messages.success(request, "The project's details are saved.")
        return redirect("stories:project", slug=changed.slug)

    return answer(ProjectForm(request.POST, user=request.user, project=project),
                  lambda data: services.change(acting_user=request.user, project=project, data=data,
                                               version=data.get("version")), page=page, done=done)


@require_GET
@policy("stories.manage")
def signifiers(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's signifiers in the order tellers see them, with the ways to change them."""
    project = get_visible_or_404(StoryProject, request.user, "manage", slug=slug)
    rows = list(Signifier.objects.visible_to(request.user, "manage").filter(project=project)
                .order_by("position", "pk"))
    answered = set(Signifier.objects.filter(pk__in=[row.pk for row in rows], answers__isnull=False)
                   .values_list("pk", flat=True))
    return render(request, "stories/setup/signifiers.html", {
        "project": project, "signifiers": [{"signifier": row, "answered": row.pk in answered} for row in rows],
    })


def _signifier(request: HttpRequest, slug: str, uuid: str) -> Signifier:
    return get_visible_or_404(Signifier.objects.select_related("project"), request.user, "manage",
                              project__slug=slug, uuid=uuid)


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def signifier_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a signifier at the end of the project's order."""
    project = get_visible_or_404(StoryProject, request.user, "manage", slug=slug)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or SignifierForm(project=project)
        return _no_store(render(request, "stories/setup/signifier_form.html", {
            "project": project, "signifier": None, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def done(signifier: Signifier) -> HttpResponse:
        messages.success(request, f"The signifier “{signifier.prompt}” is added.")
        return redirect("stories:signifiers", slug=project.slug)

    return answer(SignifierForm(request.POST, project=project),
                  lambda data: signifier_services.add(acting_user=request.user, project=project, data=data),
                  page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def signifier_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Change a signifier, checked against the version read."""
    signifier = _signifier(request, slug, uuid)
    project = signifier.project

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        current = Signifier.objects.get(pk=signifier.pk)
        form = form or SignifierForm(project=project, signifier=current)
        if status == 409:
            form.data = form.data.copy()
            form.data["version"] = current.version
        return _no_store(render(request, "stories/setup/signifier_form.html", {
            "project": project, "signifier": current, "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.errors else [],
        }, status=status))

    if request.method == "GET":
        return page()

    def done(changed: Signifier) -> HttpResponse:
        messages.success(request, f"The signifier “{changed.prompt}” is saved.")
        return redirect("stories:signifiers", slug=project.slug)

    return answer(SignifierForm(request.POST, project=project, signifier=signifier),
                  lambda data: signifier_services.change(acting_user=request.user, signifier=signifier, data=data,
                                                         version=data.get("version")), page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def signifier_delete(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Delete a signifier after a confirmation; refused, saying why, once tellers have answered it
    (unless the project is still being set up)."""
    signifier = _signifier(request, slug, uuid)
    error_message = ""
    status = 200
    if request.method == "POST":
        try:
            signifier_services.delete(acting_user=request.user, signifier=signifier)
        except ActionRefused as error:
            error_message, status = str(error), status_of(error)
        else:
            messages.success(request, f"The signifier “{signifier.prompt}” is deleted.")
            return redirect("stories:signifiers", slug=signifier.project.slug)
    return _no_store(render(request, "stories/setup/signifier_delete.html", {
        "project": signifier.project, "signifier": signifier, "error_message": error_message,
        "may_delete": signifier_services.may_delete(signifier), "answers": signifier.answers.count(),
    }, status=status))


@require_POST
@policy("stories.manage")
def signifier_move(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Move a signifier one place up or down the order."""
    signifier = _signifier(request, slug, uuid)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            signifier_services.move(acting_user=request.user, signifier=signifier,
                                    up=form.cleaned_data["direction"] == "up")
        except ActionRefused as error:
            messages.error(request, str(error))
    return redirect("stories:signifiers", slug=signifier.project.slug)
