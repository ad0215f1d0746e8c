"""The form for how the council publishes its grants to 360Giving."""

import re

from django import forms

from thriving.core.forms import govuk as forms_govuk

PREFIX = re.compile(r"^360G-[A-Za-z0-9_.-]+$")
ORG_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9_.-]+$")


def _text(label: str, max_length: int, what: str, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, error_messages={
        "required": f"Enter {what}",
        "max_length": f"Keep it to {max_length} characters or fewer"}, **kwargs)


class PublishingForm(forms_govuk.Form):
    identifier_prefix = _text("Identifier prefix", 60, "the identifier prefix",
                              help_text="Registered with 360Giving, such as 360G-derbyshirecc")
    funder_identifier = _text("The council's org-id", 60, "the council's org-id", help_text="Such as GB-LAE-DBY")
    funder_name = _text("The council's name, as the funder", 200, "the council's name")
    publisher_name = _text("Publisher", 200, "who publishes the data", help_text="Who publishes the data")
    licence = forms.URLField(
        label="Licence", max_length=200, assume_scheme="https", help_text="The licence's web address", error_messages={
            "required": "Enter the licence's web address", "invalid": "Enter the licence as a web address, starting https://",
            "max_length": "Keep it to 200 characters or fewer"})
    grant_programme = _text("Grant programme", 200, "the grant programme",
                            help_text="The programme the grants are published under")

    def clean_identifier_prefix(self) -> str:
        value = self.cleaned_data["identifier_prefix"].strip()
        if not PREFIX.match(value):
            raise forms.ValidationError("Enter a prefix that starts 360G-, such as 360G-derbyshirecc")
        return value

    def clean_funder_identifier(self) -> str:
        value = self.cleaned_data["funder_identifier"].strip()
        if not ORG_ID.match(value):
            raise forms.ValidationError("Enter an org-id such as GB-LAE-DBY or GB-CHC-1234567")
        return value
