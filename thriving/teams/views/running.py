"""Running a huddle on one page: starting it, the note-taker recording each item (an htmx POST
that answers with just that item; without JavaScript a normal POST comes back to the page),
actions and "chip in" on an item (shown under that item), handing the notes to another member,
finishing, sharing the minutes, and the note-taker correcting them afterwards."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.models import User
from thriving.core.site import site_url
from thriving.core.views.helpers import is_htmx, status_of
from thriving.teams.forms import running as forms
from thriving.teams.forms.common import VersionForm
from thriving.teams.models import Huddle
from thriving.teams.queries import agenda as agenda_queries
from thriving.teams.queries import teams as teams_queries
from thriving.teams.services import actions as actions_services
from thriving.teams.services import running as services
from thriving.teams.services.common import TeamsError
from thriving.teams.views.agenda import (
    action_form,
    audit_references,
    huddle_of,
    huddle_page,
    huddle_url,
    item_views,
    record_form,
)


def _answer(request: HttpRequest, team: Any, huddle: Huddle, item: Any, status: int = 200,
            **state: Any) -> HttpResponse:
    """The item's fragment for htmx; otherwise back to the page (or the page with what went wrong)."""
    if not is_htmx(request) and status == 200:
        return redirect(huddle_url(huddle, f"item-{item.uuid}"))
    if not is_htmx(request):
        return huddle_page(request, team, huddle, status=status, item_state={item.pk: state})
    item.refresh_from_db()
    members = teams_queries.owner_choices(team)
    view = item_views(request.user, [item])[0]
    audit_references(request.user, huddle, [view], "agenda")
    view["record_form"] = state.pop("record_form", None) or record_form(item)
    view["action_form"] = state.pop("action_form", None) or action_form(item, members)
    view.update(state)
    view["actions"] = list(item.actions.select_related("owner").order_by("due_on", "id"))
    return render(request, "teams/_item_fragment.html", {
        "v": view, "team": team, "huddle": huddle, "running": True,
    }, status=status)


