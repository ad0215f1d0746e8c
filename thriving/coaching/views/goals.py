"""The goals pages of a coaching relationship: the goals and ratings page (aspirations, goals as
they are worked on, each with its wording history and its Goal-Based Outcome scores), adding an
aspiration or a goal, and changing a goal (rewording it, or what is done with it)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thriving.coaching.forms import goals as forms
from thriving.coaching.models import CoachingRelationship, Goal
from thriving.coaching.queries import goals as queries
from thriving.coaching.services import goals as services
from thriving.coaching.services.common import subject_of
from thriving.core import audit
from thriving.core import policy as core_policy
from thriving.core.access import get_visible_or_404, restrict
from thriving.core.models import AuditEvent
from thriving.core.policy import policy
from thriving.core.views.helpers import answer


def relationship_for(request: HttpRequest, uuid: Any, action: str) -> CoachingRelationship:
    return get_visible_or_404(CoachingRelationship.objects.select_related("person", "organisation"), request.user,
                              action, uuid=uuid)


def goals_url(relationship: CoachingRelationship, anchor: str = "") -> str:
    return reverse("coaching:goals", kwargs={"uuid": relationship.uuid}) + (f"#{anchor}" if anchor else "")


def common(relationship: CoachingRelationship) -> dict[str, Any]:
    return {"relationship": relationship, "who": subject_of(relationship), "goals_url": goals_url(relationship)}


@require_GET
@policy("coaching.view_progress")
def goals(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Goals and ratings: for whoever may see the progress; aspirations too for those who see it all."""
    relationship = relationship_for(request, uuid, "view_progress")
    user = request.user
    sees_all = restrict(CoachingRelationship.objects.filter(pk=relationship.pk), user, "view").exists()
    works = core_policy.can(user, "coaching.work", relationship)
    audit.record(user, "coaching.goals_viewed", relationship, action=AuditEvent.Action.VIEWED,
                 subject=subject_of(relationship), purpose="coaching")
    return render(request, "coaching/goals/goals.html", {
        **common(relationship), "board": queries.goal_board(relationship),
        "aspirations": queries.aspirations_of(relationship) if sees_all else None, "sees_all": sees_all,
        "measure_scores": queries.measure_scores(relationship), "works": works,
    })


def _form_page(request: HttpRequest, relationship: CoachingRelationship, template: str, **context: Any) -> Any:
    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, template, {
            **common(relationship), "form": form, "error_message": error_message,
            "forms_in_error": [form] if form.is_bound and form.errors else [], **context,
        }, status=status)

    return page


@policy("coaching.work")
def aspiration_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    """What a person, or the family together, wants for themselves, in their own words."""
    relationship = relationship_for(request, uuid, "work")
    people = queries.members_of(relationship)
    family = relationship.kind == CoachingRelationship.Kind.FAMILY
    form = forms.AspirationForm(request.POST or None, people=people, family=family)
    page = _form_page(request, relationship, "coaching/goals/aspiration_add.html")
    if request.method != "POST":
        return page(form=form)

    def done(aspiration: Any) -> HttpResponse:
        messages.success(request, "The aspiration is recorded.")
        return redirect(goals_url(relationship, "aspirations"))

    return answer(form, lambda data: services.add_aspiration(
        acting_user=request.user, relationship=relationship, words=data["words"], person=form.person()),
        page=page, done=done)


@policy("coaching.work")
def goal_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    """A goal in the person's words: whose, the aspiration it works toward, now or waiting."""
    relationship = relationship_for(request, uuid, "work")
    room = queries.active_goal_count(relationship) < services.ACTIVE_GOALS
    kwargs = {"people": queries.members_of(relationship), "family": relationship.kind == "family",
              "aspirations": queries.aspirations_of(relationship)}
    initial = {"start": forms.NOW if room else forms.WAITING, "aspiration": request.GET.get("aspiration", "")}
    form = forms.GoalForm(request.POST or None, initial=initial, **kwargs)
    show = _form_page(request, relationship, "coaching/goals/goal_add.html", room=room,
                      limit=services.ACTIVE_GOALS)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        if error_message == services.FOURTH_GOAL:  # offered as a waiting goal: one more press keeps it so
            data = request.POST.copy()
            data["start"] = forms.WAITING
            form = forms.GoalForm(data, **kwargs)
            form.is_valid()
        return show(status=status, form=form, error_message=error_message)

    if request.method != "POST":
        return page(form=form)

    def done(goal: Goal) -> HttpResponse:
        waiting = " It is waiting until they have room for it." if goal.status == Goal.Status.WAITING else ""
        messages.success(request, f"The goal is added.{waiting}")
        return redirect(goals_url(relationship, f"goal-{goal.uuid}"))

    return answer(form, lambda data: services.add_goal(
        acting_user=request.user, relationship=relationship, words=data["words"], person=form.person(),
        aspiration=form.chosen_aspiration(), work_on_now=data["start"] == forms.NOW), page=page, done=done)


@policy("coaching.work")
def goal_change(request: HttpRequest, uuid: Any, goal_uuid: Any) -> HttpResponse:
    """Reword a goal (its history kept), or change what is done with it; a stale edit answers 409."""
    relationship = relationship_for(request, uuid, "work")
    goal = get_visible_or_404(Goal.objects.filter(relationship=relationship).select_related("person"),
                              request.user, "work", uuid=goal_uuid)

    def page(*, status: int = 200, reword: Any = None, change: Any = None, error_message: str = "") -> HttpResponse:
        goal.refresh_from_db()
        version = {"version": goal.version}
        reword = reword or forms.RewordForm(initial={**version, "words": goal.words})
        change = change or forms.StatusForm(initial=version, goal=goal)
        return render(request, "coaching/goals/goal_change.html", {
            **common(relationship), "goal": goal, "wordings": list(goal.wordings.select_related("by")),
            "reword_form": reword, "status_form": change, "error_message": error_message,
            "forms_in_error": [f for f in (reword, change) if f.is_bound and f.errors],
        }, status=status)

    if request.method != "POST":
        return page()

    def kept(form_class: type, form: Any, **extra: Any) -> Any:
        """What was typed, against the version there now, so a second try applies to it."""
        data = request.POST.copy()
        data[f"{form.prefix}-version"] = str(Goal.objects.values_list("version", flat=True).get(pk=goal.pk))
        return form_class(data, **extra)

    def done(changed: Goal) -> HttpResponse:
        messages.success(request, "The goal is changed.")
        return redirect(goals_url(relationship, f"goal-{changed.uuid}"))

    if "status-version" in request.POST:
        form = forms.StatusForm(request.POST, goal=goal)
        return answer(form, lambda data: services.change_goal_status(
            acting_user=request.user, goal=goal, version=data["version"], status=data["status"]),
            page=lambda *, status, form, error_message="": page(
                status=status, change=kept(forms.StatusForm, form, goal=goal) if error_message else form,
                error_message=error_message), done=done)
    form = forms.RewordForm(request.POST)
    return answer(form, lambda data: services.reword_goal(
        acting_user=request.user, goal=goal, version=data["version"], words=data["words"], reason=data["reason"]),
        page=lambda *, status, form, error_message="": page(
            status=status, reword=kept(forms.RewordForm, form) if error_message else form,
            error_message=error_message), done=done)
