"""The forms of ambassadors: making a profile (administrators and enablers), the ambassador's own
profile, and their good news stories."""

from typing import Any

from django import forms

from thriving.core.cleaning import clean_name
from thriving.core.forms import govuk as forms_govuk
from thriving.core.models import User
from thriving.places import queries as places
from thriving.places.models import Locality


class NewProfileForm(forms_govuk.Form):
    """Make the profile of a person who has the ambassador role."""

    email = forms.EmailField(
        label="Email address of the ambassador's account", max_length=254,
        help_text="They must already have an account with the ambassador role.",
        error_messages={"required": "Enter the email address of the ambassador's account",
                        "invalid": "Enter an email address in the correct format, like name@example.com"})
    display_name = forms.CharField(
        label="Name shown on their public page", max_length=150,
        error_messages={"required": "Enter the name to show on their public page",
                        "max_length": "The name must be 150 characters or fewer"})
    locality = forms.ModelChoiceField(
        label="Their place", queryset=Locality.objects.none(),
        error_messages={"required": "Choose the locality they are an ambassador for",
                        "invalid_choice": "Choose a locality from the list"})
    about = forms.CharField(label="About them", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            max_length=3000,
                            error_messages={"max_length": "About them must be 3,000 characters or fewer"})
    is_public = forms.BooleanField(label="Show the profile to the public now", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = places.localities()
        self.fields["email"].widget.attrs["spellcheck"] = "false"
        self.user: User | None = None

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        self.user = User.objects.filter(email__iexact=email).first()
        if self.user is None:
            raise forms.ValidationError(f"There is no account with the email address {email}")
        return email

    def clean_display_name(self) -> str:
        value = " ".join(clean_name(self.cleaned_data["display_name"], message="Enter a name using letters").split())
        if not value:
            raise forms.ValidationError("Enter the name to show on their public page")
        return value


class ProfileForm(forms_govuk.Form):
    """The ambassador's own profile."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    display_name = forms.CharField(
        label="Your name as shown to the public", max_length=150,
        help_text="You can use your first name only if you prefer.",
        error_messages={"required": "Enter the name to show on your public page",
                        "max_length": "The name must be 150 characters or fewer"})
    about = forms.CharField(label="About you", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            max_length=3000,
                            error_messages={"max_length": "About you must be 3,000 characters or fewer"})
    is_public = forms.BooleanField(label="Show my profile and published stories to the public", required=False)

    def clean_display_name(self) -> str:
        value = " ".join(clean_name(self.cleaned_data["display_name"], message="Enter a name using letters").split())
        if not value:
            raise forms.ValidationError("Enter the name to show on your public page")
        return value


class StoryForm(forms_govuk.Form):
    """A good news story."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Title", max_length=150,
                            error_messages={"required": "Enter a title for the story",
                                            "max_length": "The title must be 150 characters or fewer"})
    body = forms.CharField(
        label="The story", widget=forms.Textarea(attrs={"rows": 10}), max_length=10000,
        help_text="Do not name anyone who has not agreed to be named.",
        error_messages={"required": "Enter the story", "max_length": "The story must be 10,000 characters or fewer"})

    def clean_title(self) -> str:
        value = " ".join(self.cleaned_data["title"].split())
        if not value:
            raise forms.ValidationError("Enter a title for the story")
        return value

    def clean_body(self) -> str:
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError("Enter the story")
        return value


class VersionForm(forms_govuk.Form):
    """The version a publish or withdraw was made against."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "move")
        super().__init__(*args, **kwargs)
