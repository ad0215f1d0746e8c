"""The filters of the outcomes across people: locality, connected team, the months the coaching
started in, and what the table breaks the figures down by."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thriving.coaching.queries.outcomes import BREAKDOWNS, Filters
from thriving.core.forms.govuk import Form
from thriving.places import queries as places
from thriving.teams.queries import teams as team_queries

MONTHS_OFFERED = 60


def _months(today: datetime.date) -> list[tuple[str, str]]:
    found, month = [], today.replace(day=1)
    for _ in range(MONTHS_OFFERED):
        found.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return found


class OutcomesFilterForm(Form):
    """Which coaching to count. Every field may be left as it is."""

    use_required_attribute = False
    mark_optional = False  # a filter: every field is optional

    locality = forms.ChoiceField(label="Locality", required=False)
    team = forms.ChoiceField(label="Connected team", required=False)
    started_from = forms.ChoiceField(label="Started from", required=False, help_text="The first month counted")
    started_to = forms.ChoiceField(label="Started up to", required=False, help_text="The last month counted")
    breakdown = forms.ChoiceField(label="Break the figures down by", required=False,
                                  choices=list(BREAKDOWNS.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locality_ids = {}
        localities = [("", "All localities")]
        for pk, slug, name in places.localities().values_list("pk", "slug", "name"):
            self.locality_ids[slug] = pk
            localities.append((slug, name))
        self.team_ids = {}
        teams = [("", "All connected teams")]
        for pk, slug, name in team_queries.active_teams().values_list("pk", "slug", "name"):
            self.team_ids[slug] = pk
            teams.append((slug, name))
        months = _months(timezone.localdate())
        self.fields["locality"].choices = localities
        self.fields["team"].choices = teams
        self.fields["started_from"].choices = [("", "Any month"), *reversed(months)]
        self.fields["started_to"].choices = [("", "Any month"), *months]
        messages = {"locality": "Choose a locality from the list", "team": "Choose a connected team from the list",
                    "started_from": "Choose the first month from the list",
                    "started_to": "Choose the last month from the list",
                    "breakdown": "Choose what to break the figures down by"}
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        """A select's options as (value, label, selected), for a template that writes them itself
        (much quicker than the widget's template for each option)."""
        chosen = str(self.data.get(name, "") if self.is_bound else "")
        return [(str(value), str(label), str(value) == chosen) for value, label in self.fields[name].choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("started_from"), cleaned.get("started_to")
        if start and end and start > end:
            self.add_error("started_to", "The last month must be the same as or after the first month")
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data

        def month(value: str) -> datetime.date | None:
            return datetime.date.fromisoformat(f"{value}-01") if value else None

        return Filters(
            locality_id=self.locality_ids.get(data.get("locality") or ""),
            team_id=self.team_ids.get(data.get("team") or ""),
            started_from=month(data.get("started_from") or ""),
            started_to=month(data.get("started_to") or ""),
            breakdown=data.get("breakdown") or "locality",
        )
