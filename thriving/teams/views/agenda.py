"""A huddle's page: its agenda before it starts (brought up to date while the huddle is still to
come), the note-taker's page while it runs, and its minutes after; and the items members add,
reorder and remove on the agenda. Starting and running the huddle is in `running`; when it is,
and moving or cancelling it, in `schedule`."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.teams.forms import actions as actions_forms
from thriving.teams.forms import agenda as forms
from thriving.teams.forms import running as running_forms
from thriving.teams.forms.common import VersionForm
from thriving.teams.models import AgendaItem, Huddle
from thriving.teams.queries import actions as actions_queries
from thriving.teams.queries import agenda as agenda_queries
from thriving.teams.queries import asks as asks_queries
from thriving.teams.queries import schedule as schedule_queries
from thriving.teams.queries import teams as teams_queries
from thriving.teams.services import agenda as services


def huddle_url(huddle: Huddle, anchor: str = "") -> str:
    return reverse("teams:huddle", args=[huddle.team.slug, huddle.uuid]) + (f"#{anchor}" if anchor else "")


def record_form(item: AgendaItem, data: Any = None, **initial: Any) -> Any:
    """The note-taker's form for one item, named by the item's uuid (never its row)."""
    values = {"version": item.version, "discussion": item.discussion, "decision": item.decision,
              "covered": item.covered, **initial}
    return running_forms.RecordForm(data, prefix=f"item{item.uuid.hex}", initial=values)


def action_form(item: AgendaItem, members: list[tuple[str, str]], data: Any = None) -> Any:
    return actions_forms.ActionForm(data, prefix=f"action{item.uuid.hex}", members=members)


def item_views(user: Any, found: list[AgendaItem]) -> list[dict[str, Any]]:
    """What the page shows of each item: what this member may see of it (`what_a_member_sees`:
    the request's reference, the hub worker's reasons and its needs only to a member the front
    door lets see that request)."""
    seen = agenda_queries.shown_to(user, found)
    return [{"item": item, "shown": seen[item.pk], "title": seen[item.pk].title,
             "reference": seen[item.pk].reference} for item in found]


def audit_references(user: Any, huddle: Huddle, views: list[dict[str, Any]], what: str) -> None:
    """Every view of an agenda or minutes that shows request references is in the audit trail."""
    references = sorted({v["reference"] for v in views if v["reference"]})
    if references:
        audit.record(user, f"huddle.{what}_viewed", huddle, action=audit.Action.VIEWED,
                     object_type="frontdoor.helprequest", object_id=str(huddle.uuid),
                     subject=f"{len(references)} requests", purpose=f"huddle {what}",
                     changes={"references": references})


def huddle_of(request: HttpRequest, slug: str, huddle_uuid: Any) -> Huddle:
    """The team's huddle the address names, if the person may work in the team; otherwise 404."""
    return get_visible_or_404(schedule_queries.huddles(), request.user, team__slug=slug, uuid=huddle_uuid)


