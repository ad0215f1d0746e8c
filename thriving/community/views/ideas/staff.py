"""Community ideas pages for facilitators: the list by stage, locality and "mine", an idea's page
with its log, and the forms to assign a facilitator, move the stage, log support and link Local
Nets sessions. Seeing a resident's contact details is audited. The public's pages are in `public`.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thriving.community.forms import ideas as forms
from thriving.community.models import Idea
from thriving.community.queries import ideas as queries
from thriving.community.services import ideas as services
from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.queries import page_of
from thriving.core.views.helpers import answer

FACILITATE = "community.facilitate_ideas"
PER_PAGE = 25


@policy.policy(FACILITATE)
def manage(request: HttpRequest) -> HttpResponse:
    form = forms.IdeaFilterForm(request.GET or None)
    found = queries.visible_ideas(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        status, found = 400, found.none()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("stage"):
        found = found.filter(stage=data["stage"])
    if data.get("locality"):
        found = found.filter(locality=data["locality"])
    if data.get("mine"):
        found = found.filter(facilitator=request.user)
    page = page_of(found.order_by("-created_at", "-id"), request.GET.get("page"), PER_PAGE)
    return render(request, "community/ideas/manage.html", {
        "form": form, "page_obj": page, "ideas": list(page.object_list)}, status=status)


@policy.policy(FACILITATE)
def new_idea(request: HttpRequest) -> HttpResponse:
    form = forms.StaffIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        idea = services.propose_idea(acting_user=request.user, title=data["title"], description=data["description"],
                                     locality=data["locality"])
        return redirect("community:idea-manage", uuid=idea.uuid)
    return render(request, "community/ideas/new.html", {"form": form}, status=400 if form.is_bound else 200)


def _page(request: HttpRequest, idea: Idea, status: int = 200, **given: Any) -> HttpResponse:
    error_message = given.pop("error_message", "")
    contact = given.pop("contact", None)
    sessions = queries.linkable_sessions(idea, request.user)
    context = {
        "idea": idea, "log": queries.log(idea), "contact": contact,
        "linked": list(idea.sessions.select_related("local_net").order_by("-starts_at")),
        "insights": list(idea.insights.select_related("session__local_net")),
        "resident": idea.proposed_by_id is None,
        "facilitator_form": given.get("facilitator_form") or forms.FacilitatorForm(initial={
            "version": idea.version, "facilitator": idea.facilitator}),
        "stage_form": given.get("stage_form") or forms.StageForm(initial={"version": idea.version,
                                                                         "stage": idea.stage}),
        "support_form": given.get("support_form") or forms.SupportForm(),
        "link_form": given.get("link_form") or forms.LinkSessionForm(sessions=sessions),
        "error_message": error_message,
        "forms_in_error": [f for f in given.values() if getattr(f, "errors", None)],
    }
    return render(request, "community/ideas/idea.html", context, status=status)


@policy.policy(FACILITATE)
def idea_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _page(request, get_visible_or_404(queries.ideas(), request.user, uuid=uuid))


@require_POST
@policy.policy(FACILITATE)
def contact(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Show the resident's contact details (a POST, so that each look is a deliberate, audited act)."""
    idea = get_visible_or_404(queries.ideas(), request.user, uuid=uuid)
    return _page(request, idea, contact=services.view_contact(idea, acting_user=request.user))


def _act(request: HttpRequest, uuid: Any, form: Any, key: str, act: Any, anchor: str = "log") -> HttpResponse:
    """Check the form and make the change (`answer`); on a mistake or a stale version, show the
    idea's page again with what was typed (409 when someone else changed the idea first), the idea
    as it is now after a refusal."""
    idea = get_visible_or_404(queries.ideas(), request.user, uuid=uuid)

    def page(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        shown = get_visible_or_404(queries.ideas(), request.user, uuid=uuid) if error_message else idea
        return _page(request, shown, status=status, error_message=error_message, **{key: form})

    return answer(form, lambda data: act(idea, data), page=page, done=lambda _: redirect(
        reverse("community:idea-manage", kwargs={"uuid": idea.uuid}) + f"#{anchor}"))


@require_POST
@policy.policy(FACILITATE)
def facilitator(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.FacilitatorForm(request.POST), "facilitator_form",
                lambda i, d: services.assign_facilitator(i, acting_user=request.user, version=d["version"],
                                                         facilitator=d["facilitator"]))


@require_POST
@policy.policy(FACILITATE)
def stage(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.StageForm(request.POST), "stage_form",
                lambda i, d: services.move_stage(i, acting_user=request.user, version=d["version"], stage=d["stage"],
                                                 note=d["note"]))


@require_POST
@policy.policy(FACILITATE)
def support(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.SupportForm(request.POST), "support_form",
                lambda i, d: services.add_support(i, acting_user=request.user, text=d["text"], by=d["by"], on=d["on"]))


@require_POST
@policy.policy(FACILITATE)
def link_session(request: HttpRequest, uuid: Any) -> HttpResponse:
    idea = get_visible_or_404(queries.ideas(), request.user, uuid=uuid)
    sessions = {str(s.uuid): s for s in queries.linkable_sessions(idea, request.user)}
    form = forms.LinkSessionForm(request.POST, sessions=list(sessions.values()))
    return _act(request, uuid, form, "link_form",
                lambda i, d: services.link_session(i, acting_user=request.user, session=sessions[d["session"]]),
                "sessions")
