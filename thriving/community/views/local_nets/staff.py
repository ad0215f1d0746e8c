"""Local Nets pages for organisers: setting up Local Nets and their sessions, the sign-up list
(each look audited), attendance, notes, what people said, and actions for the Local Net's connected
team. The residents' pages are in `public`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.community.forms import local_nets as forms
from thriving.community.models import Insight, LocalNet, LocalNetSession
from thriving.community.queries import local_nets as queries
from thriving.community.services import local_nets as services
from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.views.helpers import answer
from thriving.teams.services import actions as teams_actions

RUN = "community.run_local_nets"


@policy.policy(RUN)
def manage(request: HttpRequest) -> HttpResponse:
    local_nets = list(queries.visible_local_nets(request.user).order_by("locality__name", "title"))
    upcoming = {}
    for session in queries.visible_sessions(request.user).filter(services.upcoming_q()).order_by("-starts_at"):
        upcoming[session.local_net_id] = session
    for local_net in local_nets:
        local_net.next_session = upcoming.get(local_net.pk)
    return render(request, "community/local_nets/manage.html", {"local_nets": local_nets})


def _fields(data: dict) -> dict:
    return {name: data[name] for name in services.LOCAL_NET_FIELDS}


@policy.policy(RUN)
def new_local_net(request: HttpRequest) -> HttpResponse:
    form = forms.LocalNetForm(request.POST or None, initial={"is_listed": True})
    if request.method == "POST" and form.is_valid():
        local_net = services.create_local_net(acting_user=request.user, **_fields(form.cleaned_data))
        return redirect("community:local-net-manage", slug=local_net.slug)
    return render(request, "community/local_nets/edit.html", {"form": form, "local_net": None},
                  status=400 if form.is_bound else 200)


@policy.policy(RUN)
def edit_local_net(request: HttpRequest, slug: str) -> HttpResponse:
    local_net = get_visible_or_404(queries.local_nets(), request.user, slug=slug)
    error_message, status = "", 200
    if request.method == "POST":
        form = forms.LocalNetForm(request.POST)
        if form.is_valid():
            try:
                services.edit_local_net(local_net, acting_user=request.user, version=form.cleaned_data["version"] or 0,
                                        **_fields(form.cleaned_data))
            except Conflict as error:
                error_message, status = str(error), 409
                local_net.refresh_from_db()
            else:
                return redirect("community:local-net-manage", slug=local_net.slug)
        else:
            status = 400
    else:
        form = forms.LocalNetForm(initial={
            "version": local_net.version, "title": local_net.title, "theme": local_net.theme,
            "about": local_net.about, "locality": local_net.locality, "place": local_net.place,
            "team": local_net.team, "is_listed": local_net.is_listed})
    return render(request, "community/local_nets/edit.html", {
        "form": form, "local_net": local_net, "error_message": error_message}, status=status)


def _local_net_page(request: HttpRequest, local_net: LocalNet, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, "community/local_nets/manage_local_net.html", {
        "local_net": local_net, "sessions": queries.sessions_of(local_net), "now": timezone.now(),
        "session_form": context.pop("session_form", None) or forms.SessionForm(),
        "team_url": team_url(local_net), **context,
    }, status=status)


def team_url(local_net: LocalNet) -> str:
    """The page of the team running the Local Net, where its actions are added; "" if none."""
    if local_net.team is None:
        return ""
    try:
        return reverse("teams:team", kwargs={"slug": local_net.team.slug})
    except NoReverseMatch:
        return ""


@policy.policy(RUN)
def manage_local_net(request: HttpRequest, slug: str) -> HttpResponse:
    return _local_net_page(request, get_visible_or_404(queries.local_nets(), request.user, slug=slug))


@require_POST
@policy.policy(RUN)
def add_session(request: HttpRequest, slug: str) -> HttpResponse:
    local_net = get_visible_or_404(queries.local_nets(), request.user, slug=slug)
    form = forms.SessionForm(request.POST)
    if not form.is_valid():
        return _local_net_page(request, local_net, status=400, session_form=form)
    data = form.cleaned_data
    try:
        session = services.add_session(local_net, acting_user=request.user, starts_at=data["starts_at"],
                                       ends_at=data["ends_at"], place=data["place"], capacity=data["capacity"])
    except ActionRefused as error:
        form.add_error(None, str(error))
        return _local_net_page(request, local_net, status=400, session_form=form)
    return redirect("community:local-net-session-manage", uuid=session.uuid)


# ---------------------------------------------------------------------------------------------
# Organisers: a session


def _action_form(request: HttpRequest, session: LocalNetSession, given: Any, may_add: bool) -> Any:
    """The form to add an action for the team (None without a team), greyed out for anyone who is
    not one of the team's people. `?follow-up=<insight>` starts it from what people said."""
    team = session.local_net.team
    if team is None:
        return None
    form = given
    if form is None:
        try:
            insight = Insight.objects.visible_to(request.user).filter(
                session=session, uuid=request.GET.get("follow-up") or None).first()
        except ValidationError:  # not a uuid
            insight = None
        form = forms.ActionForm(team, initial={"title": f"Follow up: {insight.text}"[:200] if insight else ""})
    if not may_add:
        form.disable()
    return form


