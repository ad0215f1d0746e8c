"""What the forms of connected teams share: date, time and number inputs, and the version a change
is made against."""

from django import forms

from thriving.core.forms import govuk as forms_govuk

DATE = {"widget": forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        "input_formats": ["%Y-%m-%d", "%d/%m/%Y"]}
TIME = {"widget": forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M")}
NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})


class VersionForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
