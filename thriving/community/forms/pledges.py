"""The forms of pledges: signing as a person or for an organisation (public), setting up a
campaign and recording progress against an organisation's commitment (staff).

Every form says what is wrong in plain words, all at once, and keeps what was typed.
"""

from typing import Any

from django import forms
from django.core.validators import validate_email

from thriving.community.models import CommitmentProgress
from thriving.core.cleaning import clean_name
from thriving.core.forms import govuk as forms_govuk
from thriving.core.public_forms import honeypot_filled, make_token, read_token, time_trap
from thriving.places import queries as places
from thriving.places.models import Locality
from thriving.teams.queries import teams as teams_queries

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
def started_token() -> str:
    """When the form was shown, signed so it cannot be forged: used by the time trap."""
    return make_token()


def seconds_since(token: str) -> float | None:
    """How long ago the form was shown, or None for a missing or forged token. An old token is
    fine: a person may leave the page open for a day before signing."""
    found = read_token(token, max_age=None)
    return None if found is None else found[1]


def _email(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(EMAIL_FORMAT) from None
    return value


class TimeTrapped:
    """The time trap on a pledge form: sent sooner after it was shown than a person could sign, it
    is shown again with its answers and a message, and the first moment it was shown is kept, so
    sending it again a little later goes through. A filled-in honeypot is left for the view."""

    def clean(self) -> dict:
        cleaned = super().clean()  # type: ignore[misc]
        if not honeypot_filled(self.data):  # type: ignore[attr-defined]
            time_trap(self, seconds_since(self.data.get(self.add_prefix("started"), "")))  # type: ignore[attr-defined,arg-type]
        return cleaned


class PersonSignForm(TimeTrapped, forms_govuk.Form):
    """Sign the pledge as a person."""

    name = forms.CharField(label="Your name", max_length=150,
                           error_messages={"required": "Enter your name",
                                           "max_length": "Your name must be 150 characters or fewer"})
    show_name = forms.BooleanField(label="Show my name on this page with the others who have signed", required=False)
    email = forms.CharField(label="Email address", max_length=254, required=False,
                            help_text="Only the team running the pledge will see it, to tell you how it is going.",
                            error_messages={"max_length": "The email address must be 254 characters or fewer"})
    postcode = forms.CharField(label="Postcode", max_length=20, required=False,
                               help_text="So the team knows where people have signed. For example, DE7 4AA",
                               error_messages={"max_length": "Enter a real postcode, like DE7 4AA"})
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "person")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})
        self.fields["email"].widget.input_type = "email"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "spellcheck": "false", "class": "govuk-input govuk-input--width-10"})
        if not self.is_bound:
            self.initial["started"] = started_token()

    def clean_name(self) -> str:
        value = " ".join(clean_name(self.cleaned_data["name"], message="Enter your name using letters").split())
        if not value:
            raise forms.ValidationError("Enter your name")
        return value

    def clean_email(self) -> str:
        return _email(self.cleaned_data["email"])

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return ""
        try:
            return places.lookup_postcode(raw).postcode
        except places.MalformedPostcode as error:
            raise forms.ValidationError(str(error)) from None
        except places.UnknownPostcode as error:
            raise forms.ValidationError(f"{error} The postcode is optional: you can leave it empty.") from None


