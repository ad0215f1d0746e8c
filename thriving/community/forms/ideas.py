"""Forms for community ideas: a resident's proposal (public), a member of staff's, the
facilitators' list filters, and the forms on an idea's page. Edits carry the version they were
made against."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thriving.community.forms.local_nets import TokenMixin
from thriving.community.models import Idea
from thriving.community.queries import ideas as queries
from thriving.core.cleaning import ResidentContactCleaning
from thriving.core.forms import govuk as forms_govuk
from thriving.places import queries as places
from thriving.places.models import Locality


def _locality_field(required: bool, empty_label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Area", queryset=Locality.objects.order_by("name"), to_field_name="slug", required=required,
        empty_label=empty_label, error_messages={"required": "Choose the area",
                                                 "invalid_choice": "Choose an area from the list"},
    )


class ProposeIdeaForm(TokenMixin, ResidentContactCleaning, forms_govuk.Form):
    """A resident's idea: what it is, where, and who they are."""

    title = forms.CharField(label="Give your idea a short name", max_length=150,
                            help_text="For example, a repair café in the church hall",
                            error_messages={"required": "Enter a short name for your idea",
                                            "max_length": "The name must be 150 characters or fewer"})
    description = forms.CharField(
        label="Tell us about your idea", max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What would happen, who it would help, and what you would need",
        error_messages={"required": "Tell us about your idea",
                        "max_length": "Tell us about your idea in 3,000 characters or fewer"},
    )
    locality = _locality_field(False, "Choose an area")
    postcode = forms.CharField(
        label="Or your postcode", required=False, max_length=20,
        help_text="If you are not sure of your area, we will find it from your postcode",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
        error_messages={"max_length": "Enter a real postcode, like DE7 4AA"},
    )
    name = forms.CharField(label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}),
                           error_messages={"required": "Enter your name"})
    email = forms.CharField(label="Email address", required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    phone = forms.CharField(
        label="Phone number", required=False, max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_postcode(self) -> str:
        """Any spelling of a postcode (lower case, no space, extra spaces). Which area it is in is
        worked out in `clean`, where the chosen area is known."""
        text = (self.cleaned_data.get("postcode") or "").strip()
        if not text:
            return ""
        try:
            return places.normalise_postcode(text)
        except places.MalformedPostcode as error:
            raise ValidationError(str(error)) from error

    def clean(self) -> dict:
        """A chosen area is the idea's area, whatever the postcode. Without one, the postcode's
        locality, or for a postcode in no locality the nearest one (`found_from_postcode` says so)."""
        data = super().clean()
        self.found_from_postcode = None
        if data.get("locality") or "locality" in self.errors or "postcode" in self.errors:
            return data
        postcode = data.get("postcode")
        if not postcode:
            self.add_error("locality", "Choose your area, or enter your postcode")
            return data
        try:
            place = places.place_of(places.lookup_postcode(postcode), limit=1)
        except places.UnknownPostcode as error:
            self.add_error("postcode", f"{error} Choose your area from the list instead.")
            return data
        if place.nearest_locality is None:
            self.add_error("locality", "Choose your area from the list")
            return data
        data["locality"] = place.nearest_locality
        if place.answer.locality is None:
            self.found_from_postcode = place.nearest[0]
        return data


class StaffIdeaForm(forms_govuk.Form):
    title = forms.CharField(label="Name of the idea", max_length=150,
                            error_messages={"required": "Enter a name for the idea"})
    description = forms.CharField(label="What it is", max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                                  error_messages={"required": "Say what the idea is"})
    locality = _locality_field(False, "Not for one area")


class IdeaFilterForm(forms_govuk.Form):
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Idea.Stage.choices])
    locality = forms.ModelChoiceField(
        label="Locality", queryset=Locality.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label="Any locality", error_messages={"invalid_choice": "Choose a locality from the list"},
    )
    mine = forms.BooleanField(label="Only ideas I facilitate", required=False)


class OrganiserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class FacilitatorForm(forms_govuk.Form):
    prefix = "facilitator"

    version = forms.IntegerField(widget=forms.HiddenInput)
    facilitator = OrganiserChoiceField(
        label="Facilitator", queryset=queries.organisers(), to_field_name="uuid",
        empty_label="Choose a person", error_messages={"required": "Choose the facilitator",
                                                       "invalid_choice": "Choose a facilitator from the list"},
    )


class StageForm(forms_govuk.Form):
    prefix = "stage"

    version = forms.IntegerField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(label="Stage", choices=Idea.Stage.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose the stage"})
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Required when stopping: say why")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("stage") == Idea.Stage.STOPPED and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the idea is stopping")
        return data


class SupportForm(forms_govuk.Form):
    prefix = "support"

    text = forms.CharField(label="What was done", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter what was done"})
    by = OrganiserChoiceField(
        label="Who did it", queryset=queries.organisers(), to_field_name="uuid", required=False,
        empty_label="Me", error_messages={"invalid_choice": "Choose a person from the list"},
    )
    on = forms.DateField(
        label="When", required=False, input_formats=["%Y-%m-%d"], help_text="Leave empty for today",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, like 2026-11-20"},
    )

    def clean_on(self) -> Any:
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise ValidationError("The date cannot be in the future")
        return on


class LinkSessionForm(forms_govuk.Form):
    prefix = "link"

    session = forms.ChoiceField(label="Local Net session", error_messages={
        "required": "Choose a session", "invalid_choice": "Choose a session from the list"})

    def __init__(self, *args: Any, sessions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "Choose a session"), *(  # type: ignore[attr-defined]
            (str(s.uuid), f"{s.local_net.title}, {timezone.localtime(s.starts_at):%-d %b %Y %H:%M}")
            for s in sessions)]
