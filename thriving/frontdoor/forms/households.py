"""Forms for a person's household: adding someone who lives with them, linking an existing record."""

from django import forms

from thriving.core.forms import govuk as forms_govuk
from thriving.frontdoor.forms.common import Form, GovukDateField, NameChecks, text_field


class HouseholdMemberForm(NameChecks, Form):
    given_name = text_field("Given name", required=True,
                            message="Enter the given name of the person who lives with them")
    family_name = text_field("Family name")
    relationship = text_field("Relationship", max_length=50, width="20", help_text="Such as: partner, son, carer")
    date_of_birth = GovukDateField(label="Date of birth", required=False)


class LinkMemberForm(forms_govuk.Form):
    member = forms.UUIDField(widget=forms.HiddenInput, error_messages={"required": "Choose the person to add"})
    relationship = text_field("Relationship", max_length=50, width="20", help_text="Such as: partner, son, carer")
