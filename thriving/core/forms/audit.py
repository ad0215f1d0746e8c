"""Searching the audit trail (and exporting what a search finds)."""

from typing import Any

from django import forms

from thriving.core.forms.filters import FilterForm, choices
from thriving.core.models import AuditEvent


class AuditFilterForm(FilterForm):
    q = forms.CharField(
        label="Search",
        max_length=200,
        required=False,
        help_text="Words in who did it, what it was about, whose data it was, or the event",
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=choices("Any action", AuditEvent.Action.choices)
    )
    actor = forms.CharField(
        label="Who did it",
        max_length=254,
        required=False,
        help_text="Their whole email address",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    subject = forms.CharField(
        label="Whose data it was",
        max_length=200,
        required=False,
        help_text="Their whole email address or reference",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'from' date"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'to' date"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned

    def describe(self) -> str:
        """The filters in words, for the record of an export."""
        labels = {name: field.label for name, field in self.fields.items()}
        given = [f"{labels[name]}: {value}" for name, value in self.cleaned_data.items() if value]
        return "; ".join(given) or "everything"
