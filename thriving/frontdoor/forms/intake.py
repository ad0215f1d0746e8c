"""The staff intake form: a worker takes a request for someone, with how they agreed to share."""

import uuid
from typing import Any

from django import forms

from thriving.core.cleaning import clean_name
from thriving.core.forms.govuk import GroupedCheckboxes
from thriving.directory.queries import needs as needs_index
from thriving.frontdoor.forms.common import (
    ContactChecks,
    Form,
    GovukDateField,
    NameChecks,
    NeedGroups,
    grouped_needs,
    text_field,
)
from thriving.frontdoor.models import Consent, ContactMethod, HelpRequest

NOT_GIVEN = "none"
CONSENT_CHOICES = [
    (Consent.Method.PHONE, "Spoken, on the phone"),
    (Consent.Method.IN_PERSON, "Spoken, in person"),
    (Consent.Method.WRITTEN, "In writing"),
    (NOT_GIVEN, "Not given: they did not agree, or were not asked"),
]
CHANNEL_CHOICES = [
    (HelpRequest.Channel.PHONE, "Phone"),
    (HelpRequest.Channel.IN_PERSON, "In person"),
    (HelpRequest.Channel.EMAIL, "Email"),
    (HelpRequest.Channel.PARTNER, "From a partner organisation"),
]


def need_choices() -> NeedGroups:
    """The council's own needs, grouped under their top-level need, for checkboxes."""
    return grouped_needs([root for root in needs_index.tree() if root.taxonomy == needs_index.THRIVING_NEEDS])


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class IntakeForm(NameChecks, ContactChecks, Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    given_name = text_field("Given name", required=True, autocomplete="off", message="Enter the person's given name")
    family_name = text_field("Family name", autocomplete="off")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = text_field("Postcode", max_length=10, width="10", help_text="For example, DE7 8QA")
    phone = text_field("Phone", max_length=30, width="20", help_text="For example, 07700 900 982")
    email = text_field("Email", max_length=254, help_text="For example, name@example.com")
    preferred_contact = forms.ChoiceField(label="How they would like to be contacted", required=False,
                                          choices=ContactMethod.choices, widget=forms.RadioSelect)
    contact_times = text_field("When it is best to get in touch", max_length=200,
                               help_text="For example, weekday mornings")
    description = forms.CharField(
        label="What is going on", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text="In the person's own words, as far as you can",
        error_messages={"required": "Enter what is going on", "max_length": "What is going on must be 5,000 "
                        "characters or fewer"},
    )
    needs = forms.MultipleChoiceField(label="What they need help with", required=False,
                                      widget=GroupedCheckboxes,
                                      error_messages={"invalid_choice": "Choose needs from the list"})
    channel = forms.ChoiceField(label="How they asked", choices=CHANNEL_CHOICES, widget=forms.RadioSelect,
                                error_messages={"required": "Choose how they asked"})
    asked_by = forms.ChoiceField(label="Who asked", choices=HelpRequest.Asker.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose who asked"})
    asker_name = text_field("Name of the person who asked", max_length=200,
                       help_text="If someone asked for them")
    asker_contact = text_field("How to contact the person who asked", max_length=200)
    asker_relationship = text_field("Their relationship to the person", max_length=100, width="20")
    immediate_risk = forms.BooleanField(label="Someone is at immediate risk of harm", required=False,
                                        help_text="The request will be marked urgent")
    consent = forms.ChoiceField(label="How they agreed to share their details with organisations that can help",
                                choices=CONSENT_CHOICES, widget=forms.RadioSelect,
                                error_messages={"required": "Choose how they agreed to share their details, "
                                                "or that they did not"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = need_choices()
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        elif not _is_uuid(self.data.get("submission_key", "")):
            # A form sent without its key (or with a spoilt one) gets a fresh key, not an error to fix.
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())

    def clean_asker_name(self) -> str:
        return clean_name(self.cleaned_data.get("asker_name", ""),
                          message="Enter the name of the person who asked using letters")

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_contact_method()
        if cleaned.get("asked_by") == HelpRequest.Asker.SOMEONE_ELSE:
            if not cleaned.get("asker_name") and "asker_name" not in self.errors:
                self.add_error("asker_name", "Enter the name of the person who asked")
            if not cleaned.get("asker_contact") and "asker_contact" not in self.errors:
                self.add_error("asker_contact", "Enter how to contact the person who asked")
        return cleaned

    def person_details(self) -> dict:
        data = self.cleaned_data
        return {
            "given_name": data["given_name"],
            "family_name": data.get("family_name", ""),
            "date_of_birth": data.get("date_of_birth"),
            "postcode": data.get("postcode", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "preferred_contact": data.get("preferred_contact", ""),
            "contact_times": data.get("contact_times", ""),
        }

    def need_ids(self) -> list[int]:
        index = needs_index.index()
        return [index.by_uuid[value].id for value in self.cleaned_data.get("needs", []) if value in index.by_uuid]

    def consent_method(self) -> str:
        value = self.cleaned_data.get("consent", "")
        return "" if value == NOT_GIVEN else value