@require_POST
@policy.policy("teams.work_in_team")
def start(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """A member starts the huddle and takes the notes, or names the member who will, ticking who
    is there. Before the huddle's day, a page asks them to confirm first (a warning and a second
    button, on the server: nothing is started until they confirm)."""
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    form = forms.StartForm(request.POST, members=teams_queries.owner_choices(team))
    if not form.is_valid():
        return huddle_page(request, team, huddle, status=400, start_form=form)
    data = form.cleaned_data
    taker = User.objects.filter(uuid=data["note_taker"]).first()
    there = list(User.objects.filter(uuid__in=data["attendees"]))
    try:
        services.start_huddle(acting_user=request.user, huddle=huddle, version=data["version"],
                              note_taker=taker, attendees=there, confirm_early=data["confirm_early"])
    except services.EarlyStart as error:
        return render(request, "teams/huddle_start_early.html", {
            "team": team, "huddle": huddle, "message": str(error), "data": data,
            "today": timezone.localdate()})
    except ActionRefused as error:
        huddle.refresh_from_db()
        return huddle_page(request, team, huddle, status=status_of(error),
                           error_message=str(error))
    return redirect(huddle_url(huddle, "agenda"))


@require_POST
@policy.policy("teams.work_in_team")
def item_record(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    """Save the discussion and decision on an item. A stale version answers 409, showing what the
    other person saved and keeping what was typed."""
    item = get_visible_or_404(agenda_queries.items(), request.user, huddle__team__slug=slug, huddle__uuid=huddle_uuid,
                              uuid=item_uuid)
    huddle, team = item.huddle, item.huddle.team
    form = record_form(item, request.POST)
    if not form.is_valid():
        return _answer(request, team, huddle, item, 400, record_form=form)
    data = form.cleaned_data
    try:
        services.record_item(acting_user=request.user, item=item, version=data["version"],
                             discussion=data["discussion"], decision=data["decision"], covered=data["covered"])
    except Conflict as error:
        item.refresh_from_db()
        typed = record_form(item, discussion=data["discussion"], decision=data["decision"],
                            covered=data["covered"])
        return _answer(request, team, huddle, item, 409, record_form=typed, error_message=str(error),
                       conflict={"discussion": item.discussion, "decision": item.decision})
    except ActionRefused as error:
        return _answer(request, team, huddle, item, 400, record_form=form, error_message=str(error))
    return _answer(request, team, huddle, item, saved="Saved.")


@require_POST
@policy.policy("teams.work_in_team")
def action_add(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    """Add an action on an item: what, who owns it (a member of the team) and when it is due."""
    item = get_visible_or_404(agenda_queries.items(), request.user, huddle__team__slug=slug, huddle__uuid=huddle_uuid,
                              uuid=item_uuid)
    huddle, team = item.huddle, item.huddle.team
    form = action_form(item, teams_queries.owner_choices(team), request.POST)
    if not form.is_valid():
        return _answer(request, team, huddle, item, 400, action_form=form)
    data = form.cleaned_data
    owner = teams_queries.current_members(team).filter(user__uuid=data["owner"]).first()
    try:
        action = actions_services.add_action(acting_user=request.user, team=team, title=data["title"],
                                     owner=owner.user if owner else None, due_on=data["due_on"], item=item)
    except ActionRefused as error:
        return _answer(request, team, huddle, item, 400, action_form=form, error_message=str(error))
    return _answer(request, team, huddle, item, saved=f"Action added for {action.owner.full_name}.")


@require_POST
@policy.policy("teams.work_in_team")
def chip_in(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    """Take the item on: an action owned by the member who clicked."""
    item = get_visible_or_404(agenda_queries.items(), request.user, huddle__team__slug=slug, huddle__uuid=huddle_uuid,
                              uuid=item_uuid)
    huddle, team = item.huddle, item.huddle.team
    try:
        actions_services.chip_in(acting_user=request.user, item=item)
    except ActionRefused as error:
        return _answer(request, team, huddle, item, 400, error_message=str(error))
    return _answer(request, team, huddle, item, saved="You chipped in: the action is yours.")


@require_POST
@policy.policy("teams.work_in_team")
def note_taker(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """While the huddle runs, any member hands the notes to another member, or takes them."""
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    form = forms.NoteTakerForm(request.POST, prefix="note", members=teams_queries.owner_choices(team))
    if not form.is_valid():
        return huddle_page(request, team, huddle, status=400, note_taker_form=form)
    taker = teams_queries.current_members(team).filter(user__uuid=form.cleaned_data["note_taker"]).first()
    try:
        services.change_note_taker(acting_user=request.user, huddle=huddle, version=form.cleaned_data["version"],
                                   note_taker=taker.user if taker else None)
    except ActionRefused as error:
        huddle.refresh_from_db()
        return huddle_page(request, team, huddle, status=status_of(error),
                           error_message=str(error))
    return redirect(huddle_url(huddle, "agenda"))


@require_POST
@policy.policy("teams.work_in_team")
def attendance(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """While the huddle runs, record who is there."""
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    form = forms.AttendanceForm(request.POST, prefix="attendance", members=teams_queries.owner_choices(team))
    if not form.is_valid():
        return huddle_page(request, team, huddle, status=400, attendance_form=form)
    there = list(User.objects.filter(uuid__in=form.cleaned_data["attendees"]))
    try:
        services.record_attendance(acting_user=request.user, huddle=huddle, version=form.cleaned_data["version"],
                                   attendees=there)
    except ActionRefused as error:
        huddle.refresh_from_db()
        return huddle_page(request, team, huddle, status=status_of(error), error_message=str(error))
    return redirect(huddle_url(huddle, "attendance"))


@require_POST
@policy.policy("teams.work_in_team")
def finish(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    form = forms.FinishForm(request.POST)
    if not form.is_valid():
        return huddle_page(request, team, huddle, status=400, finish_form=form)
    try:
        services.finish_huddle(acting_user=request.user, huddle=huddle, version=form.cleaned_data["version"],
                               summary=form.cleaned_data["summary"])
    except ActionRefused as error:
        huddle.refresh_from_db()
        return huddle_page(request, team, huddle, status=status_of(error),
                           error_message=str(error), finish_form=form)
    return redirect(huddle_url(huddle))


@require_POST
@policy.policy("teams.work_in_team")
def share(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """Share the minutes with the team: a link by email to each current member."""
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise TeamsError("Open the huddle again and try once more.")
        services.share_minutes(acting_user=request.user, huddle=huddle, version=form.cleaned_data["version"],
                               site=site_url(request))
    except ActionRefused as error:
        huddle.refresh_from_db()
        return huddle_page(request, team, huddle, status=status_of(error),
                           error_message=str(error))
    return redirect(huddle_url(huddle))


def _minutes_forms(huddle: Huddle, items: list[Any], data: Any = None,
                   typed: dict[str, Any] | None = None) -> tuple[Any, list[tuple[Any, Any]]]:
    """The summary form and one form per item, named by uuid; `typed` keeps what was typed over
    fresh versions after a conflict."""
    typed = typed or {}
    summary = forms.MinutesForm(data, prefix="minutes", initial={
        "version": huddle.version, "summary": typed.get("summary", huddle.summary)})
    pairs = []
    for item in items:
        kept = typed.get(str(item.uuid), {})
        pairs.append((item, forms.MinutesItemForm(data, prefix=f"item{item.uuid.hex}", initial={
            "version": item.version, "discussion": kept.get("discussion", item.discussion),
            "decision": kept.get("decision", item.decision)})))
    return summary, pairs


@policy.policy("teams.work_in_team")
def minutes_correct(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """The note-taker corrects the minutes after the huddle: the summary and each item's discussion
    and decision, all saved together or not at all. Once shared, corrections are audited and the
    minutes say when they were last corrected; no second email is sent."""
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    if huddle.status != Huddle.Status.FINISHED:
        return redirect(huddle_url(huddle))
    if huddle.note_taker_id != request.user.pk:
        raise PermissionDenied("Only the note-taker corrects the minutes.")
    items = list(huddle.items.select_related("request"))
    posted = request.POST if request.method == "POST" else None
    summary, pairs = _minutes_forms(huddle, items, posted)
    error_message, status = "", 200
    if posted is not None:
        status = 400
        if summary.is_valid() and all(form.is_valid() for _, form in pairs):
            rows = [(item, form.cleaned_data["version"], form.cleaned_data["discussion"],
                     form.cleaned_data["decision"]) for item, form in pairs]
            try:
                services.correct_minutes(acting_user=request.user, huddle=huddle,
                                         version=summary.cleaned_data["version"],
                                         summary=summary.cleaned_data["summary"], items=rows)
            except ActionRefused as error:
                error_message = str(error)
                if isinstance(error, Conflict):
                    status = 409
                    huddle.refresh_from_db()
                    items = list(huddle.items.select_related("request"))
                    typed = {"summary": summary.cleaned_data["summary"], **{
                        str(item.uuid): {"discussion": d, "decision": c} for item, _, d, c in rows}}
                    summary, pairs = _minutes_forms(huddle, items, typed=typed)
            else:
                return redirect(huddle_url(huddle))
    views = [{**view, "form": form} for view, (_, form) in zip(item_views(request.user, items), pairs, strict=True)]
    audit_references(request.user, huddle, views, "minutes")
    return render(request, "teams/minutes_correct.html", {
        "team": team, "huddle": huddle, "summary_form": summary, "items": views, "error_message": error_message,
        "forms_in_error": [f for f in [summary, *(form for _, form in pairs)] if f.errors],
    }, status=status)