class OrganisationSignForm(TimeTrapped, forms_govuk.Form):
    """Sign the pledge for an organisation, with what it commits to."""

    organisation_name = forms.CharField(
        label="Organisation name", max_length=200,
        error_messages={"required": "Enter the name of the organisation",
                        "max_length": "The organisation name must be 200 characters or fewer"})
    commitment = forms.CharField(
        label="What will your organisation do?", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your commitment is shown on this page. The team will record how it is going.",
        error_messages={"required": "Enter what your organisation commits to",
                        "max_length": "The commitment must be 2,000 characters or fewer"})
    signed_by = forms.CharField(
        label="Your name", max_length=150, help_text="The person signing for the organisation",
        error_messages={"required": "Enter the name of the person signing for the organisation",
                        "max_length": "The name must be 150 characters or fewer"})
    contact_email = forms.CharField(
        label="Contact email address", max_length=254,
        help_text="Only the team running the pledge will see it, to ask how your commitment is going.",
        error_messages={"required": "Enter a contact email address for the organisation",
                        "max_length": "The email address must be 254 characters or fewer"})
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "organisation")
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["signed_by"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})
        self.fields["contact_email"].widget.input_type = "email"
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        if not self.is_bound:
            self.initial["started"] = started_token()

    def _required_text(self, name: str) -> str:
        value = " ".join(self.cleaned_data[name].split()) if name != "commitment" else self.cleaned_data[name].strip()
        if not value:
            raise forms.ValidationError(self.fields[name].error_messages["required"])
        return value

    def clean_organisation_name(self) -> str:
        return self._required_text("organisation_name")

    def clean_commitment(self) -> str:
        return self._required_text("commitment")

    def clean_signed_by(self) -> str:
        return self._required_text("signed_by")

    def clean_contact_email(self) -> str:
        value = _email(self.cleaned_data["contact_email"])
        if not value:
            raise forms.ValidationError("Enter a contact email address for the organisation")
        return value


class CampaignForm(forms_govuk.Form):
    """What staff set for a campaign. Dates are typed as year-month-day or day/month/year."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Title", max_length=150,
                            error_messages={"required": "Enter a title",
                                            "max_length": "The title must be 150 characters or fewer"})
    slug = forms.SlugField(label="Web address", max_length=160,
                           help_text="Lower-case letters, numbers and hyphens: the pledge is at /pledges/this-text/",
                           error_messages={"required": "Enter a web address for the pledge",
                                           "invalid": "The web address can only have lower-case letters, numbers "
                                                      "and hyphens"})
    pledge = forms.CharField(label="The pledge", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="What people sign up to, in the first person: “I will…”",
                             error_messages={"required": "Enter the pledge people sign up to"})
    about = forms.CharField(label="About the pledge", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    locality = forms.ModelChoiceField(label="Locality", queryset=Locality.objects.none(), required=False,
                                      empty_label="No one locality",
                                      error_messages={"invalid_choice": "Choose a locality from the list"})
    team = forms.ModelChoiceField(label="Connected team running it", queryset=teams_queries.active_teams().none(),
                                  required=False,
                                  empty_label="No team",
                                  error_messages={"invalid_choice": "Choose a team from the list"})
    opens_on = forms.DateField(label="Opens on", help_text="For example, 2026-03-27",
                               input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
                               error_messages={"required": "Enter the date the pledge opens",
                                               "invalid": "Enter the opening date as a real date, like 2026-03-27"})
    closes_on = forms.DateField(label="Closes on", required=False,
                                help_text="The last day people can sign. Leave empty to keep it open.",
                                input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
                                error_messages={"invalid": "Enter the closing date as a real date, like 2026-06-30"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = places.localities()
        self.fields["team"].queryset = teams_queries.active_teams()
        self.fields["team"].label_from_instance = lambda team: f"{team.name} ({team.locality.name})"
        self.fields["opens_on"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.fields["closes_on"].widget.attrs["class"] = "govuk-input govuk-input--width-10"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be the same as or after the opening date")
        return data


class PublishForm(forms_govuk.Form):
    """Publish or take down a campaign, against the version shown."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    published = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "publish")
        super().__init__(*args, **kwargs)


class ProgressForm(forms_govuk.Form):
    """How an organisation is getting on with its commitment."""

    status = forms.ChoiceField(label="How is it going?", choices=CommitmentProgress.Status.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Choose how the commitment is going",
                                               "invalid_choice": "Choose how the commitment is going"})
    note = forms.CharField(label="What has happened", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                           error_messages={"required": "Enter what has happened",
                                           "max_length": "The note must be 2,000 characters or fewer"})

    def clean_note(self) -> str:
        value = self.cleaned_data["note"].strip()
        if not value:
            raise forms.ValidationError("Enter what has happened")
        return value
