"""Forms for working on requests: the queue's filters, triage, referral, the huddle flag, notes,
closing and reopening, and sending information."""

from typing import Any

from django import forms

from thriving.core.forms import govuk as forms_govuk
from thriving.directory.forms import SnapshotChoiceField
from thriving.directory.queries import needs
from thriving.frontdoor.forms.common import grouped_needs
from thriving.frontdoor.models import HelpRequest, Level


def need_choices() -> list[tuple[str, str]]:
    """Every need, parents then their children, for checkboxes."""
    return [(need.uuid, ("– " if depth else "") + need.name)
            for root in needs.tree() for depth, need in [(0, root), *((1, child) for child in root.children)]]


def need_ids(uuids: list[str]) -> list[int]:
    index = needs.index()
    return [index.by_uuid[u].id for u in uuids if u in index.by_uuid]


class QueueFilterForm(forms_govuk.Form):
    mark_optional = False  # a filter: every field is optional
    locality = SnapshotChoiceField(label="Locality", required=False)
    level = forms.TypedChoiceField(
        label="Level", required=False, choices=[("", "Any level"), ("0", "Not triaged"), *Level.choices],
        coerce=int, empty_value=None,
    )
    need = SnapshotChoiceField(label="Need", required=False)
    urgency = forms.ChoiceField(label="Urgency", required=False,
                                choices=[("", "Any urgency"), *HelpRequest.Urgency.choices])
    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("", "Open (not closed)"), *HelpRequest.Status.choices],
    )
    age = forms.IntegerField(
        label="Older than (days)", required=False, min_value=0, max_value=3650,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the age as a whole number of days, like 7",
                        "min_value": "The age must be 0 days or more",
                        "max_value": "The age must be 3,650 days or fewer"},
    )
    huddle = forms.BooleanField(label="Only those to bring to the huddle", required=False)

    def __init__(self, *args: Any, localities: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every locality and need as one cached select each: this is the hub's busiest page.
        self.fields["locality"].set_snapshot(  # type: ignore[attr-defined]
            [("", "All my localities"), *((place.slug, place.name) for place in localities)]
        )
        self.fields["locality"].error_messages["invalid_choice"] = "Choose one of your localities"
        self.fields["need"].set_snapshot([("", "Any need"), *need_choices()])  # type: ignore[attr-defined]
        self.fields["need"].error_messages["invalid_choice"] = "Choose a need from the list"


class TriageForm(forms_govuk.Form):
    prefix = "triage"

    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label="Level on the Hierarchy of Help", choices=Level.choices, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of help"},
    )
    urgency = forms.ChoiceField(label="Urgency", choices=HelpRequest.Urgency.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose how urgent it is"})
    needs = forms.MultipleChoiceField(label="Needs", widget=forms_govuk.GroupedCheckboxes, required=False,
                                      help_text="Choose every need that applies, under its kind of need")
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = grouped_needs()  # type: ignore[attr-defined]


class ReferForm(forms_govuk.Form):
    prefix = "refer"

    service = forms.UUIDField(widget=forms.HiddenInput)
    message = forms.CharField(label="What should they know?", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label="Safeguarding override: why refer without consent?", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only a designated safeguarding lead can refer without the person's consent",
    )


class HuddleForm(forms_govuk.Form):
    prefix = "huddle"

    version = forms.IntegerField(widget=forms.HiddenInput)
    flag = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label="Why should the team discuss it?", required=False, max_length=500)


class NoteForm(forms_govuk.Form):
    prefix = "note"

    text = forms.CharField(label="Add a note", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter the note"})


class CloseForm(forms_govuk.Form):
    prefix = "close"

    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="How did it end?", choices=HelpRequest.Outcome.choices,
                                widget=forms.RadioSelect, error_messages={"required": "Choose how the request ended"})
    outcome_level = forms.TypedChoiceField(
        label="At which level was the need met?", choices=[("", "Not met"), *Level.choices], coerce=int,
        empty_value=None, required=False, widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reason or what happened", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Needed when the need was not met or the request was withdrawn")
    ask_resident = forms.BooleanField(label="Email them to ask whether they got the help they needed",
                                      required=False)

    def __init__(self, *args: Any, resident_email: str | None = None, **kwargs: Any) -> None:
        """Shown with `resident_email`, the address the person may be asked at ("" if none: no tick box)."""
        super().__init__(*args, **kwargs)
        if resident_email == "":
            del self.fields["ask_resident"]
        elif resident_email:
            self.fields["ask_resident"].help_text = f"We will send a link to {resident_email}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == HelpRequest.Outcome.MET and not data.get("outcome_level"):
            self.add_error("outcome_level", "Choose the level at which the need was met")
        if data.get("outcome") in (HelpRequest.Outcome.UNMET, HelpRequest.Outcome.WITHDRAWN) and not (
            data.get("reason") or ""
        ).strip():
            self.add_error("reason", "Say why the need was not met or the request was withdrawn")
        return data


class ReopenForm(forms_govuk.Form):
    prefix = "reopen"

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Why reopen it?", max_length=2000, error_messages={"required": "Say why"})


class SendInformationForm(forms_govuk.Form):
    prefix = "send"

    services = forms.MultipleChoiceField(label="Services to send", widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "Choose at least one service to send"})
    email = forms.EmailField(label="Email address", error_messages={
        "required": "Enter the email address to send the information to",
        "invalid": "Enter an email address in the correct format, like name@example.com"})

    def __init__(self, *args: Any, services: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = [(str(s.uuid), s.name) for s in services]  # type: ignore[attr-defined]
