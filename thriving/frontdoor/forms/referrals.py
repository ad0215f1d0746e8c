"""Forms for an organisation's referrals: accepting, declining and completing one, and its settings."""

from typing import Any

from django import forms

from thriving.core.forms import govuk as forms_govuk
from thriving.frontdoor.models import Referral


class AcceptForm(forms_govuk.Form):
    prefix = "accept"

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms_govuk.Form):
    prefix = "decline"

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label="Why are you declining it?", choices=Referral.DeclineReason.choices,
                               widget=forms.RadioSelect, error_messages={"required": "Choose why you are declining it"})
    note = forms.CharField(label="More detail", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text="Needed for another reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == Referral.DeclineReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Say why you are declining the referral")
        return data


class CompleteForm(forms_govuk.Form):
    prefix = "complete"

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="What happened?", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Say what happened"})


class ReferralSettingsForm(forms_govuk.Form):
    response_working_days = forms.IntegerField(
        label="Working days to answer a referral", min_value=1, max_value=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        help_text="After this many working days without an answer, your organisation and the referrer are reminded",
        error_messages={"required": "Enter the number of working days", "invalid": "Enter a whole number, like 2",
                        "min_value": "It must be 1 working day or more",
                        "max_value": "It must be 20 working days or fewer"},
    )
    notify_email = forms.EmailField(
        label="Team email address (optional)", required=False,
        help_text="New referrals and reminders also go here, as well as to your organisation's staff",
        error_messages={"invalid": "Enter an email address in the correct format, like team@example.org"},
    )
