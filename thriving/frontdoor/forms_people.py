"""Forms for people, households, consent, merging and staff intake, rendered the GOV.UK way."""

import datetime
import re
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thriving.core import forms_govuk
from thriving.core.cleaning import clean_email, clean_phone
from thriving.directory import needs as needs_index
from thriving.frontdoor.models import Consent, ContactMethod, HelpRequest
from thriving.places import queries as places

# --- A GOV.UK date input: day, month and year boxes, impossible dates caught ----------------------


class DateInput(forms.MultiWidget):
    """Three boxes (day, month, year) in GOV.UK markup. The day box carries the field's id so that
    the error summary's link lands on it."""

    template_name = "frontdoor/people/_date_input.html"
    in_error = False

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            widgets={"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}, attrs=attrs
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [day.day, day.month, day.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id", name)
        labels = ("Day", "Month", "Year")
        for position, sub in enumerate(context["widget"]["subwidgets"]):
            sub["attrs"]["id"] = base if position == 0 else f"{base}_{labels[position].lower()}"
            sub["label"] = labels[position]
            sub["width"] = 4 if position == 2 else 2
        context["widget"]["in_error"] = self.in_error
        context["widget"]["group_id"] = base
        return context

    def id_for_label(self, id_: str) -> str:
        return id_


class GovukDateField(forms.Field):
    """A date typed as day, month and year. Messages follow the GOV.UK date input pattern."""

    widget = DateInput

    def __init__(self, *, label: str, past_only: bool = True, **kwargs: Any) -> None:
        self.past_only = past_only
        kwargs.setdefault("help_text", "For example, 27 3 1980")
        super().__init__(label=label, **kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = [str(part or "").strip() for part in (value or [None, None, None])]
        day, month, year = parts
        name = self.label
        if not any(parts):
            return None
        missing = [label for label, part in zip(("a day", "a month", "a year"), parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{name} must include {' and '.join(missing)}")
        if not all(re.fullmatch(r"\d{1,4}", part) for part in parts):
            raise ValidationError(f"{name} must be a real date, in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            found = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{name} must be a real date") from error
        if self.past_only and found > timezone.localdate():
            raise ValidationError(f"{name} must be in the past")
        if found.year < 1900:
            raise ValidationError(f"{name} must be after 1900")
        return found

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(f"Enter the {self.label.lower()}")


class PeopleFormMixin:
    """Date fields get the "date" kind (rendered by frontdoor/people/_date_field.html)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            if isinstance(field, GovukDateField):
                field.widget = DateInput()
                field.govuk_kind = "date"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():
            if isinstance(field, GovukDateField):
                field.widget.in_error = name in (self._errors or {})  # type: ignore[attr-defined]


class Form(PeopleFormMixin, forms_govuk.Form):
    pass


# --- Checks shared by the forms ---------------------------------------------------------------------

def clean_postcode(raw: str) -> str:
    """A postcode we hold, normalised; empty if none was given."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        return places.lookup_postcode(text).postcode
    except places.PostcodeError as error:
        raise ValidationError(str(error)) from error


def _text(label: str, *, required: bool = False, max_length: int = 100, width: str = "", help_text: str = "",
          autocomplete: str = "", message: str = "") -> forms.CharField:
    attrs = {}
    if width:
        attrs["class"] = f"govuk-input--width-{width}"
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    errors = {"max_length": f"{label} must be {max_length} characters or fewer"}
    if message:
        errors["required"] = message
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text,
                           widget=forms.TextInput(attrs=attrs), error_messages=errors)


class ContactChecks:
    """The checks on a person's contact details shared by the forms that take them."""

    cleaned_data: dict

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_email(self) -> str:
        return clean_email(self.cleaned_data.get("email", ""))

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""))

    def check_contact_method(self) -> None:
        method = self.cleaned_data.get("preferred_contact")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not self.cleaned_data.get("phone") \
                and "phone" not in self.errors:  # type: ignore[attr-defined]
            self.add_error("phone", "Enter a phone number, or choose another way to get in touch")  # type: ignore
        if method == ContactMethod.EMAIL and not self.cleaned_data.get("email") \
                and "email" not in self.errors:  # type: ignore[attr-defined]
            self.add_error("email", "Enter an email address, or choose another way to get in touch")  # type: ignore


# --- Search ------------------------------------------------------------------------------------------


class PersonSearchForm(forms_govuk.Form):
    q = forms.CharField(
        label="Name, phone, email or postcode", required=False, max_length=200,
        help_text="For example, Jane Smith, 07700 900982, jane@example.com or DE7 8QA",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    dob = forms.DateField(
        label="Date of birth", required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date of birth, like 1980-03-27"},
    )

    def clean_dob(self) -> datetime.date | None:
        found = self.cleaned_data.get("dob")
        if found and found > timezone.localdate():
            raise ValidationError("Date of birth must be in the past")
        return found


# --- A person's details ------------------------------------------------------------------------------


class PersonDetailsForm(ContactChecks, Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    given_name = _text("Given name", required=True, autocomplete="off", message="Enter their given name")
    family_name = _text("Family name", autocomplete="off")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = _text("Postcode", max_length=10, width="10", help_text="For example, DE7 8QA")
    address = _text("Address", max_length=300)
    phone = _text("Phone", max_length=30, width="20", help_text="For example, 07700 900 982")
    email = _text("Email", max_length=254, help_text="For example, name@example.com")
    preferred_contact = forms.ChoiceField(
        label="How they would like to be contacted", required=False,
        choices=[("", "No preference"), *ContactMethod.choices], widget=forms.Select,
    )
    contact_times = _text("When it is best to get in touch", max_length=200)
    contact_notes = _text("Anything to know when getting in touch", max_length=300,
                          help_text="Such as: do not leave voicemail")
    language = _text("Language", max_length=50, width="20", help_text="If not English")

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_contact_method()
        return cleaned

    def details(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) if name == "date_of_birth" else (data.get(name) or "")
                for name in ("given_name", "family_name", "date_of_birth", "postcode", "address", "phone",
                             "email", "preferred_contact", "contact_times", "contact_notes", "language")}


# --- Consent -----------------------------------------------------------------------------------------


class ConsentForm(Form):
    scope = forms.ChoiceField(label="What they agreed to", choices=Consent.Scope.choices, widget=forms.RadioSelect,
                              error_messages={"required": "Choose what they agreed to"})
    method = forms.ChoiceField(
        label="How they agreed",
        choices=[(value, label) for value, label in Consent.Method.choices
                 if value not in (Consent.Method.ONLINE, Consent.Method.ONLINE_ON_BEHALF)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they agreed"},
    )
    statement = forms.CharField(label="The words they agreed to", widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=2000, error_messages={"required": "Enter the words they agreed to"})
    given_on = GovukDateField(label="When they agreed", required=True, help_text="For example, 27 3 2026")

    def given_at(self) -> datetime.datetime:
        day = self.cleaned_data["given_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class WithdrawConsentForm(forms_govuk.Form):
    note = forms.CharField(label="Why, or how they told you", required=False, max_length=300)


# --- Households --------------------------------------------------------------------------------------


class HouseholdMemberForm(Form):
    given_name = _text("Given name", required=True, message="Enter the given name of the person who lives with them")
    family_name = _text("Family name")
    relationship = _text("Relationship", max_length=50, width="20", help_text="Such as: partner, son, carer")
    date_of_birth = GovukDateField(label="Date of birth", required=False)


class LinkMemberForm(forms_govuk.Form):
    member = forms.UUIDField(widget=forms.HiddenInput, error_messages={"required": "Choose the person to add"})
    relationship = _text("Relationship", max_length=50, width="20", help_text="Such as: partner, son, carer")


class SafeguardingNoteForm(forms_govuk.Form):
    text = forms.CharField(label="Safeguarding note", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                           error_messages={"required": "Enter the note"})


# --- Merging -----------------------------------------------------------------------------------------


class MergeForm(forms_govuk.Form):
    keep = forms.ChoiceField(label="Which record to keep", widget=forms.RadioSelect,
                             error_messages={"required": "Choose which record to keep"})
    this_version = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = choices


# --- Staff intake ------------------------------------------------------------------------------------

NOT_GIVEN = "none"
CONSENT_CHOICES = [
    (Consent.Method.PHONE, "Spoken, on the phone"),
    (Consent.Method.IN_PERSON, "Spoken, in person"),
    (Consent.Method.WRITTEN, "In writing"),
    (NOT_GIVEN, "Not given: they did not agree, or were not asked"),
]
CHANNEL_CHOICES = [
    (HelpRequest.Channel.PHONE, "Phone"),
    (HelpRequest.Channel.IN_PERSON, "In person"),
    (HelpRequest.Channel.EMAIL, "Email"),
    (HelpRequest.Channel.PARTNER, "From a partner organisation"),
]


def need_choices() -> list[tuple[str, str]]:
    """Every need, parents before their children (indented), for checkboxes."""
    choices: list[tuple[str, str]] = []

    def add(need: Any, depth: int) -> None:
        choices.append((need.uuid, f"{'– ' * depth}{need.name}"))
        for child in need.children:
            add(child, depth + 1)

    for root in needs_index.tree():
        if root.taxonomy == needs_index.THRIVING_NEEDS:
            add(root, 0)
    return choices


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class IntakeForm(ContactChecks, Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    given_name = _text("Given name", required=True, autocomplete="off", message="Enter the person's given name")
    family_name = _text("Family name", autocomplete="off")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = _text("Postcode", max_length=10, width="10", help_text="For example, DE7 8QA")
    phone = _text("Phone", max_length=30, width="20", help_text="For example, 07700 900 982")
    email = _text("Email", max_length=254, help_text="For example, name@example.com")
    preferred_contact = forms.ChoiceField(label="How they would like to be contacted", required=False,
                                          choices=ContactMethod.choices, widget=forms.RadioSelect)
    contact_times = _text("When it is best to get in touch", max_length=200, help_text="For example, weekday mornings")
    description = forms.CharField(
        label="What is going on", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text="In the person's own words, as far as you can",
        error_messages={"required": "Enter what is going on", "max_length": "What is going on must be 5,000 "
                        "characters or fewer"},
    )
    needs = forms.MultipleChoiceField(label="What they need help with", required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"invalid_choice": "Choose needs from the list"})
    channel = forms.ChoiceField(label="How they asked", choices=CHANNEL_CHOICES, widget=forms.RadioSelect,
                                error_messages={"required": "Choose how they asked"})
    asked_by = forms.ChoiceField(label="Who asked", choices=HelpRequest.Asker.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose who asked"})
    asker_name = _text("Name of the person who asked", max_length=200,
                       help_text="If someone asked for them")
    asker_contact = _text("How to contact the person who asked", max_length=200)
    asker_relationship = _text("Their relationship to the person", max_length=100, width="20")
    immediate_risk = forms.BooleanField(label="Someone is at immediate risk of harm", required=False,
                                        help_text="The request will be marked urgent")
    consent = forms.ChoiceField(label="How they agreed to share their details with organisations that can help",
                                choices=CONSENT_CHOICES, widget=forms.RadioSelect,
                                error_messages={"required": "Choose how they agreed to share their details, "
                                                "or that they did not"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = need_choices()
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        elif not _is_uuid(self.data.get("submission_key", "")):
            # A form sent without its key (or with a spoilt one) gets a fresh key, not an error to fix.
            self.data = self.data.copy()
            self.data["submission_key"] = str(uuid.uuid4())

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_contact_method()
        if cleaned.get("asked_by") == HelpRequest.Asker.SOMEONE_ELSE:
            if not cleaned.get("asker_name") and "asker_name" not in self.errors:
                self.add_error("asker_name", "Enter the name of the person who asked")
            if not cleaned.get("asker_contact") and "asker_contact" not in self.errors:
                self.add_error("asker_contact", "Enter how to contact the person who asked")
        return cleaned

    def person_details(self) -> dict:
        data = self.cleaned_data
        return {
            "given_name": data["given_name"],
            "family_name": data.get("family_name", ""),
            "date_of_birth": data.get("date_of_birth"),
            "postcode": data.get("postcode", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "preferred_contact": data.get("preferred_contact", ""),
            "contact_times": data.get("contact_times", ""),
        }

    def need_ids(self) -> list[int]:
        index = needs_index.index()
        return [index.by_uuid[value].id for value in self.cleaned_data.get("needs", []) if value in index.by_uuid]

    def consent_method(self) -> str:
        value = self.cleaned_data.get("consent", "")
        return "" if value == NOT_GIVEN else value

