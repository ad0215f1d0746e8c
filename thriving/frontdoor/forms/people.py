"""Forms for people: searching, a person's details, consent, safeguarding notes and merging."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thriving.core.forms import govuk as forms_govuk
from thriving.frontdoor.forms.common import ContactChecks, Form, GovukDateField, NameChecks, text_field
from thriving.frontdoor.models import Consent, ContactMethod

# --- Search ------------------------------------------------------------------------------------------


class PersonSearchForm(forms_govuk.Form):
    q = forms.CharField(
        label="Name, phone, email or postcode", required=False, max_length=200,
        help_text="For example, Jane Smith, 07700 900982, jane@example.com or DE7 8QA",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    dob = forms.DateField(
        label="Date of birth", required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date of birth, like 1980-03-27"},
    )

    def clean_dob(self) -> datetime.date | None:
        found = self.cleaned_data.get("dob")
        if found and found > timezone.localdate():
            raise ValidationError("Date of birth must be in the past")
        return found


# --- A person's details ------------------------------------------------------------------------------


class PersonDetailsForm(NameChecks, ContactChecks, Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    given_name = text_field("Given name", required=True, autocomplete="off", message="Enter their given name")
    family_name = text_field("Family name", autocomplete="off")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = text_field("Postcode", max_length=10, width="10", help_text="For example, DE7 8QA")
    address = text_field("Address", max_length=300)
    phone = text_field("Phone", max_length=30, width="20", help_text="For example, 07700 900 982")
    email = text_field("Email", max_length=254, help_text="For example, name@example.com")
    preferred_contact = forms.ChoiceField(
        label="How they would like to be contacted", required=False,
        choices=[("", "No preference"), *ContactMethod.choices], widget=forms.Select,
    )
    contact_times = text_field("When it is best to get in touch", max_length=200)
    contact_notes = text_field("Anything to know when getting in touch", max_length=300,
                          help_text="Such as: do not leave voicemail")
    language = text_field("Language", max_length=50, width="20", help_text="If not English")

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_contact_method()
        return cleaned

    def details(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) if name == "date_of_birth" else (data.get(name) or "")
                for name in ("given_name", "family_name", "date_of_birth", "postcode", "address", "phone",
                             "email", "preferred_contact", "contact_times", "contact_notes", "language")}


# --- Consent -----------------------------------------------------------------------------------------


class ConsentForm(Form):
    scope = forms.ChoiceField(label="What they agreed to", choices=Consent.Scope.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose what they agreed to"})
    method = forms.ChoiceField(
        label="How they agreed",
        choices=[(value, label) for value, label in Consent.Method.choices
                 if value not in (Consent.Method.ONLINE, Consent.Method.ONLINE_ON_BEHALF)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they agreed"},
    )
    statement = forms.CharField(label="The words they agreed to", widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=2000, error_messages={"required": "Enter the words they agreed to"})
    given_on = GovukDateField(label="When they agreed", required=True, help_text="For example, 27 3 2026")

    def given_at(self) -> datetime.datetime:
        day = self.cleaned_data["given_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class WithdrawConsentForm(forms_govuk.Form):
    note = forms.CharField(label="Why, or how they told you", required=False, max_length=300)


# --- Safeguarding notes ------------------------------------------------------------------------------


class SafeguardingNoteForm(forms_govuk.Form):
    text = forms.CharField(label="Safeguarding note", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                           error_messages={"required": "Enter the note"})


# --- Merging -----------------------------------------------------------------------------------------


class MergeForm(forms_govuk.Form):
    keep = forms.ChoiceField(label="Which record to keep", widget=forms.RadioSelect,
                             error_messages={"required": "Choose which record to keep"})
    this_version = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = choices


