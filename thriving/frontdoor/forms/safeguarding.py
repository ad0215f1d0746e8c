"""Raising a safeguarding concern on a request."""

from django import forms

from thriving.core.forms import govuk as forms_govuk


class ConcernForm(forms_govuk.Form):
    prefix = "safeguarding"

    text = forms.CharField(
        label="What is the concern?", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who may not be safe, and why. Say what you have already done, such as calling 999.",
        error_messages={"required": "Say what the safeguarding concern is"},
    )
