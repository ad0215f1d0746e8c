"""What the front door's staff forms share: a GOV.UK date input (day, month and year boxes,
impossible dates caught), the base form that renders it, a text field with GOV.UK messages, the
needs grouped under their top-level need, and the checks on a person's names and contact details."""

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thriving.core.cleaning import clean_email, clean_name, clean_phone
from thriving.core.forms import govuk as forms_govuk
from thriving.directory.queries import needs as needs_index
from thriving.frontdoor.models import ContactMethod
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


# --- Needs, grouped under their top-level need -------------------------------------------------------

NeedGroups = list[tuple[str, list[tuple[str, str]]]]


def grouped_needs(roots: list[needs_index.Need] | None = None) -> NeedGroups:
    """Choices for `GroupedCheckboxes`: one group for each top-level need (of `roots`, every one in
    the taxonomy by default), holding the need itself ("Food in general") and the needs below it,
    deeper ones indented."""
    groups: NeedGroups = []

    def below(need: needs_index.Need, depth: int) -> list[tuple[str, str]]:
        found = []
        for child in need.children:
            found.append((child.uuid, f"{'– ' * depth}{child.name}"))
            found.extend(below(child, depth + 1))
        return found

    for root in needs_index.tree() if roots is None else roots:
        children = below(root, 0)
        groups.append((root.name, [(root.uuid, f"{root.name} in general" if children else root.name), *children]))
    return groups


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


def text_field(label: str, *, required: bool = False, max_length: int = 100, width: str = "", help_text: str = "",
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


class NameChecks:
    """A person's given and family names: a name made only of spaces, invisible or control
    characters is refused, and what surrounds a name is trimmed."""

    cleaned_data: dict

    def clean_given_name(self) -> str:
        return clean_name(self.cleaned_data.get("given_name", ""), message="Enter the given name using letters")

    def clean_family_name(self) -> str:
        return clean_name(self.cleaned_data.get("family_name", ""), message="Enter the family name using letters")


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
