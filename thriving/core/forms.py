"""Forms of the core app: signing in, second factor, passwords, organisations, users and audit."""

import re
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from thriving.core import queries
from thriving.core.forms_govuk import Form, GovukFormMixin, ModelForm
from thriving.core.models import AuditEvent, Organisation, Role, User
from thriving.core.tasks import send_email
from thriving.places import queries as places


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed. Ask an administrator if you need it again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if len(username) > 254:
            raise forms.ValidationError("Enter an email address of 254 characters or fewer")
        return username


class CodeForm(Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app, such as 123456",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-10",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the code as 6 digits, such as 123456")
        return code


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=[to_email])


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


# --- Filters for lists ---


class FilterForm(Form):
    """A GET form that narrows a list. Every field is optional, so none is marked so."""

    use_required_attribute = False
    field_template = "includes/filter_field.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = self.field_template


def _choices(empty: str, choices: list) -> list:
    return [("", empty), *choices]


class OrganisationFilterForm(FilterForm):
    q = forms.CharField(label="Name", max_length=200, required=False)
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=_choices("Any sector", [("council", "Council"), ("partner", "Partner"), ("community", "Community")]),
    )
    type = forms.ChoiceField(label="Type", required=False, choices=_choices("Any type", Organisation.Type.choices))
    locality = forms.ModelChoiceField(
        label="Locality", required=False, queryset=places.localities(), to_field_name="slug", empty_label="Any locality"
    )


class UserFilterForm(FilterForm):
    q = forms.CharField(label="Name or email address", max_length=254, required=False)
    role = forms.ChoiceField(label="Role", required=False, choices=_choices("Any role", Role.choices))
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
        choices=_choices("Active or deactivated", [("active", "Active"), ("deactivated", "Deactivated")]),
    )


class AuditFilterForm(FilterForm):
    q = forms.CharField(
        label="Search",
        max_length=200,
        required=False,
        help_text="Words in who did it, what it was about, whose data it was, or the event",
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=_choices("Any action", AuditEvent.Action.choices)
    )
    actor = forms.CharField(
        label="Who did it",
        max_length=254,
        required=False,
        help_text="Their whole email address",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    subject = forms.CharField(
        label="Whose data it was",
        max_length=200,
        required=False,
        help_text="Their whole email address or reference",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'from' date"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'to' date"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned

    def describe(self) -> str:
        """The filters in words, for the record of an export."""
        labels = {name: field.label for name, field in self.fields.items()}
        given = [f"{labels[name]}: {value}" for name, value in self.cleaned_data.items() if value]
        return "; ".join(given) or "everything"


# --- Organisations ---

PHONE = re.compile(r"^\+?[0-9 ()-]{6,30}$")
CHARITY_NUMBER_MESSAGE = "Enter a charity number like 1234567, or SC012345 in Scotland"
COMPANY_NUMBER_MESSAGE = "Enter a company number of 8 characters, like 01234567 or SC123456"


class OrganisationForm(ModelForm):
    """Add or change an organisation. `version` is the one the person opened, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Longer than the saved numbers, so that spaces people type can be taken out before checking.
    charity_number = forms.CharField(
        label="Registered charity number",
        required=False,
        max_length=20,
        help_text="For example, 1234567, or SC012345 in Scotland",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"max_length": CHARITY_NUMBER_MESSAGE},
    )
    company_number = forms.CharField(
        label="Company number",
        required=False,
        max_length=20,
        help_text="8 characters, for example 01234567 or SC123456",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"max_length": COMPANY_NUMBER_MESSAGE},
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="For example, https://www.example.org",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.org",
            "max_length": "Website must be 200 characters or fewer",
        },
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "description",
            "charity_number",
            "company_number",
            "website",
            "email",
            "phone",
            "localities",
        ]
        labels = {
            "name": "Name",
            "type": "Type of organisation",
            "description": "What the organisation does",
            "email": "Contact email address",
            "phone": "Contact telephone number",
            "localities": "Localities it works in",
        }
        help_texts = {
            "phone": "For example, 01332 123456",
            "localities": "Select all that apply",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
            "localities": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": "Enter the organisation's name", "max_length": "Name must be 200 characters or fewer"},
            "type": {"required": "Choose the type of organisation", "invalid_choice": "Choose a type from the list"},
            "description": {"max_length": "What the organisation does must be 5,000 characters or fewer"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "max_length": "Email address must be 254 characters or fewer",
            },
            "phone": {"max_length": "Telephone number must be 30 characters or fewer"},
            "localities": {
                "invalid_choice": "Choose localities from the list",
                "invalid_pk_value": "Choose localities from the list",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _choices("Choose a type", Organisation.Type.choices)
        self.fields["localities"].queryset = places.localities()

    def _compact(self, name: str, message: str) -> str:
        """Without spaces and in capitals; the model's own validators check the rest."""
        value = "".join(self.cleaned_data[name].split()).upper()
        if len(value) > Organisation._meta.get_field(name).max_length:
            raise forms.ValidationError(message)
        return value

    def clean_charity_number(self) -> str:
        return self._compact("charity_number", CHARITY_NUMBER_MESSAGE)

    def clean_company_number(self) -> str:
        return self._compact("company_number", COMPANY_NUMBER_MESSAGE)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a telephone number, like 01332 123456 or +44 1332 123456")
        return phone

    def organisation_fields(self) -> dict[str, Any]:
        """What the person typed, as the keyword arguments of the organisation services."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def differences_from(self, organisation: Organisation) -> list[tuple[str, str]]:
        """Fields where the organisation as saved now differs from what the person typed, with the
        saved value, to show after someone else changed it."""
        found = []
        for name in self._meta.fields:
            typed = self.cleaned_data.get(name)
            if name == "localities":
                saved = {locality.pk for locality in organisation.localities.all()}
                if saved != {locality.pk for locality in typed or []}:
                    found.append((self.fields[name].label, ", ".join(str(x) for x in organisation.localities.all())))
                continue
            saved = getattr(organisation, name)
            if saved != typed:
                shown = organisation.get_type_display() if name == "type" else saved
                found.append((self.fields[name].label, str(shown) or "Not given"))
        return found


# --- Users and their roles ---


class MembershipForm(Form):
    """A role and its scope: an organisation, a locality, both, or neither (everywhere)."""

    role = forms.ChoiceField(
        label="Role",
        choices=_choices("Choose a role", Role.choices),
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


# --- Security settings ---


class SiteSettingsForm(Form):
    require_two_factor = forms.BooleanField(
        label="Require every member of staff to use an authenticator app",
        required=False,
        help_text=(
            "Anyone without an authenticator app set up will be asked to set one up before they can "
            "carry on, including you."
        ),
    )
