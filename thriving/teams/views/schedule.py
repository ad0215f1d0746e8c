"""A team's huddle schedule: the repeating series, changing it, one-off huddles, and moving or
cancelling a huddle. The huddle's own page, with its agenda, is in `agenda`."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.views.helpers import status_of
from thriving.teams.forms import schedule as forms
from thriving.teams.forms.common import VersionForm
from thriving.teams.models import Huddle, HuddleSeries, Team
from thriving.teams.queries import schedule as queries
from thriving.teams.services import schedule as services
from thriving.teams.services.common import TeamsError
from thriving.teams.views.agenda import huddle_of, huddle_page, huddle_url


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
    team = get_visible_or_404(Team, request.user, "work", slug=slug)
    return _schedule_page(request, team)


@require_POST
@policy.policy("teams.work_in_team")
def series_new(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_visible_or_404(Team, request.user, "work", slug=slug)
    form = forms.SeriesForm(request.POST, prefix="series")
    if not form.is_valid():
        return _schedule_page(request, team, 400, series_form=form)
    data = form.cleaned_data
    try:
        services.save_series(acting_user=request.user, team=team, first_on=data["first_on"],
                             starts_at=data["starts_at"], minutes=data["minutes"], every=data["every"],
                             until=data["until"], place=data["place"], place_text=data["place_text"])
    except ActionRefused as error:
        return _schedule_page(request, team, 400, error_message=str(error), series_form=form)
    return redirect("teams:schedule", slug=team.slug)


@require_POST
@policy.policy("teams.work_in_team")
def series_end(request: HttpRequest, slug: str, series_uuid: Any) -> HttpResponse:
    team = get_visible_or_404(Team, request.user, "work", slug=slug)
    series = get_visible_or_404(HuddleSeries, request.user, team=team, uuid=series_uuid, ended_at__isnull=True)
    services.end_series(acting_user=request.user, series=series)
    return redirect("teams:schedule", slug=team.slug)


@policy.policy("teams.work_in_team")
def series_change(request: HttpRequest, slug: str, series_uuid: Any) -> HttpResponse:
    """Change when and where a repeating huddle is; planned huddles not moved by hand follow it."""
    team = get_visible_or_404(Team, request.user, "work", slug=slug)
    series = get_visible_or_404(HuddleSeries.objects.select_related("place"), request.user, team=team,
                                uuid=series_uuid)
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
            except ActionRefused as error:
                error_message = str(error)
                if isinstance(error, Conflict):
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
    team = get_visible_or_404(Team, request.user, "work", slug=slug)
    form = forms.HuddleForm(request.POST, prefix="once")
    if not form.is_valid():
        return _schedule_page(request, team, 400, huddle_form=form)
    data = form.cleaned_data
    try:
        huddle = services.add_huddle(acting_user=request.user, team=team, starts_at=data["start"],
                                     minutes=data["minutes"], place=data["place"], place_text=data["place_text"])
    except ActionRefused as error:
        return _schedule_page(request, team, 400, error_message=str(error), huddle_form=form)
    return redirect(huddle_url(huddle))


@policy.policy("teams.work_in_team")
def huddle_change(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    """Move a planned huddle to another time or place, or cancel it."""
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
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
            except ActionRefused as error:
                error_message = str(error)
                status = status_of(error)
                huddle.refresh_from_db()  # as it is now; the form keeps what was typed
            else:
                return redirect(huddle_url(huddle))
    return render(request, "teams/huddle_change.html", {
        "team": team, "huddle": huddle, "form": form, "error_message": error_message,
        "forms_in_error": [form] if form.errors else [], "cancel_form": VersionForm(
            initial={"version": huddle.version}),
    }, status=status)


@require_POST
@policy.policy("teams.work_in_team")
def huddle_cancel(request: HttpRequest, slug: str, huddle_uuid: Any) -> HttpResponse:
    huddle = huddle_of(request, slug, huddle_uuid)
    team = huddle.team
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise TeamsError("Open the huddle again and try once more.")
        services.cancel_huddle(acting_user=request.user, huddle=huddle, version=form.cleaned_data["version"])
    except ActionRefused as error:
        huddle.refresh_from_db()
        return huddle_page(request, team, huddle, status=status_of(error),
                           error_message=str(error))
    return redirect("teams:schedule", slug=team.slug)