def _session_page(request: HttpRequest, session: LocalNetSession, status: int = 200, **given: Any) -> HttpResponse:
    error_message = given.pop("error_message", "")
    may_add = queries.may_add_actions(request.user, session.local_net.team)
    context: dict[str, Any] = {
        "session": session, "local_net": session.local_net, "left": queries.places_left(session),
        "where": queries.where(session), "insights": queries.insights(session), "now": timezone.now(),
        "started": session.starts_at <= timezone.now(), "team_url": team_url(session.local_net),
        "cancel_form": given.get("cancel_form") or forms.CancelForm(initial={"version": session.version}),
        "attendance_form": given.get("attendance_form") or forms.AttendanceForm(initial={
            "version": session.version, "attendance": session.attendance, "notes": session.notes}),
        "insight_form": given.get("insight_form") or forms.InsightForm(),
        "idea_form": given.get("idea_form"), "idea_insight": given.get("idea_insight"),
        "error_message": error_message, "actions": queries.session_actions(session), "may_add_action": may_add,
        "action_form": _action_form(request, session, given.get("action_form"), may_add),
        "forms_in_error": [f for k, f in given.items() if k != "idea_form" and getattr(f, "errors", None)],
    }
    return render(request, "community/local_nets/manage_session.html", context, status=status)


@policy.policy(RUN)
def manage_session(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _session_page(request, get_visible_or_404(queries.sessions(), request.user, uuid=uuid))


def _act(request: HttpRequest, uuid: Any, form: Any, key: str, act: Any, anchor: str = "") -> HttpResponse:
    """Check the form and take the action (`answer`); on a mistake or a refused change show the
    session's page again with the form as typed (409 when someone else changed the session first),
    the session as it is now after a refusal."""
    session = get_visible_or_404(queries.sessions(), request.user, uuid=uuid)

    def page(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        shown = get_visible_or_404(queries.sessions(), request.user, uuid=uuid) if error_message else session
        return _session_page(request, shown, status=status, error_message=error_message, **{key: form})

    url = reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid})
    return answer(form, lambda data: act(session, data), page=page,
                  done=lambda _: redirect(url + (f"#{anchor}" if anchor else "")))


@require_POST
@policy.policy(RUN)
def cancel_session(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.CancelForm(request.POST), "cancel_form", lambda s, d: services.cancel_session(
        s, acting_user=request.user, version=d["version"], reason=d["reason"]))


@require_POST
@policy.policy(RUN)
def record_attendance(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.AttendanceForm(request.POST), "attendance_form",
                lambda s, d: services.record_attendance(s, acting_user=request.user, version=d["version"],
                                                        attendance=d["attendance"], notes=d["notes"]))


@require_POST
@policy.policy(RUN)
def add_insight(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.InsightForm(request.POST), "insight_form",
                lambda s, d: services.add_insight(s, acting_user=request.user, text=d["text"]), "insights")


@require_POST
@policy.policy(RUN)
def insight_to_idea(request: HttpRequest, uuid: Any, insight: Any) -> HttpResponse:
    session = get_visible_or_404(queries.sessions(), request.user, uuid=uuid)
    found = get_visible_or_404(Insight, request.user, session=session, uuid=insight)
    form = forms.InsightIdeaForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _session_page(request, session, status=400, error_message=message, idea_form=form,
                             idea_insight=found)
    try:
        idea = services.insight_to_idea(found, acting_user=request.user, title=form.cleaned_data["title"])
    except ActionRefused as error:
        return _session_page(request, session, status=400, error_message=str(error), idea_form=form,
                             idea_insight=found)
    if policy.can(request.user, "community.facilitate_ideas"):
        return redirect("community:idea-manage", uuid=idea.uuid)
    return redirect(reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid}) + "#insights")


@require_POST
@policy.policy(RUN)
def add_action(request: HttpRequest, uuid: Any) -> HttpResponse:
    """An action for the Local Net's connected team, linked to this session; only the team's people
    may add one (the teams service checks it too)."""
    session = get_visible_or_404(queries.sessions(), request.user, uuid=uuid)
    team = session.local_net.team
    if team is None:
        raise Http404("This Local Net has no connected team")
    refused = f"Only the members of {team.name} can add actions for it."
    if not queries.may_add_actions(request.user, team):
        return _session_page(request, session, status=403, error_message=refused)
    form = forms.ActionForm(team, request.POST)
    if not form.is_valid():
        return _session_page(request, session, status=400, action_form=form)
    data = form.cleaned_data
    try:
        teams_actions.add_action(acting_user=request.user, team=team, title=data["title"], owner=data["owner"],
                                 due_on=data["due_on"], subject=session)
    except ActionRefused as error:
        return _session_page(request, session, status=400, error_message=str(error), action_form=form)
    except PermissionDenied:
        return _session_page(request, session, status=403, error_message=refused)
    return redirect(reverse("community:local-net-session-manage", kwargs={"uuid": session.uuid}) + "#actions")


@policy.policy(RUN)
def signups(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Who signed up: personal data, so each look is in the audit trail."""
    session = get_visible_or_404(queries.sessions(), request.user, uuid=uuid)
    found = queries.signups(session)
    audit.record(request.user, "session_signups.viewed", session, action=audit.Action.VIEWED,
                 subject=f"{len(found)} people signed up", purpose="running the Local Net session",
                 changes={"signups": [str(s.uuid) for s in found]})
    return render(request, "community/local_nets/signups.html", {
        "session": session, "signups": found, "taken": sum(s.places for s in found),
        "left": queries.places_left(session)})
