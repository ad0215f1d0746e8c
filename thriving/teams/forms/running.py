"""Forms for running a huddle: starting it, handing the notes on, recording an item, finishing, and
the note-taker's corrections to the minutes afterwards."""

from typing import Any

from django import forms

from thriving.core.forms import govuk as forms_govuk


class NoteTakerForm(forms_govuk.Form):
    """Who takes the notes; while the huddle runs, handing them to another member."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note_taker = forms.ChoiceField(label="Who takes the notes now")

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note_taker"].choices = members


class AttendanceForm(forms_govuk.Form):
    """Who is at the huddle: the team's people, by their user's uuid."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    attendees = forms.MultipleChoiceField(label="Tick everyone who is here", required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          error_messages={"invalid_choice": "Choose people in the team."})

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = members


class StartForm(forms_govuk.Form):
    """Starting the huddle: who takes the notes and who is there. `confirm_early` is set by the
    confirmation step shown when the huddle is planned for a later day."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note_taker = forms.ChoiceField(label="Who takes the notes")
    attendees = forms.MultipleChoiceField(label="Who is here", required=False, widget=forms.CheckboxSelectMultiple,
                                          error_messages={"invalid_choice": "Choose people in the team."})
    confirm_early = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note_taker"].choices = members
        self.fields["attendees"].choices = members


class RecordForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    discussion = forms.CharField(label="What was discussed", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label="What was decided", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    covered = forms.BooleanField(label="Covered", required=False)


class FinishForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label="Anything else said (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class MinutesForm(forms_govuk.Form):
    """The note-taker's correction of the summary of a finished huddle."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label="Anything else said", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MinutesItemForm(forms_govuk.Form):
    """The note-taker's correction of one item's minutes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    discussion = forms.CharField(label="What was discussed", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label="What was decided", required=False, widget=forms.Textarea(attrs={"rows": 2}))
