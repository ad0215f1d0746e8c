"""A team's huddles: the schedule (a repeating series, changing it, and one-off huddles), moving or cancelling
one, and the huddle's page, which is its agenda before it starts, the note-taker's page while it
runs, and its minutes after. Members add, reorder and remove their own agenda items here; the
running of the huddle is in `huddle_run`."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import audit, policy
from thriving.teams import forms, queries, services
from thriving.teams.models import AgendaItem, Huddle

GENERIC_TITLES = {
    AgendaItem.Kind.REQUEST: "A request flagged for the huddle (the reference is for those who work on it)",
    AgendaItem.Kind.REFERRAL: "A referral with no answer past its time (the reference is for those who work on it)",
}


def _member_team(request: HttpRequest, slug: str) -> Any:
    team = queries.team_for(request.user, slug)
    if not queries.is_member(request.user, team):
        raise Http404("No such team")
    return team


def huddle_url(huddle: Huddle, anchor: str = "") -> str:
    return reverse("teams:huddle", args=[huddle.team.slug, huddle.uuid]) + (f"#{anchor}" if anchor else "")


def _schedule_page(request: HttpRequest, team: Any, status: int = 200, error_message: str = "",
                   series_form: Any = None, huddle_form: Any = None) -> HttpResponse:
    series_form = series_form or forms.SeriesForm(prefix="series")
    huddle_form = huddle_form or forms.HuddleForm(prefix="once")
    return render(request, "teams/schedule.html", {
        "team": team, "series_form": series_form, "huddle_form": huddle_form, "error_message": error_message,
        "forms_in_error": [f for f in (series_form, huddle_form) if f.errors],
        "series": list(team.huddle_series.filter(ended_at__isnull=True).select_related("place")),
        "upcoming": list(queries.upcoming_huddles(team)),
        "past": list(queries.past_huddles(team)[:10]),
    }, status=status)


@policy.policy("teams.work_in_team")
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's huddles: when they repeat, what is coming up, and past huddles with their minutes."""
    team = _member_team(request, slug)
    return _schedule_page(request, team)


@require_POST
@policy.policy("teams.work_in_team")
def series_new(request: HttpRequest, slug: str) -> HttpResponse:
    team = _member_team(request, slug)
    form = forms.SeriesForm(request.POST, prefix="series")
    if not form.is_valid():
        return _schedule_page(request, team, 400, series_form=form)
    data = form.cleaned_data
    try:
        services.save_series(acting_user=request.user, team=team, first_on=data["first_on"],
                             starts_at=data["starts_at"], minutes=data["minutes"], every=data["every"],
                             until=data["until"], place=data["place"], place_text=data["place_text"])
    except services.TeamsError as error:
        return _schedule_page(request, team, 400, error_message=str(error), series_form=form)
    return redirect("teams:schedule", slug=team.slug)


@require_POST
@policy.policy("teams.work_in_team")
def series_end(request: HttpRequest, slug: str, series_uuid: Any) -> HttpResponse:
    team = _member_team(request, slug)
    series = team.huddle_series.filter(uuid=series_uuid, ended_at__isnull=True).first()
    if series is None:
        raise Http404("No such series")
    services.end_series(acting_user=request.user, series=series)
    return redirect("teams:schedule", slug=team.slug)


@policy.policy("teams.work_in_team")
def series_change(request: HttpRequest, slug: str, series_uuid: Any) -> HttpResponse:
    """Change when and where a repeating huddle is; planned huddles not moved by hand follow it."""
    team = _member_team(request, slug)
    series = team.huddle_series.filter(uuid=series_uuid).select_related("place").first()
    if series is None:
        raise Http404("No such series")
    initial = {"starts_at": series.starts_at, "minutes": series.minutes, "every": series.every,
               "until": series.until, "place": series.place, "place_text": series.place_text,
               "version": series.version}
    form = forms.SeriesChangeForm(request.POST if request.method == "POST" else None, initial=initial,
                                  first_on=series.first_on)
    error_message, status = "", 200
    if series.ended_at is not None:
        error_message, status = "This huddle has stopped repeating, so it cannot be changed.", 400
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_series(acting_user=request.user, series=series, starts_at=data["starts_at"],
                                       minutes=data["minutes"], every=data["every"], until=data["until"],
                                       place=data["place"], place_text=data["place_text"],
                                       version=data["version"])
            except services.TeamsError as error:
                error_message = str(error)
                if isinstance(error, services.Conflict):
                    status = 409
                    series.refresh_from_db()
                    form = forms.SeriesChangeForm(
                        {**request.POST.dict(), "version": series.version}, first_on=series.first_on
                    )  # keeps what was typed; saving again applies it to the series as it is now
                    form.is_valid()
            else:
                return redirect("teams:schedule", slug=team.slug)
    return render(request, "teams/series_change.html", {
        "team": team, "series": series, "form": form, "error_message": error_message,
        "forms_in_error": [form] if form.errors else [],
    }, status=status)


