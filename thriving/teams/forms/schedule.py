"""Forms for a team's huddle schedule: a repeating series, changing it, and a one-off huddle (or
moving one). Every mistake is reported at once and what was typed is kept."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thriving.core.forms import govuk as forms_govuk
from thriving.directory.queries import public as directory_queries
from thriving.teams.forms.common import DATE, NUMBER, TIME
from thriving.teams.models import HuddleSeries


class SeriesForm(forms_govuk.Form):
    first_on = forms.DateField(label="Date of the first huddle", **DATE,
                               error_messages={"required": "Enter the date of the first huddle.",
                                               "invalid": "Enter a real date."})
    starts_at = forms.TimeField(label="Start time", **TIME,
                                error_messages={"required": "Enter the start time.", "invalid": "Enter a real time."})
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480, initial=60, widget=NUMBER)
    every = forms.TypedChoiceField(label="How often", choices=HuddleSeries.Every.choices, coerce=int,
                                   widget=forms.RadioSelect, initial=HuddleSeries.Every.WEEK)
    until = forms.DateField(label="Last date", required=False, help_text="Leave empty to keep going", **DATE)
    place = forms.ModelChoiceField(label="Space & Place", required=False, empty_label="Not a Space & Place",
                                   queryset=directory_queries.locations_by_name())
    place_text = forms.CharField(label="Or where, in words", required=False, max_length=200,
                                 help_text="For example, Online")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first_on, until = data.get("first_on"), data.get("until")
        if first_on and first_on < timezone.localdate():
            self.add_error("first_on", "The first huddle must be today or later.")
        if first_on and until and until < first_on:
            self.add_error("until", "The last date must be on or after the first huddle.")
        return data


class SeriesChangeForm(SeriesForm):
    """Changing a repeating huddle: everything but the date it began, against the version shown."""

    first_on = None
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, first_on: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first_on = first_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        until = data.get("until")
        if until and until < self.first_on:
            self.add_error("until", f"The last date must be on or after the first huddle ({self.first_on:%-d %B %Y}).")
        return data


class HuddleForm(forms_govuk.Form):
    """A one-off huddle, or moving one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(label="Date", **DATE, error_messages={"required": "Enter the date of the huddle.",
                                                               "invalid": "Enter a real date."})
    starts_at = forms.TimeField(label="Start time", **TIME,
                                error_messages={"required": "Enter the start time.", "invalid": "Enter a real time."})
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480, initial=60, widget=NUMBER)
    place = forms.ModelChoiceField(label="Space & Place", required=False, empty_label="Not a Space & Place",
                                   queryset=directory_queries.locations_by_name())
    place_text = forms.CharField(label="Or where, in words", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("on") and data.get("starts_at"):
            data["start"] = timezone.make_aware(datetime.datetime.combine(data["on"], data["starts_at"]))
            if data["start"] < timezone.now():
                self.add_error("on", "The huddle must start in the future.")
        return data
