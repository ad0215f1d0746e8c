"""The user list's filters, adding and changing a person, and the roles they hold."""

from typing import Any

from django import forms

from thriving.core import queries
from thriving.core.forms.filters import FilterForm, choices
from thriving.core.forms.govuk import Form
from thriving.core.models import Role, User
from thriving.places import queries as places


class UserFilterForm(FilterForm):
    q = forms.CharField(label="Name or email address", max_length=254, required=False)
    role = forms.ChoiceField(label="Role", required=False, choices=choices("Any role", Role.choices))
    organisation = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=queries.organisation_choices(),
        to_field_name="slug",
        empty_label="Any organisation",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=choices("Active or deactivated", [("active", "Active"), ("deactivated", "Deactivated")]),
    )



class MembershipForm(Form):
    """A role and its scope: an organisation, a locality, both, or neither (everywhere)."""

    role = forms.ChoiceField(
        label="Role",
        choices=choices("Choose a role", Role.choices),
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role from the list"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=queries.organisation_choices(),
        to_field_name="slug",
        empty_label="Any organisation",
        help_text="Leave as 'Any organisation' for a role that is not limited to one organisation",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    locality = forms.ModelChoiceField(
        label="Locality",
        required=False,
        queryset=places.localities(),
        to_field_name="slug",
        empty_label="Any locality",
        help_text="Leave as 'Any locality' for a role that is not limited to one locality",
        error_messages={"invalid_choice": "Choose a locality from the list"},
    )

    def membership_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("role", "organisation", "locality")}


class UserCreateForm(MembershipForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work email address. We will send it a link to choose a password.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter their full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        required=False,
        error_messages={"max_length": "Job title must be 150 characters or fewer"},
    )

    field_order = ["email", "full_name", "job_title", "role", "organisation", "locality"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already a user with this email address")
        return email


class UserEditForm(Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter their full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        required=False,
        error_messages={"max_length": "Job title must be 150 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Can they sign in?",
        widget=forms.RadioSelect,
        choices=[("active", "Yes, their account is active"), ("deactivated", "No, deactivate their account")],
        help_text="Deactivating an account signs the person out and stops them signing in. Their roles are kept.",
        error_messages={"required": "Choose whether they can sign in"},
    )

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> "UserEditForm":
        initial = {
            "full_name": user.full_name,
            "job_title": user.job_title,
            "status": "active" if user.is_active else "deactivated",
        }
        return cls(data, initial=initial)