def huddle_page(request: HttpRequest, team: Any, huddle: Huddle, status: int = 200, error_message: str = "",
                item_state: dict[int, dict[str, Any]] | None = None, **extra: Any) -> HttpResponse:
    user = request.user
    items = list(huddle.items.select_related("request", "referral", "ask", "action", "brought_back_to"))
    members = teams_queries.owner_choices(team)
    running = huddle.status == Huddle.Status.RUNNING
    under, loose = actions_queries.actions_by_item(huddle)
    views = []
    for view in item_views(user, items):
        item = view["item"]
        if running:
            state = (item_state or {}).get(item.pk, {})
            view["record_form"] = state.get("record_form") or record_form(item)
            view["action_form"] = state.get("action_form") or action_form(item, members)
            view.update({k: v for k, v in state.items() if k not in ("record_form", "action_form")})
        view["actions"] = under.get(item.pk, [])
        views.append(view)
    attendees = list(huddle.attendees.order_by("full_name", "email"))
    show_minutes = schedule_queries.minutes_readable(user, huddle)  # once finished, the note-taker's until shared
    if show_minutes:
        audit_references(user, huddle, views, "minutes" if huddle.status == Huddle.Status.FINISHED else "agenda")
    forms_in_error = [f for f in extra.values() if getattr(f, "errors", None)]
    context = {
        "team": team, "huddle": huddle, "items": views if show_minutes else [], "show_minutes": show_minutes,
        "error_message": error_message, "forms_in_error": forms_in_error,
        "item_form": extra.get("item_form") or forms.ItemForm(),
        "start_form": extra.get("start_form") or running_forms.StartForm(
            members=members, initial={"version": huddle.version, "note_taker": str(user.uuid)}),
        "finish_form": extra.get("finish_form") or running_forms.FinishForm(initial={"version": huddle.version}),
        "version_form": VersionForm(initial={"version": huddle.version}),
        "other_actions": loose if show_minutes else [],
        "note_taker_form": extra.get("note_taker_form") or running_forms.NoteTakerForm(
            members=members, prefix="note", initial={
                "version": huddle.version, "note_taker": str(huddle.note_taker.uuid) if huddle.note_taker else ""}),
        "attendance_form": extra.get("attendance_form") or running_forms.AttendanceForm(
            members=members, prefix="attendance", initial={
                "version": huddle.version, "attendees": [str(p.uuid) for p in attendees]}),
        "attendees": attendees,
        "starts_early": huddle.status == Huddle.Status.PLANNED and schedule_queries.starts_early(huddle),
        "is_note_taker": huddle.note_taker_id == user.pk,
        "may_ask": huddle.status in (Huddle.Status.RUNNING, Huddle.Status.FINISHED)
        and asks_queries.is_asking_member(user, team) and team.archived_at is None,
        "corrected_at": huddle.minutes_corrected_at,
        "now": timezone.now(),
    }
    return render(request, "teams/huddle.html", context, status=status)


@policy.policy("teams.work_in_team")
def huddle(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """The huddle's one page: the agenda (brought up to date while the huddle is still to come),
    the note-taker's record while it runs, and the minutes after."""
    found = huddle_of(request, slug, huddle_uuid)
    if found.status == Huddle.Status.PLANNED and timezone.now() < found.starts_at:
        services.build_agenda(found)
    return huddle_page(request, found.team, found)



@require_POST
@policy.policy("teams.work_in_team")
def item_add(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    found = huddle_of(request, slug, huddle_uuid)
    team = found.team
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        return huddle_page(request, team, found, status=400, item_form=form)
    try:
        services.add_item(acting_user=request.user, huddle=found, title=form.cleaned_data["title"],
                          why=form.cleaned_data["why"], decide=form.cleaned_data["decide"])
    except ActionRefused as error:
        return huddle_page(request, team, found, status=400, error_message=str(error), item_form=form)
    return redirect(huddle_url(found, "agenda"))


@require_POST
@policy.policy("teams.work_in_team")
def item_remove(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    item = get_visible_or_404(agenda_queries.items(), request.user, huddle__team__slug=slug, huddle__uuid=huddle_uuid,
                              uuid=item_uuid)
    found, team = item.huddle, item.huddle.team
    try:
        services.remove_item(acting_user=request.user, item=item)
    except ActionRefused as error:
        return huddle_page(request, team, found, status=400, error_message=str(error))
    return redirect(huddle_url(found, "agenda"))


@require_POST
@policy.policy("teams.work_in_team")
def item_move(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    item = get_visible_or_404(agenda_queries.items(), request.user, huddle__team__slug=slug, huddle__uuid=huddle_uuid,
                              uuid=item_uuid)
    found, team = item.huddle, item.huddle.team
    try:
        services.move_item(acting_user=request.user, item=item, up=request.POST.get("direction") != "down")
    except ActionRefused as error:
        return huddle_page(request, team, found, status=400, error_message=str(error))
    return redirect(huddle_url(found, f"item-{item.uuid}"))


@require_POST
@policy.policy("teams.work_in_team")
def item_bring_back(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    """Bring an item the team covered back to its next planned huddle."""
    item = get_visible_or_404(agenda_queries.items(), request.user, huddle__team__slug=slug, huddle__uuid=huddle_uuid,
                              uuid=item_uuid)
    found, team = item.huddle, item.huddle.team
    try:
        services.bring_back(acting_user=request.user, item=item)
    except ActionRefused as error:
        return huddle_page(request, team, found, status=400, error_message=str(error))
    return redirect(huddle_url(found, f"item-{item.uuid}"))
