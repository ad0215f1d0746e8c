"""Forms for actions: adding one (an owner from the team and a due date today or later) and closing
one as done or dropped."""

from typing import Any

from django import forms
from django.utils import timezone

from thriving.core.forms import govuk as forms_govuk
from thriving.teams.forms.common import DATE
from thriving.teams.models import Action


class ActionForm(forms_govuk.Form):
    title = forms.CharField(label="Action", max_length=200, error_messages={"required": "Say what the action is."})
    owner = forms.ChoiceField(label="Owner", error_messages={"required": "Choose who owns the action."})
    due_on = forms.DateField(label="Due date", **DATE, error_messages={
        "required": "Enter the date the action is due.", "invalid": "Enter a real date."})

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose an owner"), *members]

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future.")
        return due_on


class CloseActionForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="What happened", widget=forms.RadioSelect,
                               choices=[(Action.Status.DONE, "Done"), (Action.Status.DROPPED, "Dropped")],
                               error_messages={"required": "Choose done or dropped."})
    outcome = forms.CharField(label="What was done, or why it was dropped", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Say what was done, or why it was dropped."})
