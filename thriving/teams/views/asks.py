"""Asks to enablers: a team makes an ask; the enabler's queue; an ask's page with its history and
the answer forms; and the report of asks across teams (counts only, with a CSV download)."""

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thriving.core import audit, charts
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.exports import csv_response
from thriving.core.policy import policy
from thriving.core.queries import page_of
from thriving.core.site import site_url
from thriving.core.views.helpers import answer
from thriving.teams.forms import asks as forms
from thriving.teams.models import Ask, Team
from thriving.teams.queries import asks as queries
from thriving.teams.services import asks as services

PER_PAGE = 25


def team_link(team: Team) -> str:
    """The team's page, if the teams part of the site has one yet; otherwise its asks."""
    try:
        return reverse("teams:team", kwargs={"slug": team.slug})
    except NoReverseMatch:
        return reverse("teams:team-asks", kwargs={"slug": team.slug})


@policy("teams.work_in_team")
def ask_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A member of the team puts an ask to one of its enablers."""
    team = get_visible_or_404(Team.objects.select_related("locality"), request.user, "ask", slug=slug)
    form = forms.AskForm(request.POST or None, team=team, initial={"huddle": request.GET.get("huddle", "")})
    error_message, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ask = services.make_ask(acting_user=request.user, team=team, kind=data["kind"], theme=data["theme"],
                                             title=data["title"], detail=data["detail"], enabler=data["enabler"],
                                             huddle=data["huddle"], site=site_url(request))
            except ActionRefused as error:
                error_message, status = str(error), 400
            else:
                return redirect("teams:ask", uuid=ask.uuid)
        else:
            status = 400
    has_enablers = queries.team_enablers(team).exists()
    return render(request, "teams/asks/new.html", {
        "team": team, "form": form, "team_url": team_link(team), "has_enablers": has_enablers,
        "error_message": error_message, "forms_in_error": [form] if form.is_bound and form.errors else [],
    }, status=status)


@policy("teams.view_teams")
def team_asks(request: HttpRequest, slug: str) -> HttpResponse:
    """Every ask the team has made, newest first, for its members and enablers."""
    team = get_visible_or_404(Team.objects.select_related("locality"), request.user, "view_asks", slug=slug)
    page = page_of(queries.team_asks(team), request.GET.get("page"), PER_PAGE)
    return render(request, "teams/asks/team.html", {
        "team": team, "page_obj": page, "rows": list(page.object_list), "team_url": team_link(team),
        "may_ask": queries.is_asking_member(request.user, team) and team.archived_at is None,
        "now": timezone.now(),
    })


@policy("teams.answer_asks")
def queue(request: HttpRequest) -> HttpResponse:
    """The enabler's asks: those awaiting their answer (the longest overdue first), then those answered."""
    awaiting = list(queries.awaiting_me(request.user))
    page = page_of(queries.answered_by_me(request.user), request.GET.get("page"), PER_PAGE)
    return render(request, "teams/asks/queue.html", {
        "awaiting": awaiting, "page_obj": page, "answered": list(page.object_list), "now": timezone.now(),
    })


