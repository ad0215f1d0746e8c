"""The connected teams' pages: the list of my teams, setting one up, a team's page (its locality
at a glance) and its members."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.frontdoor.queries import localities as frontdoor
from thriving.frontdoor.queries.for_teams import Level
from thriving.teams import hooks
from thriving.teams.forms import actions as actions_forms
from thriving.teams.forms import teams as forms
from thriving.teams.models import Team, TeamMember
from thriving.teams.queries import actions as actions_queries
from thriving.teams.queries import asks as asks_queries
from thriving.teams.queries import schedule as schedule_queries
from thriving.teams.queries import teams as queries
from thriving.teams.services import schedule as schedule_services
from thriving.teams.services import teams as services

TREND_WEEKS = 8


@policy.policy("teams.view_teams")
def team_list(request: HttpRequest) -> HttpResponse:
    """The teams the person belongs to or is linked to (all, for administrators)."""
    teams = list(queries.teams_for(request.user))
    return render(request, "teams/team_list.html", {
        "teams": teams, "can_create": policy.can(request.user, "teams.manage_teams"),
    })


@policy.policy("teams.manage_teams")
def team_new(request: HttpRequest) -> HttpResponse:
    form = forms.TeamForm(request.POST or None)
    error_message = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.create_team(acting_user=request.user, name=data["name"], locality=data["locality"],
                                        about=data["about"], enablers=list(data["enablers"]))
        except ActionRefused as error:
            error_message = str(error)
        else:
            return redirect("teams:team", slug=team.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "teams/team_new.html", {"form": form, "error_message": error_message,
                                                   "forms_in_error": [form] if form.errors else []}, status=status)


def _trend(locality: Any, now: datetime.datetime) -> list[dict[str, Any]]:
    """Requests made in the locality in each of the last eight weeks (Monday to Sunday)."""
    today = timezone.localdate(now)
    this_monday = today - datetime.timedelta(days=today.weekday())
    starts = [this_monday - datetime.timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1)]
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))
    counts = dict.fromkeys(starts, 0)
    for made in frontdoor.weekly_requests_in(locality, since):
        day = timezone.localdate(made)
        counts[day - datetime.timedelta(days=day.weekday())] += 1
    top = max(counts.values()) or 1
    return [{"week": week, "count": count, "percent": round(100 * count / top)} for week, count in counts.items()]


def _ask_url(slug: str) -> str:
    try:
        return reverse("teams:ask-new", kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


def close_form(action: Any, data: Any = None) -> Any:
    """The form that marks one action done or dropped (named by the action's uuid, never its row)."""
    return actions_forms.CloseActionForm(data, prefix=f"a{action.uuid.hex}", initial={"version": action.version})


def team_page(request: HttpRequest, team: Any, status: int = 200, error_message: str = "",
              failed: tuple[Any, Any] | None = None) -> HttpResponse:
    """The team's page; `failed` is an action and its close form that was refused, shown with what was typed."""
    user = request.user
    now = timezone.now()
    member = queries.is_member(user, team)
    by_level = frontdoor.open_requests_by_level_in(team.locality)
    levels = [{"label": "Not triaged yet", "count": by_level.get(None, 0)}] + [
        {"label": f"{level.value}. {level.label}", "count": by_level.get(level.value, 0)} for level in Level]
    overdue = list(frontdoor.overdue_referrals_in(team.locality, now))
    seen = queries.visible_request_ids(user, {r.request_id for r in overdue}) if member else set()
    shown = [r for r in overdue if r.request_id in seen]
    if shown:
        audit.record(user, "team.overdue_referrals_viewed", team, action=audit.Action.VIEWED,
                     object_type="frontdoor.helprequest", purpose="connected team page",
                     subject=f"{len(shown)} requests", changes={"references": [r.request.reference for r in shown]})
    actions = []
    for action in (actions_queries.open_actions(team) if member else []):
        form = failed[1] if failed and failed[0] == action.pk else close_form(action)
        actions.append({"action": action, "form": form})
    return render(request, "teams/team_detail.html", {
        "team": team,
        "is_member": member,
        "levels": levels,
        "open_total": sum(by_level.values()),
        "overdue_count": len(overdue),
        "overdue_shown": shown,
        "trend": _trend(team.locality, now),
        "actions": actions,
        "asks": list(asks_queries.open_asks(team)) if member else [],
        "huddles": list(schedule_queries.upcoming_huddles(team, now)[:4]),
        "members": list(queries.current_members(team)),
        "panels": hooks.panels(team, user),
        "ask_url": _ask_url(team.slug) if member else "",
        "today": timezone.localdate(now),
        "may_change_members": queries.may_change_members(user, team),
        "error_message": error_message,
        "forms_in_error": [failed[1]] if failed and failed[1].errors else [],
    }, status=status)


@policy.policy("teams.view_teams")
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's locality at a glance: open requests by level, stuck referrals, the weekly trend,
    open actions (each can be marked done or dropped here) and asks, upcoming huddles, and what
    other apps add (ideas, Local Nets, pledges)."""
    team = get_visible_or_404(Team.objects.select_related("locality"), request.user, slug=slug)
    schedule_services.top_up(team)
    return team_page(request, team)


def _members_page(request: HttpRequest, team: Any, form: Any, status: int = 200, error_message: str = "") -> Any:
    return render(request, "teams/members.html", {
        "team": team, "form": form, "error_message": error_message,
        "forms_in_error": [form] if form.errors else [],
        "members": list(queries.current_members(team)),
        "past": list(team.members.filter(left_at__isnull=False).select_related("user", "organisation")),
        "may_link_enablers": queries.may_link_enablers(request.user, team),
        "may_change": queries.may_change_members(request.user, team),
    }, status=status)


@policy.policy("teams.view_teams")
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Who is in the team; any current member (or an administrator) adds people here."""
    team = get_visible_or_404(Team.objects.select_related("locality"), request.user, slug=slug)
    may_change = queries.may_change_members(request.user, team)
    may_link = queries.may_link_enablers(request.user, team)
    form = forms.MemberForm(request.POST if request.method == "POST" and may_change else None,
                            may_link_enablers=may_link)
    if request.method != "POST":
        return _members_page(request, team, form)
    if not may_change:
        return HttpResponse("Only members of the team may add people to it.", status=403)
    if not form.is_valid():
        return _members_page(request, team, form, status=400)
    data = form.cleaned_data
    try:
        services.add_member(acting_user=request.user, team=team, user=data["email"], kind=data["kind"],
                            organisation=data["organisation"])
    except ActionRefused as error:
        return _members_page(request, team, form, status=400, error_message=str(error))
    return redirect("teams:members", slug=team.slug)


@require_POST
@policy.policy("teams.view_teams")
def member_remove(request: HttpRequest, slug: str, member_uuid: Any) -> HttpResponse:
    team = get_visible_or_404(Team.objects.select_related("locality"), request.user, slug=slug)
    member = get_visible_or_404(TeamMember.objects.select_related("user"), request.user, team=team, uuid=member_uuid)
    try:
        services.remove_member(acting_user=request.user, member=member)
    except ActionRefused as error:
        return _members_page(request, team, forms.MemberForm(), status=400, error_message=str(error))
    return redirect("teams:members", slug=team.slug)
