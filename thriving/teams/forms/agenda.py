"""The form a member adds their own item to a huddle's agenda with."""

from django import forms

from thriving.core.forms import govuk as forms_govuk


class ItemForm(forms_govuk.Form):
    title = forms.CharField(label="Add an item to the agenda", max_length=250,
                            help_text="No names of residents: use a request's reference",
                            error_messages={"required": "Say what the item is."})
