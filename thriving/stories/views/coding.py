"""Coding: the project's codebook (coders see it, managers add, change and delete codes), the
stories to code, coding a story (its text with the coder's passages marked, their codings, adding
and removing one, accepting a suggested one), agreement between two coders, and the REFI-QDA
exports of the codebook and of the whole coded project."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.policy import can, policy
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer
from thriving.stories.forms.coding import ChooseCodersForm, CodeForm, CodingForm, DeleteCodeForm
from thriving.stories.models import Code, Coding, Story, StoryProject
from thriving.stories.queries import coding as queries
from thriving.stories.queries import coding_agreement
from thriving.stories.services import coding as service
from thriving.stories.services import refi


def _project(request: HttpRequest, slug: str, action: str = "code") -> StoryProject:
    return get_visible_or_404(StoryProject, request.user, action, slug=slug)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# --- The codebook -------------------------------------------------------------------------------

@require_GET
@policy("stories.code")
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's codes as a nested list, with their definitions and passages."""
    project = _project(request, slug)
    return render(request, "stories/coding/codebook.html", {
        "project": project, "tree": queries.codebook(request.user, project),
        "may_manage": can(request.user, "stories.manage", project),
    })


def _code_of(request: HttpRequest, project: StoryProject, pk: int | None) -> Code | None:
    if pk is None:
        return None
    return Code.objects.visible_to(request.user, "manage").filter(project=project, pk=pk).first()


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def code_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a code to the codebook."""
    project = _project(request, slug, "manage")
    choices = queries.code_choices(request.user, project)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or CodeForm(choices=choices, initial={"parent": request.GET.get("parent", "")})
        return _no_store(render(request, "stories/coding/code_form.html", {
            "project": project, "form": form, "code": None, "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status))

    if request.method == "GET":
        return page()

    def done(code: Code) -> HttpResponse:
        messages.success(request, f"The code “{code.name}” is in the codebook.")
        return redirect("stories:codebook", slug=slug)

    return answer(CodeForm(request.POST, choices=choices), lambda data: service.add_code(
        acting_user=request.user, project=project, name=data["name"], definition=data["definition"],
        parent=_code_of(request, project, data["parent"])), page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def code_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Rename a code, change its definition or move it under another code."""
    project = _project(request, slug, "manage")
    code = get_visible_or_404(Code.objects.filter(project=project), request.user, "manage", uuid=uuid)
    choices = queries.code_choices(request.user, project)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        form = form or CodeForm(choices=choices, initial={
            "name": code.name, "definition": code.definition, "parent": code.parent_id or "",
            "version": code.version})
        return _no_store(render(request, "stories/coding/code_form.html", {
            "project": project, "form": form, "code": code, "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status))

    if request.method == "GET":
        return page()

    def done(result: Code) -> HttpResponse:
        messages.success(request, f"The code “{result.name}” is changed.")
        return redirect("stories:codebook", slug=slug)

    return answer(CodeForm(request.POST, choices=choices), lambda data: service.change_code(
        acting_user=request.user, code=code, name=data["name"], definition=data["definition"],
        parent=_code_of(request, project, data["parent"]), version=data["version"] or 0), page=page, done=done)


@require_http_methods(["GET", "POST"])
@policy("stories.manage")
def code_delete(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Confirm deleting a code; refused while passages are tagged with it or a code beneath it."""
    project = _project(request, slug, "manage")
    code = get_visible_or_404(Code.objects.filter(project=project), request.user, "manage", uuid=uuid)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        return _no_store(render(request, "stories/coding/code_delete.html", {
            "project": project, "code": code, "form": form or DeleteCodeForm(initial={"version": code.version}),
            "passages": Coding.objects.filter(code=code).count(), "children": code.children.count(),
            "error_message": error_message, "forms_in_error": [form] if form is not None and form.errors else []},
            status=status))

    if request.method == "GET":
        return page()

    def done(_: Any) -> HttpResponse:
        messages.success(request, f"The code “{code.name}” is deleted.")
        return redirect("stories:codebook", slug=slug)

    return answer(DeleteCodeForm(request.POST), lambda data: service.delete_code(
        acting_user=request.user, code=code, version=data["version"]), page=page, done=done)


# --- Coding stories -----------------------------------------------------------------------------

@require_GET
@policy("stories.code")
def stories(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's stories to code, with each coder's codings and whether the person has coded it."""
    project = _project(request, slug)
    page = page_of(queries.stories_to_code(request.user, project), request.GET.get("page"), queries.STORIES_PER_PAGE)
    rows = list(page.object_list)
    coders, mine = queries.coders_by_story(request.user, rows), queries.coded_by(request.user, rows)
    return render(request, "stories/coding/stories.html", {
        "project": project, "page_obj": page,
        "rows": [(story, coders.get(story.pk, []), story.pk in mine) for story in rows],
        "may_manage": can(request.user, "stories.manage", project),
    })


@require_POST
@policy("stories.manage")
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask the suggester to apply the codes with definitions to the sentences closest to them."""
    project = _project(request, slug, "manage")
    try:
        service.ask_for_suggestions(acting_user=request.user, project=project)
        messages.success(request, "The suggester is applying the codes with definitions. Coders see its "
                         "suggestions on each story, to accept as their own, as soon as it is done.")
    except ActionRefused as error:
        messages.error(request, str(error))
    return redirect("stories:coding", slug=slug)


def _story(request: HttpRequest, slug: str, uuid: str) -> tuple[StoryProject, Story]:
    project = _project(request, slug)
    return project, get_visible_or_404(Story.objects.filter(project=project), request.user, "code", uuid=uuid)


@require_http_methods(["GET", "POST"])
@policy("stories.code")
def code_story(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """A story's text with the person's passages marked, their codings, and tagging another."""
    project, story = _story(request, slug, uuid)
    choices = queries.code_choices(request.user, project)

    def page(status: int = 200, form: Any = None, error_message: str = "") -> HttpResponse:
        mine, suggested = queries.codings_on(request.user, story)
        form = form or CodingForm(choices=choices)
        return _no_store(render(request, "stories/coding/story.html", {
            "project": project, "story": story, "pieces": queries.pieces(story.text, mine), "mine": mine,
            "suggested": suggested, "form": form, "has_codes": bool(choices), "error_message": error_message,
            "forms_in_error": [form] if form.errors else []}, status=status))

    if request.method == "GET":
        return page()

    def act(data: dict[str, Any]) -> Coding:
        code = Code.objects.visible_to(request.user).filter(project=project, pk=data["code"]).first()
        if code is None:
            raise service.CodingRefused("Choose a code from this project's codebook.")
        start, end = data["start"], data["end"]
        if start is None:
            start, end = service.find_passage(story.text, data["passage"])
        return service.add_coding(acting_user=request.user, story=story, code=code, start=start, end=end,
                                  memo=data["memo"])

    def done(coding: Coding) -> HttpResponse:
        messages.success(request, f"The passage is tagged “{coding.code.name}”.")
        return redirect("stories:code-story", slug=slug, uuid=uuid)

    return answer(CodingForm(request.POST, choices=choices), act, page=page, done=done)


@require_POST
@policy("stories.code")
def coding_remove(request: HttpRequest, slug: str, uuid: str, coding: str) -> HttpResponse:
    """Remove one of the person's own codings of the story."""
    _, story = _story(request, slug, uuid)
    found = get_visible_or_404(Coding.objects.filter(story=story, coder=request.user).select_related("code", "story"),
                               request.user, uuid=coding)
    try:
        service.remove_coding(acting_user=request.user, coding=found)
        messages.success(request, f"The coding “{found.code.name}” is removed.")
    except ActionRefused as error:
        messages.error(request, str(error))
    return redirect("stories:code-story", slug=slug, uuid=uuid)


@require_POST
@policy("stories.code")
def coding_accept(request: HttpRequest, slug: str, uuid: str, coding: str) -> HttpResponse:
    """Make a passage the suggester tagged the person's own coding."""
    _, story = _story(request, slug, uuid)
    found = get_visible_or_404(Coding.objects.filter(story=story, source=Coding.Source.SUGGESTER)
                               .select_related("code", "story__project"), request.user, uuid=coding)
    try:
        service.accept_suggestion(acting_user=request.user, coding=found)
        messages.success(request, f"The suggested coding “{found.code.name}” is yours now.")
    except ActionRefused as error:
        messages.error(request, str(error))
    return redirect("stories:code-story", slug=slug, uuid=uuid)


# --- Agreement and the REFI-QDA exports ---------------------------------------------------------

@require_GET
@policy("stories.code")
def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    """Cohen's kappa between two coders, code by code and overall, over the stories both coded."""
    project = _project(request, slug)
    coders = coding_agreement.coders(request.user, project)
    choices = [(coder.pk, f"{coder.full_name or coder.email} ({n} stories)") for coder, n in coders]
    pair = coding_agreement.default_pair(request.user, project, coders)
    form = ChooseCodersForm(request.GET or None, choices=choices, initial={
        "first": pair[0].pk if pair else None, "second": pair[1].pk if pair else None})
    result, status = None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        by_pk = {coder.pk: coder for coder, _ in coders}
        first = by_pk.get(data.get("first")) or (pair[0] if pair else None)
        second = by_pk.get(data.get("second")) or (pair[1] if pair else None)
        if first is not None and second is not None and first != second:
            result = coding_agreement.agreement(request.user, project, first, second)
    return render(request, "stories/coding/agreement.html", {
        "project": project, "form": form, "result": result, "enough": len(coders) >= 2,
        "forms_in_error": [form] if form.is_bound and form.errors else []}, status=status)


def _download(content: bytes, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _no_store(response)


@require_GET
@policy("stories.code")
def refi_codebook(request: HttpRequest, slug: str) -> HttpResponse:
    """The codebook as a REFI-QDA codebook (.qdc) for other analysis software."""
    project = _project(request, slug)
    return _download(refi.codebook_file(acting_user=request.user, project=project), f"{project.slug}.qdc",
                     "application/xml")


@require_GET
@policy("stories.code")
def refi_project(request: HttpRequest, slug: str) -> HttpResponse:
    """The coded project as a REFI-QDA project (.qdpx): the stories, codebook, coders and codings."""
    project = _project(request, slug)
    return _download(refi.project_file(acting_user=request.user, project=project), f"{project.slug}.qdpx",
                     "application/zip")
