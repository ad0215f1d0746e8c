"""Forms for story projects: moderating a story told on the public form."""

from django import forms

from thriving.core.forms.govuk import Form


class ModerationForm(Form):
    decision = forms.ChoiceField(
        label="Take this story?", widget=forms.RadioSelect,
        choices=[("approve", "Yes: the project's people may see it"), ("refuse", "No: it is not taken")],
        error_messages={"required": "Choose whether to take this story"},
    )
    note = forms.CharField(label="Why it is not taken", max_length=300, required=False,
                           help_text="Needed when the story is not taken: kept for the project's managers")
    version = forms.IntegerField(widget=forms.HiddenInput)
