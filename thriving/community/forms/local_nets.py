"""Forms for Local Nets: a resident's sign-up to a session, and the organisers' forms for a Local
Net, its sessions, attendance and what people said. The public forms carry a signed token made
when the form was shown: it times the form (robots send at once) and keys the submission."""

import datetime
import uuid
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from thriving.community.queries import local_nets as queries
from thriving.core.cleaning import ResidentContactCleaning
from thriving.core.forms import govuk as forms_govuk
from thriving.core.public_forms import honeypot_filled, read_token, time_trap
from thriving.places.models import Locality
from thriving.teams.queries import teams as teams_queries
from thriving.teams.queries.teams import Team

MAX_PLACES = 10


# ---------------------------------------------------------------------------------------------
# The token of a public form (see `thriving.core.public_forms`)


class TokenMixin:
    """A hidden, signed token; a missing or forged one is a mistake the person can fix by sending
    again, and so is sending the form sooner than a person could fill it in (the time trap: the
    token keeps the moment the form was first shown, so sending again a little later goes through).
    A filled-in honeypot is left for the view to drop quietly."""

    def clean_token(self) -> tuple[uuid.UUID, float]:
        found = read_token(self.cleaned_data.get("token", ""))  # type: ignore[attr-defined]
        if found is None:
            raise ValidationError("This form had expired. Check your answers and send it again.")
        return found

    def clean(self) -> dict:
        cleaned = super().clean()  # type: ignore[misc]
        if cleaned.get("token") and not honeypot_filled(self.data):  # type: ignore[attr-defined]
            time_trap(self, cleaned["token"][1])  # type: ignore[arg-type]
        return cleaned


# ---------------------------------------------------------------------------------------------
# Signing up (public)


class SignupForm(TokenMixin, ResidentContactCleaning, forms_govuk.Form):
    name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name", "max_length": "Your name must be 150 characters or fewer"},
    )
    email = forms.CharField(
        label="Email address", required=False, max_length=254,
        help_text="We will send you a reminder of the details, and tell you if the session is cancelled",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number", required=False, max_length=30,
        help_text="So the organisers can tell you if something changes",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
    )
    places = forms.IntegerField(
        label="How many places", min_value=1, max_value=MAX_PLACES, initial=1,
        help_text="Including you",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"required": "Enter how many places you need",
                        "invalid": "Enter how many places as a number, like 2",
                        "min_value": "You need at least 1 place",
                        "max_value": f"You can ask for up to {MAX_PLACES} places"},
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)


# ---------------------------------------------------------------------------------------------
# Organisers


class LocalNetForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the Local Net's name"})
    theme = forms.CharField(label="Theme", max_length=150, help_text="For example, getting to know your neighbours",
                            error_messages={"required": "Enter the theme"})
    about = forms.CharField(label="About", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="What happens, and who it is for, in plain words")
    locality = forms.ModelChoiceField(
        label="Locality", queryset=Locality.objects.order_by("name"), to_field_name="slug",
        empty_label="Choose a locality", error_messages={"required": "Choose the locality",
                                                         "invalid_choice": "Choose a locality from the list"},
    )
    place = forms.ModelChoiceField(
        label="Usual Space & Place", queryset=queries.spaces_and_places(), to_field_name="uuid", required=False,
        empty_label="Not set", help_text="From the directory's Spaces & Places",
        error_messages={"invalid_choice": "Choose a Space & Place from the list"},
    )
    team = forms.ModelChoiceField(
        label="Connected team running it", queryset=teams_queries.active_teams(),
        to_field_name="slug", required=False, empty_label="No team",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    is_listed = forms.BooleanField(label="Show it on the public listing", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].label_from_instance = lambda loc: (  # type: ignore[attr-defined]
            f"{loc.name}" + (f" ({loc.locality.name})" if loc.locality_id else ""))

    def clean(self) -> dict:
        data = super().clean()
        team, locality = data.get("team"), data.get("locality")
        if team is not None and locality is not None and team.locality_id != locality.pk:
            self.add_error("team", f"{team.name} works in {team.locality.name}: choose a team in {locality.name}")
        return data


class SessionForm(forms_govuk.Form):
    prefix = "session"

    day = forms.DateField(
        label="Date", input_formats=["%Y-%m-%d"], help_text="For example, 2026-12-03",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the session", "invalid": "Enter a real date, like 2026-12-03"},
    )
    starts = forms.TimeField(
        label="Starts at", input_formats=["%H:%M"], help_text="24-hour clock, for example 10:00",
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages={"required": "Enter when the session starts", "invalid": "Enter a time, like 10:00"},
    )
    ends = forms.TimeField(
        label="Ends at", input_formats=["%H:%M"], help_text="24-hour clock, for example 12:00",
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages={"required": "Enter when the session ends", "invalid": "Enter a time, like 12:00"},
    )
    place = forms.ModelChoiceField(
        label="Space & Place", queryset=queries.spaces_and_places(), to_field_name="uuid", required=False,
        empty_label="The Local Net's usual place", error_messages={"invalid_choice": "Choose a place from the list"},
    )
    capacity = forms.IntegerField(
        label="Places", required=False, min_value=1, max_value=1000, help_text="Leave empty for no limit",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"invalid": "Enter the number of places as a whole number, like 20",
                        "min_value": "There must be at least 1 place", "max_value": "Enter 1,000 places or fewer"},
    )

    def clean(self) -> dict:
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, starts))
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, ends))
            if ends <= starts:
                self.add_error("ends", "The session must end after it starts")
        return data


class CancelForm(forms_govuk.Form):
    prefix = "cancel"

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Why (sent to people signed up)", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AttendanceForm(forms_govuk.Form):
    prefix = "attendance"

    version = forms.IntegerField(widget=forms.HiddenInput)
    attendance = forms.IntegerField(
        label="How many came", min_value=0, max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"required": "Enter how many came", "invalid": "Enter how many came as a number, like 12",
                        "min_value": "Enter 0 or more", "max_value": "Enter 10,000 or fewer"},
    )
    notes = forms.CharField(label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="What happened. No one's personal details.")


class InsightForm(forms_govuk.Form):
    prefix = "insight"

    text = forms.CharField(label="What people said", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="In their words, without names",
                           error_messages={"required": "Enter what people said"})


class InsightIdeaForm(forms_govuk.Form):
    prefix = "idea"

    title = forms.CharField(label="Name of the idea", max_length=150,
                            error_messages={"required": "Enter a name for the idea"})


class ActionForm(forms_govuk.Form):
    """An action for the Local Net's connected team, from a session: what, who owns it, by when."""

    prefix = "action"

    title = forms.CharField(label="What needs doing", max_length=200,
                            error_messages={"required": "Say what the action is",
                                            "max_length": "Keep the action to 200 characters or fewer"})
    owner = forms.ModelChoiceField(
        label="Who owns it", queryset=get_user_model().objects.none(), to_field_name="uuid",
        empty_label="Choose a member of the team", help_text="A current member or volunteer of the team",
        error_messages={"required": "Choose who owns the action",
                        "invalid_choice": "Choose a current member of the team from the list"},
    )
    due_on = forms.DateField(
        label="Due by", input_formats=["%Y-%m-%d"], help_text="For example, 2026-12-03",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the date the action is due",
                        "invalid": "Enter a real date, like 2026-12-03"},
    )

    def __init__(self, team: Team, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = queries.action_owners(team)  # type: ignore[attr-defined]
        owner.label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError("The due date must be today or in the future")
        return due_on

    def disable(self) -> None:
        """Show the form to someone who may not use it: every field greyed out."""
        for field in self.fields.values():
            field.disabled = True
