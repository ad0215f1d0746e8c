"""Suggested themes: the project's themes by status, asking the worker for suggestions (managers),
a theme's page with its stories, and people's decision on a suggestion (managers)."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.forms.govuk import Form
from thriving.core.policy import can, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import status_of
from thriving.stories.models import Story, StoryProject, Theme, ThemeMembership, ThemeRun
from thriving.stories.queries import themes as queries
from thriving.stories.services import themes as service
from thriving.stories.services import themes_decisions as decisions

PER_PAGE = 25


class DecisionForm(Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect, choices=[
        ("confirm", "Confirm it (rename it by changing the label)"), ("merge", "Merge it into another theme"),
        ("reject", "Reject it")])
    label = forms.CharField(label="Label", max_length=150, required=False)
    add_code = forms.BooleanField(label="Also add it to the codebook, applied to its stories by the suggester",
                                  required=False)
    into = forms.ModelChoiceField(label="Theme to merge into", queryset=Theme.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.filter(
            project=theme.project_id, status__in=[Theme.Status.SUGGESTED, Theme.Status.CONFIRMED]).exclude(pk=theme.pk)
        self.initial.setdefault("label", theme.label)
        self.initial.setdefault("version", theme.version)


def _project(request: HttpRequest, slug: str) -> StoryProject:
    return get_visible_or_404(StoryProject, request.user, slug=slug)


def _run_context(request: HttpRequest, project: StoryProject) -> dict:
    run = ThemeRun.objects.visible_to(request.user).filter(project=project).first()
    return {"project": project, "run": run, "running": bool(run and run.status in ("queued", "running")),
            "needed": service.needed(project), "may_manage": can(request.user, "stories.manage", project)}


@require_GET
@policy("stories.view_project")
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    context = _run_context(request, project)
    groups = queries.by_status(request.user, project, with_typical=context["may_manage"])
    return render(request, "stories/themes/list.html", {**context, "groups": groups})


@require_GET
@policy("stories.view_project")
def run_status(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "stories/themes/_status.html", _run_context(request, _project(request, slug)))


@require_POST
@policy("stories.manage")
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    try:
        service.start_run(acting_user=request.user, project=project)
    except ActionRefused as error:
        messages.error(request, str(error))
    return redirect("stories:themes", slug=project.slug)


def _theme_page(request: HttpRequest, slug: str, uuid, form=None, status: int = 200, error: str = "") -> HttpResponse:
    project = _project(request, slug)
    theme = get_visible_or_404(Theme.objects.filter(project=project), request.user, uuid=uuid)
    members = ThemeMembership.objects.filter(theme=theme, story__in=Story.objects.visible_to(request.user)) \
        .select_related("story").order_by("-strength", "story_id")
    may_manage = can(request.user, "stories.manage", project)
    if form is None and may_manage:
        form = DecisionForm(theme=theme)
    return render(request, "stories/themes/theme.html", {
        "project": project, "theme": theme, "page_obj": page_of(members, request.GET.get("page"), PER_PAGE),
        "form": form if may_manage else None, "may_manage": may_manage, "error_message": error}, status=status)


@require_GET
@policy("stories.view_project")
def theme(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    return _theme_page(request, slug, uuid)


@require_POST
@policy("stories.manage")
def decide(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    project = _project(request, slug)
    found = get_visible_or_404(Theme.objects.filter(project=project), request.user, "manage", uuid=uuid)
    form = DecisionForm(request.POST, theme=found)
    if not form.is_valid():
        return _theme_page(request, slug, uuid, form, 400)
    data = form.cleaned_data
    try:
        if data["decision"] == "confirm":
            decisions.confirm(acting_user=request.user, theme=found, version=data["version"], label=data["label"],
                              add_code=data["add_code"])
        elif data["decision"] == "reject":
            decisions.reject(acting_user=request.user, theme=found, version=data["version"])
        else:
            if data["into"] is None:
                form.add_error("into", "Choose the theme to merge it into")
                return _theme_page(request, slug, uuid, form, 400)
            decisions.merge(acting_user=request.user, theme=found, into=data["into"], version=data["version"])
    except ActionRefused as error:
        return _theme_page(request, slug, uuid, form, status_of(error), str(error))
    return redirect("stories:themes", slug=project.slug)