@require_POST
@policy.policy("teams.work_in_team")
def huddle_new(request: HttpRequest, slug: str) -> HttpResponse:
    team = _member_team(request, slug)
    form = forms.HuddleForm(request.POST, prefix="once")
    if not form.is_valid():
        return _schedule_page(request, team, 400, huddle_form=form)
    data = form.cleaned_data
    try:
        huddle = services.add_huddle(acting_user=request.user, team=team, starts_at=data["start"],
                                     minutes=data["minutes"], place=data["place"], place_text=data["place_text"])
    except services.TeamsError as error:
        return _schedule_page(request, team, 400, error_message=str(error), huddle_form=form)
    return redirect(huddle_url(huddle))


@policy.policy("teams.work_in_team")
def huddle_change(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """Move a planned huddle to another time or place, or cancel it."""
    team = queries.team_for(request.user, slug)
    huddle = queries.huddle_for(request.user, team, huddle_uuid)
    if huddle.status != Huddle.Status.PLANNED:
        return redirect(huddle_url(huddle))
    local = timezone.localtime(huddle.starts_at)
    initial = {"version": huddle.version, "on": local.date(), "starts_at": local.time(),
               "minutes": int((huddle.ends_at - huddle.starts_at).total_seconds() // 60),
               "place": huddle.place, "place_text": huddle.place_text}
    form = forms.HuddleForm(request.POST or None, initial=initial)
    error_message, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.move_huddle(acting_user=request.user, huddle=huddle, version=data["version"] or 0,
                                     starts_at=data["start"], minutes=data["minutes"], place=data["place"],
                                     place_text=data["place_text"])
            except services.TeamsError as error:
                error_message = str(error)
                status = 409 if isinstance(error, services.Conflict) else 400
            else:
                return redirect(huddle_url(huddle))
    return render(request, "teams/huddle_change.html", {
        "team": team, "huddle": huddle, "form": form, "error_message": error_message,
        "forms_in_error": [form] if form.errors else [], "cancel_form": forms.VersionForm(
            initial={"version": huddle.version}),
    }, status=status)


@require_POST
@policy.policy("teams.work_in_team")
def huddle_cancel(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    team = queries.team_for(request.user, slug)
    huddle = queries.huddle_for(request.user, team, huddle_uuid)
    form = forms.VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise services.TeamsError("Open the huddle again and try once more.")
        services.cancel_huddle(acting_user=request.user, huddle=huddle, version=form.cleaned_data["version"])
    except services.TeamsError as error:
        return huddle_page(request, team, huddle, status=409 if isinstance(error, services.Conflict) else 400,
                           error_message=str(error))
    return redirect("teams:schedule", slug=team.slug)


# --- The huddle's page ---


def record_form(item: AgendaItem, data: Any = None, **initial: Any) -> Any:
    """The note-taker's form for one item, named by the item's uuid (never its row)."""
    values = {"version": item.version, "discussion": item.discussion, "decision": item.decision,
              "covered": item.covered, **initial}
    return forms.RecordForm(data, prefix=f"item{item.uuid.hex}", initial=values)


def action_form(item: AgendaItem, members: list[tuple[str, str]], data: Any = None) -> Any:
    return forms.ActionForm(data, prefix=f"action{item.uuid.hex}", members=members)


def item_view(item: AgendaItem, visible: set[int]) -> dict[str, Any]:
    """What the page shows of an item: its title, and the request's reference only to a member the
    front door lets see that request."""
    shown = item.request_id is None or item.request_id in visible
    return {
        "item": item,
        "title": item.title if shown else GENERIC_TITLES.get(item.kind, item.get_kind_display()),
        "reference": item.request.reference if item.request_id and shown else "",
    }


def visible_for(user: Any, items: list[AgendaItem]) -> set[int]:
    return queries.visible_request_ids(user, {i.request_id for i in items if i.request_id})


def audit_references(user: Any, huddle: Huddle, views: list[dict[str, Any]], what: str) -> None:
    """Every view of an agenda or minutes that shows request references is in the audit trail."""
    references = sorted({v["reference"] for v in views if v["reference"]})
    if references:
        audit.record(user, f"huddle.{what}_viewed", huddle, action=audit.Action.VIEWED,
                     object_type="frontdoor.helprequest", object_id=str(huddle.uuid),
                     subject=f"{len(references)} requests", purpose=f"huddle {what}",
                     changes={"references": references})


def minutes_visible(user: Any, huddle: Huddle) -> bool:
    """Minutes are the note-taker's until they are shared; then every member's."""
    return huddle.minutes_shared_at is not None or huddle.note_taker_id == user.pk


def huddle_page(request: HttpRequest, team: Any, huddle: Huddle, status: int = 200, error_message: str = "",
                item_state: dict[int, dict[str, Any]] | None = None, **extra: Any) -> HttpResponse:
    user = request.user
    items = list(huddle.items.select_related("request", "referral", "ask", "action"))
    visible = visible_for(user, items)
    members = queries.owner_choices(team)
    running = huddle.status == Huddle.Status.RUNNING
    under, loose = queries.actions_by_item(huddle)
    views = []
    for item in items:
        view = item_view(item, visible)
        if running:
            state = (item_state or {}).get(item.pk, {})
            view["record_form"] = state.get("record_form") or record_form(item)
            view["action_form"] = state.get("action_form") or action_form(item, members)
            view.update({k: v for k, v in state.items() if k not in ("record_form", "action_form")})
        view["actions"] = under.get(item.pk, [])
        views.append(view)
    show_minutes = huddle.status != Huddle.Status.FINISHED or minutes_visible(user, huddle)
    if show_minutes:
        audit_references(user, huddle, views, "minutes" if huddle.status == Huddle.Status.FINISHED else "agenda")
    forms_in_error = [f for f in extra.values() if getattr(f, "errors", None)]
    context = {
        "team": team, "huddle": huddle, "items": views if show_minutes else [], "show_minutes": show_minutes,
        "error_message": error_message, "forms_in_error": forms_in_error,
        "item_form": extra.get("item_form") or forms.ItemForm(),
        "start_form": extra.get("start_form") or forms.StartForm(
            members=members, initial={"version": huddle.version, "note_taker": str(user.uuid)}),
        "finish_form": extra.get("finish_form") or forms.FinishForm(initial={"version": huddle.version}),
        "version_form": forms.VersionForm(initial={"version": huddle.version}),
        "other_actions": loose if show_minutes else [],
        "note_taker_form": extra.get("note_taker_form") or forms.NoteTakerForm(members=members, prefix="note", initial={
            "version": huddle.version, "note_taker": str(huddle.note_taker.uuid) if huddle.note_taker else ""}),
        "is_note_taker": huddle.note_taker_id == user.pk,
        "corrected_at": huddle.minutes_corrected_at,
        "now": timezone.now(),
    }
    return render(request, "teams/huddle.html", context, status=status)


@policy.policy("teams.work_in_team")
def huddle(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """The huddle's one page: the agenda (brought up to date while the huddle is still to come),
    the note-taker's record while it runs, and the minutes after."""
    team = queries.team_for(request.user, slug)
    found = queries.huddle_for(request.user, team, huddle_uuid)
    if found.status == Huddle.Status.PLANNED and timezone.now() < found.starts_at:
        services.build_agenda(found)
    return huddle_page(request, team, found)


def _item(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> tuple[Any, Huddle, AgendaItem]:
    team = queries.team_for(request.user, slug)
    found = queries.huddle_for(request.user, team, huddle_uuid)
    item = found.items.select_related("request", "referral", "ask", "action", "huddle__team").filter(
        uuid=item_uuid).first()
    if item is None:
        raise Http404("No such item")
    return team, found, item


@require_POST
@policy.policy("teams.work_in_team")
def item_add(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    team = queries.team_for(request.user, slug)
    found = queries.huddle_for(request.user, team, huddle_uuid)
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        return huddle_page(request, team, found, status=400, item_form=form)
    try:
        services.add_item(acting_user=request.user, huddle=found, title=form.cleaned_data["title"])
    except services.TeamsError as error:
        return huddle_page(request, team, found, status=400, error_message=str(error), item_form=form)
    return redirect(huddle_url(found, "agenda"))


@require_POST
@policy.policy("teams.work_in_team")
def item_remove(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    team, found, item = _item(request, slug, huddle_uuid, item_uuid)
    try:
        services.remove_item(acting_user=request.user, item=item)
    except services.TeamsError as error:
        return huddle_page(request, team, found, status=400, error_message=str(error))
    return redirect(huddle_url(found, "agenda"))


@require_POST
@policy.policy("teams.work_in_team")
def item_move(request: HttpRequest, slug: str, huddle_uuid: Any, item_uuid: Any) -> HttpResponse:
    team, found, item = _item(request, slug, huddle_uuid, item_uuid)
    try:
        services.move_item(acting_user=request.user, item=item, up=request.POST.get("direction") != "down")
    except services.TeamsError as error:
        return huddle_page(request, team, found, status=400, error_message=str(error))
    return redirect(huddle_url(found, f"item-{item.uuid}"))
