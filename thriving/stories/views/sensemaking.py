"""Sense-making: patterns across a project's signifiers over the approved stories the person may
see, filtered by place, theme and the months they were told in (a GET form, so every view of the
figures can be bookmarked), and the same tables as a CSV download (audited as an export). Small
numbers are withheld (`queries.sensemaking`)."""

import calendar
import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.core import audit
from thriving.core.access import get_visible_or_404
from thriving.core.exports import csv_response
from thriving.core.forms.filters import FilterForm
from thriving.core.policy import policy
from thriving.core.views.helpers import htmx_partial
from thriving.stories.models import StoryProject
from thriving.stories.queries import sensemaking as queries

MONTHS_OFFERED = 120


def _months(project: StoryProject) -> list[tuple[str, str]]:
    """The months from the project's opening to its close (or this month), newest first."""
    last = min(project.closes_on or timezone.localdate(), timezone.localdate()).replace(day=1)
    first = min(project.opens_on, last).replace(day=1)
    found, month = [], last
    while month >= first and len(found) < MONTHS_OFFERED:
        found.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return found


class PatternsForm(FilterForm):
    """Which stories to count and what a dyad's figures are grouped by. Every field may be left as it is."""

    place = forms.ChoiceField(label="Place", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    told_from = forms.ChoiceField(label="Told from", required=False, help_text="The first month counted")
    told_to = forms.ChoiceField(label="Told up to", required=False, help_text="The last month counted")
    by = forms.ChoiceField(label="Group the sliders' positions by", required=False)

    def __init__(self, *args: Any, project: StoryProject, chosen: queries.Options, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area_ids = {area.code: area.pk for area in chosen.areas}
        self.theme_ids = {str(theme.uuid): theme.pk for theme in chosen.themes}
        names = {area.code: area.name for area in chosen.areas}
        labels = {str(theme.uuid): theme.label for theme in chosen.themes}
        months = _months(project)
        self.fields["place"].choices = [("", "Every place"), *names.items()]
        self.fields["theme"].choices = [("", "Every theme"), *labels.items()]
        self.fields["told_from"].choices = [("", "Any month"), *reversed(months)]
        self.fields["told_to"].choices = [("", "Any month"), *months]
        self.fields["by"].choices = queries.groupings(chosen.signifiers)
        messages = {"place": "Choose a place from the list", "theme": "Choose a theme from the list",
                    "told_from": "Choose the first month from the list",
                    "told_to": "Choose the last month from the list",
                    "by": "Choose what to group the sliders' positions by"}
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("told_from"), cleaned.get("told_to")
        if start and end and start > end:
            self.add_error("told_to", "The last month must be the same as or after the first month")
        return cleaned

    def filters(self) -> queries.Filters:
        data = self.cleaned_data
        told_from = datetime.date.fromisoformat(f"{data['told_from']}-01") if data.get("told_from") else None
        told_to = None
        if data.get("told_to"):
            year, month = (int(part) for part in data["told_to"].split("-"))
            told_to = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return queries.Filters(area=self.area_ids.get(data.get("place") or ""),
                               theme=self.theme_ids.get(data.get("theme") or ""),
                               told_from=told_from, told_to=told_to, by=data.get("by") or "place")


# ---------------------------------------------------------------------------------------------
# The CSV download: the same tables as the page, one row per signifier and table row, with the
# same small numbers withheld

CSV_COLUMNS = ["signifier", "kind", "table", "row", "stories", "mean", "mean_2", "mean_3", "median"]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _count(figure: queries.Figure | None) -> str:
    return queries.NOT_STATED if figure is None else figure.text


def csv_rows(found: queries.Patterns) -> list[list[str]]:
    rows: list[list[str]] = []
    for figures in found.signifiers:
        key, kind = figures.signifier.key, figures.signifier.kind
        if isinstance(figures, queries.TriadFigures):
            rows += [[key, kind, "region", name, figure.text, "", "", "", ""] for name, figure in figures.regions]
            mean = figures.mean or (None, None, None)
            rows.append([key, kind, "all", "All stories", _count(figures.total), *map(_number, mean), ""])
        elif isinstance(figures, queries.DyadFigures):
            rows += [[key, kind, "position", name, figure.text, "", "", "", ""] for name, figure in figures.bins]
            rows.append([key, kind, "all", "All stories", _count(figures.total), _number(figures.mean), "", "",
                         _number(figures.median)])
            rows += [[key, kind, f"by {found.by_label.lower()}", g.label, g.count.text, _number(g.mean), "", "",
                      _number(g.median)] for g in figures.groups]
        elif isinstance(figures, queries.StonesFigures):
            rows += [[key, kind, "item", i.label, i.count.text, _number(i.across), _number(i.up), "", ""]
                     for i in figures.items]
        else:
            rows += [[key, kind, "option", name, figure.text, "", "", "", ""] for name, figure in figures.options]
            if figures.total is not None or not figures.signifier.allow_many:
                rows.append([key, kind, "all", "All stories", _count(figures.total), "", "", "", ""])
    return rows


def _read(request: HttpRequest, slug: str) -> tuple[StoryProject, PatternsForm, queries.Patterns | None]:
    project = get_visible_or_404(StoryProject.objects.select_related("locality"), request.user, slug=slug)
    chosen = queries.options(request.user, project)
    form = PatternsForm(request.GET, project=project, chosen=chosen)
    if not form.is_valid():
        return project, form, None
    return project, form, queries.patterns(request.user, project, form.filters(), chosen)


@require_GET
@policy("stories.view_project")
def sensemaking(request: HttpRequest, slug: str) -> HttpResponse:
    """The patterns page: a chart and a table for each signifier; htmx asks for the results only."""
    project, form, found = _read(request, slug)
    context = {"project": project, "form": form, "patterns": found, "query": request.GET.urlencode(),
               "threshold": queries.THRESHOLD, "fewer": queries.FEWER, "forms_in_error": [form] if form.errors else []}
    return htmx_partial(request, "stories/sensemaking/page.html", "stories/sensemaking/_body.html", context,
                        status=200 if found is not None else 400)


@require_GET
@policy("stories.view_project")
def sensemaking_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The page's tables as a CSV file, with the same small numbers withheld."""
    project, form, found = _read(request, slug)
    if found is None:
        return render(request, "stories/sensemaking/page.html", {
            "project": project, "form": form, "patterns": None, "forms_in_error": [form]}, status=400)
    audit.record(request.user, "stories.patterns.exported", project, action=audit.Action.EXPORTED,
                 purpose="Patterns across signifiers download (counts only, small numbers withheld)")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return csv_response(f"{project.slug}-patterns-{stamp}.csv", CSV_COLUMNS, csv_rows(found),
                        bom=True)
