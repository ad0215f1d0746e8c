"""The organisation list's filters, and adding or changing an organisation."""

import re
from typing import Any

from django import forms

from thriving.core.forms.filters import FilterForm, choices
from thriving.core.forms.govuk import ModelForm
from thriving.core.models import Organisation
from thriving.places import queries as places


class OrganisationFilterForm(FilterForm):
    q = forms.CharField(label="Name", max_length=200, required=False)
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=choices("Any sector", [("council", "Council"), ("partner", "Partner"), ("community", "Community")]),
    )
    type = forms.ChoiceField(label="Type", required=False, choices=choices("Any type", Organisation.Type.choices))
    locality = forms.ModelChoiceField(
        label="Locality", required=False, queryset=places.localities(), to_field_name="slug", empty_label="Any locality"
    )


PHONE = re.compile(r"^\+?[0-9 ()-]{6,30}$")
CHARITY_NUMBER_MESSAGE = "Enter a charity number like 1234567, or SC012345 in Scotland"
COMPANY_NUMBER_MESSAGE = "Enter a company number of 8 characters, like 01234567 or SC123456"


class OrganisationForm(ModelForm):
    """Add or change an organisation. `version` is the one the person opened, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Longer than the saved numbers, so that spaces people type can be taken out before checking.
    charity_number = forms.CharField(
        label="Registered charity number",
        required=False,
        max_length=20,
        help_text="For example, 1234567, or SC012345 in Scotland",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"max_length": CHARITY_NUMBER_MESSAGE},
    )
    company_number = forms.CharField(
        label="Company number",
        required=False,
        max_length=20,
        help_text="8 characters, for example 01234567 or SC123456",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"max_length": COMPANY_NUMBER_MESSAGE},
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="For example, https://www.example.org",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.org",
            "max_length": "Website must be 200 characters or fewer",
        },
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "description",
            "charity_number",
            "company_number",
            "website",
            "email",
            "phone",
            "localities",
        ]
        labels = {
            "name": "Name",
            "type": "Type of organisation",
            "description": "What the organisation does",
            "email": "Contact email address",
            "phone": "Contact telephone number",
            "localities": "Localities it works in",
        }
        help_texts = {
            "phone": "For example, 01332 123456",
            "localities": "Select all that apply",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
            "localities": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": "Enter the organisation's name", "max_length": "Name must be 200 characters or fewer"},
            "type": {"required": "Choose the type of organisation", "invalid_choice": "Choose a type from the list"},
            "description": {"max_length": "What the organisation does must be 5,000 characters or fewer"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "max_length": "Email address must be 254 characters or fewer",
            },
            "phone": {"max_length": "Telephone number must be 30 characters or fewer"},
            "localities": {
                "invalid_choice": "Choose localities from the list",
                "invalid_pk_value": "Choose localities from the list",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = choices("Choose a type", Organisation.Type.choices)
        self.fields["localities"].queryset = places.localities()

    def _compact(self, name: str, message: str) -> str:
        """Without spaces and in capitals; the model's own validators check the rest."""
        value = "".join(self.cleaned_data[name].split()).upper()
        if len(value) > Organisation._meta.get_field(name).max_length:
            raise forms.ValidationError(message)
        return value

    def clean_charity_number(self) -> str:
        return self._compact("charity_number", CHARITY_NUMBER_MESSAGE)

    def clean_company_number(self) -> str:
        return self._compact("company_number", COMPANY_NUMBER_MESSAGE)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a telephone number, like 01332 123456 or +44 1332 123456")
        return phone

    def organisation_fields(self) -> dict[str, Any]:
        """What the person typed, as the keyword arguments of the organisation services."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def differences_from(self, organisation: Organisation) -> list[tuple[str, str]]:
        """Fields where the organisation as saved now differs from what the person typed, with the
        saved value, to show after someone else changed it."""
        found = []
        for name in self._meta.fields:
            typed = self.cleaned_data.get(name)
            if name == "localities":
                saved = {locality.pk for locality in organisation.localities.all()}
                if saved != {locality.pk for locality in typed or []}:
                    found.append((self.fields[name].label, ", ".join(str(x) for x in organisation.localities.all())))
                continue
            saved = getattr(organisation, name)
            if saved != typed:
                shown = organisation.get_type_display() if name == "type" else saved
                found.append((self.fields[name].label, str(shown) or "Not given"))
        return found
