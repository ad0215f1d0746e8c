"""The form a member adds their own item to a huddle's agenda with."""

from django import forms

from thriving.core.forms import govuk as forms_govuk


class ItemForm(forms_govuk.Form):
    title = forms.CharField(label="Add an item to the agenda", max_length=250,
                            help_text="No names of residents: use a request's reference",
                            error_messages={"required": "Say what the item is.",
                                            "max_length": "Keep the item to 250 characters or fewer."})
    why = forms.CharField(label="Why it needs the team (optional)", max_length=500, required=False,
                          error_messages={"max_length": "Keep the reason to 500 characters or fewer."})
    decide = forms.CharField(label="What should the team decide? (optional)", max_length=250, required=False,
                             error_messages={"max_length": "Keep it to 250 characters or fewer."})