def _page(request: HttpRequest, ask: Ask, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    may_answer = services.may_answer(user, ask)
    version = {"version": ask.version}
    answer_forms = {
        "grant_form": extra.get("grant_form") or forms.GrantForm(initial=version),
        "decline_form": extra.get("decline_form") or forms.DeclineForm(initial=version),
        "escalate_form": extra.get("escalate_form") or (
            forms.EscalateForm(initial=version, user=user) if may_answer else None),
        "withdraw_form": extra.get("withdraw_form") or forms.WithdrawForm(initial=version),
    }
    return render(request, "teams/asks/ask.html", {
        "ask": ask, "events": queries.history(ask), "team_url": team_link(ask.team), "now": timezone.now(),
        "may_answer": may_answer, "may_withdraw": services.may_withdraw(user, ask),
        "forms_in_error": [f for f in answer_forms.values() if f is not None and f.is_bound and f.errors],
        "error_message": extra.get("error_message", ""), "unsaved": extra.get("unsaved", ""), **answer_forms,
    }, status=status)


@require_GET
@policy("teams.view_teams")
def ask_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _page(request, get_visible_or_404(queries.asks(), request.user, uuid=uuid))


def _act(request: HttpRequest, uuid: Any, form_class: type, key: str, act: Any, **form_kwargs: Any) -> HttpResponse:
    """Check the form and make the change (`answer`): a mistake shows the page again (400); a
    refusal, or someone else changing the ask first (409), shows the ask as it is now with what was
    typed, the form set to the version there now so that a second try applies to it."""
    ask = get_visible_or_404(queries.asks(), request.user, uuid=uuid)

    def page(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        if not error_message:
            return _page(request, ask, status=status, **{key: form})
        ask.refresh_from_db()
        data = request.POST.copy()
        data[f"{form.prefix}-version"] = str(ask.version)  # a second try is made against what is there now
        kept = form_class(data, **form_kwargs)
        typed = " ".join(str(v) for name, v in form.cleaned_data.items() if name in {"note", "reason"} and v)
        return _page(request, ask, status=status, error_message=error_message,
                     unsaved=typed if ask.status not in queries.OPEN else "", **{key: kept})

    return answer(form_class(request.POST, **form_kwargs), lambda data: act(ask, data), page=page,
                  done=lambda _: redirect("teams:ask", uuid=ask.uuid))


@require_POST
@policy("teams.answer_asks")
def grant(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.GrantForm, "grant_form", lambda a, d: services.grant(
        a, acting_user=request.user, version=d["version"], note=d["note"]))


@require_POST
@policy("teams.answer_asks")
def decline(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.DeclineForm, "decline_form", lambda a, d: services.decline(
        a, acting_user=request.user, version=d["version"], reason=d["reason"]))


@require_POST
@policy("teams.answer_asks")
def escalate(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.EscalateForm, "escalate_form", lambda a, d: services.escalate(
        a, acting_user=request.user, version=d["version"], to=d["to"], note=d["note"],
        due_by=forms.EscalateForm.due_by_for(d["due_on"]), site=site_url(request)), user=request.user)


@require_POST
@policy("teams.work_in_team")
def withdraw(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _act(request, uuid, forms.WithdrawForm, "withdraw_form", lambda a, d: services.withdraw(
        a, acting_user=request.user, version=d["version"], reason=d["reason"]))


# --- The report across teams ---


def _filter_form(request: HttpRequest) -> forms.ReportFilterForm:
    """The filters as given, with the default period filled in so the date inputs show it."""
    data = request.GET.copy()
    for name, value in zip(("date_from", "date_to"), forms.default_period(), strict=True):
        if not data.get(name):
            data[name] = value.isoformat()
    return forms.ReportFilterForm(data)


def _charts(found: queries.Report) -> dict[str, charts.Chart]:
    by_theme = [(row.label, row.total) for row in found.rows]
    by_outcome = [(label, total) for (_, label), total in zip(queries.OUTCOMES, found.outcome_totals, strict=True)]
    top = sorted((r for r in found.rows if r.total), key=lambda r: -r.total)[:3]
    return {
        "themes": charts.bars(
            "chart-themes", "Asks by theme",
            f"{found.total:,} asks; " + ("; ".join(f"{r.label}: {r.total:,}" for r in top) or "none") + ".",
            by_theme, label_width=220,
        ),
        "outcomes": charts.bars(
            "chart-outcomes", "Asks by outcome",
            "; ".join(f"{label}: {count:,}" for label, count in by_outcome) + ".",
            by_outcome, colour=charts.GREEN, label_width=220,
        ),
    }


def _options(form: forms.ReportFilterForm, name: str) -> list[tuple[str, str, bool]]:
    chosen = str(form.data.get(name, ""))
    field = form.fields[name]
    if name in {"locality", "team"}:
        empty = "All localities" if name == "locality" else "All teams"
        pairs = [("", empty), *field.queryset.values_list("slug", "name")]  # type: ignore[attr-defined]
    else:
        pairs = list(field.choices)  # type: ignore[attr-defined]
    return [(str(value), label, str(value) == chosen) for value, label in pairs]


def _report_context(form: forms.ReportFilterForm) -> dict[str, Any]:
    return {"form": form, **{f"{name}_options": _options(form, name) for name in ("locality", "team", "theme", "kind")}}


@require_GET
@policy("teams.asks_report")
def report(request: HttpRequest) -> HttpResponse:
    """All asks across teams by theme and outcome, so partners can see where the system gets in the way."""
    form = _filter_form(request)
    if not form.is_valid():
        return render(request, "teams/asks/report.html", _report_context(form), status=400)
    found = queries.report(request.user, form.filters())
    return render(request, "teams/asks/report.html", {
        **_report_context(form), "report": found, "charts": _charts(found), "outcomes": queries.OUTCOMES,
        "query": request.GET.urlencode(), "now": timezone.now(),
    })


CSV_COLUMNS = ["team", "locality", "kind", "theme", "title", "outcome", "enabler", "asked_on", "due_by",
               "answered_on", "days_to_answer", "overdue"]


def _csv_rows(user: Any, filters: queries.ReportFilters) -> list[list[Any]]:
    now = timezone.now()
    rows = []
    for ask in queries.report_asks(user, filters).select_related("team", "team__locality", "enabler").order_by(
        "created_at", "id"
    ):
        answered = ask.answered_at if ask.status in queries.ANSWERED else None
        rows.append([
            ask.team.name, ask.team.locality.name, ask.get_kind_display(), ask.get_theme_display(), ask.title,
            ask.get_status_display(), ask.enabler.full_name or ask.enabler.email,
            timezone.localtime(ask.created_at).date().isoformat(), timezone.localtime(ask.due_by).isoformat(),
            timezone.localtime(answered).date().isoformat() if answered else "",
            f"{(answered - ask.created_at).total_seconds() / 86400:.1f}" if answered else "",
            "yes" if ask.status in queries.OPEN and ask.due_by < now else "no",
        ])
    return rows


@require_GET
@policy("teams.asks_report")
def report_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The asks the report counts, one a row (no detail or answer text), as a download; audited."""
    form = _filter_form(request)
    if not form.is_valid():
        return render(request, "teams/asks/report.html", _report_context(form), status=400)
    filters = form.filters()
    rows = _csv_rows(request.user, filters)
    audit.record(request.user, "asks.exported", action=audit.Action.EXPORTED, object_type="teams.ask",
                 object_label=filters.describe(), purpose="Report of asks across teams",
                 changes={"rows": len(rows)})
    return csv_response(f"asks-{filters.start}-to-{filters.end}.csv", CSV_COLUMNS, rows, bom=True)
