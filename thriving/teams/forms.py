"""Forms for connected teams: setting a team up, its members, its huddle schedule, the agenda,
recording a huddle, and actions. Every mistake is reported at once and what was typed is kept."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thriving.core import forms_govuk
from thriving.core.models import Organisation, Role, User
from thriving.directory.models import Location
from thriving.places.models import Locality
from thriving.teams.models import Action, HuddleSeries, TeamMember

DATE = {"widget": forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        "input_formats": ["%Y-%m-%d", "%d/%m/%Y"]}
TIME = {"widget": forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M")}
NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})


class TeamForm(forms_govuk.Form):
    name = forms.CharField(label="Team name", max_length=150)
    locality = forms.ModelChoiceField(label="Locality", queryset=Locality.objects.order_by("name"),
                                      empty_label="Choose a locality",
                                      error_messages={"required": "Choose the team's locality."})
    about = forms.CharField(label="What the team is for", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    enablers = forms.ModelMultipleChoiceField(
        label="Enablers linked to the team", required=False, widget=forms.CheckboxSelectMultiple,
        queryset=User.objects.filter(is_active=True, memberships__role=Role.ENABLER).distinct().order_by("full_name"),
    )


class MemberForm(forms_govuk.Form):
    email = forms.EmailField(label="Their email address", help_text="They need an account on Thriving",
                             error_messages={"required": "Enter the email address of the person to add."})
    kind = forms.ChoiceField(label="How they take part", widget=forms.RadioSelect,
                             error_messages={"required": "Choose how they take part."})
    organisation = forms.ModelChoiceField(label="Organisation they come from", required=False,
                                          queryset=Organisation.objects.order_by("name"),
                                          empty_label="None, or a volunteer")

    def __init__(self, *args: Any, may_link_enablers: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [c for c in TeamMember.Kind.choices if may_link_enablers or c[0] != TeamMember.Kind.ENABLER]
        self.fields["kind"].choices = kinds

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError("No one with that email address has an account on Thriving.")
        return user


class SeriesForm(forms_govuk.Form):
    first_on = forms.DateField(label="Date of the first huddle", **DATE,
                               error_messages={"required": "Enter the date of the first huddle.",
                                               "invalid": "Enter a real date."})
    starts_at = forms.TimeField(label="Start time", **TIME,
                                error_messages={"required": "Enter the start time.", "invalid": "Enter a real time."})
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480, initial=60, widget=NUMBER)
    every = forms.TypedChoiceField(label="How often", choices=HuddleSeries.Every.choices, coerce=int,
                                   widget=forms.RadioSelect, initial=HuddleSeries.Every.WEEK)
    until = forms.DateField(label="Last date", required=False, help_text="Leave empty to keep going", **DATE)
    place = forms.ModelChoiceField(label="Space & Place", required=False, empty_label="Not a Space & Place",
                                   queryset=Location.objects.order_by("name"))
    place_text = forms.CharField(label="Or where, in words", required=False, max_length=200,
                                 help_text="For example, Online")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first_on, until = data.get("first_on"), data.get("until")
        if first_on and first_on < timezone.localdate():
            self.add_error("first_on", "The first huddle must be today or later.")
        if first_on and until and until < first_on:
            self.add_error("until", "The last date must be on or after the first huddle.")
        return data


class SeriesChangeForm(SeriesForm):
    """Changing a repeating huddle: everything but the date it began, against the version shown."""

    first_on = None
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, first_on: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first_on = first_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        until = data.get("until")
        if until and until < self.first_on:
            self.add_error("until", f"The last date must be on or after the first huddle ({self.first_on:%-d %B %Y}).")
        return data


class HuddleForm(forms_govuk.Form):
    """A one-off huddle, or moving one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(label="Date", **DATE, error_messages={"required": "Enter the date of the huddle.",
                                                               "invalid": "Enter a real date."})
    starts_at = forms.TimeField(label="Start time", **TIME,
                                error_messages={"required": "Enter the start time.", "invalid": "Enter a real time."})
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480, initial=60, widget=NUMBER)
    place = forms.ModelChoiceField(label="Space & Place", required=False, empty_label="Not a Space & Place",
                                   queryset=Location.objects.order_by("name"))
    place_text = forms.CharField(label="Or where, in words", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("on") and data.get("starts_at"):
            data["start"] = timezone.make_aware(datetime.datetime.combine(data["on"], data["starts_at"]))
            if data["start"] < timezone.now():
                self.add_error("on", "The huddle must start in the future.")
        return data


class ItemForm(forms_govuk.Form):
    title = forms.CharField(label="Add an item to the agenda", max_length=250,
                            help_text="No names of residents: use a request's reference",
                            error_messages={"required": "Say what the item is."})


class StartForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note_taker = forms.ChoiceField(label="Who takes the notes")

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note_taker"].choices = members


class NoteTakerForm(StartForm):
    """Handing the notes to another member while the huddle runs."""

    note_taker = forms.ChoiceField(label="Who takes the notes now")


class RecordForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    discussion = forms.CharField(label="What was discussed", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label="What was decided", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    covered = forms.BooleanField(label="Covered", required=False)


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


class VersionForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseActionForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="What happened", widget=forms.RadioSelect,
                               choices=[(Action.Status.DONE, "Done"), (Action.Status.DROPPED, "Dropped")],
                               error_messages={"required": "Choose done or dropped."})
    outcome = forms.CharField(label="What was done, or why it was dropped", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Say what was done, or why it was dropped."})
