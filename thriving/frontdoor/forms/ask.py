"""The questions of the public "Ask for help" journey, one small form per page.

Every form says what is wrong in plain words, all at once, and keeps what was typed. Answers are
kept in the session between pages as plain strings and lists (see `views/journey.py`).
"""

import re
from typing import Any

from django import forms
from django.core.validators import validate_email

from thriving.core.cleaning import clean_name
from thriving.core.forms import govuk as forms_govuk
from thriving.directory.queries import needs as directory_needs
from thriving.frontdoor.models import ContactMethod, HelpRequest
from thriving.places import queries as places

YES_NO = [("yes", "Yes"), ("no", "No")]
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
REFERENCE_FORMAT = "Enter the reference as we gave it, like TH-ABCD-EF23"


def required(message: str, **more: str) -> dict[str, str]:
    return {"required": message, **more}


# ---------------------------------------------------------------------------------------------
# UK phone numbers


PHONE_ALLOWED = re.compile(r"^\+?[\d\s()\-]+$")
MOBILE = re.compile(r"^07([1-57-9]\d{8}|624\d{6})$")  # not 070 (personal numbers) or 076 (pagers)
ANY_UK = re.compile(r"^0[1235789]\d{8,9}$")


def uk_national_number(raw: str) -> str:
    """'+44 (0)7700 900123' -> '07700900123'. Raises ValidationError when it is not a UK number."""
    text = (raw or "").strip()
    if not PHONE_ALLOWED.match(text):
        raise forms.ValidationError(
            "Enter a phone number using only numbers, spaces and a + at the start, like 01332 640000 or 07700 900982"
        )
    digits = re.sub(r"[\s()\-]", "", text.replace("(0)", ""))
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("+"):
        raise forms.ValidationError("Enter a UK phone number, starting with 0 or +44")
    if digits.startswith("00"):  # +44 0 7700 ...
        digits = digits[1:]
    if not digits.startswith("0"):
        raise forms.ValidationError("Enter a UK phone number, starting with 0 or +44")
    if len(digits) < 10:
        raise forms.ValidationError("The phone number is too short: a UK number has 10 or 11 digits, starting with 0")
    if len(digits) > 11:
        raise forms.ValidationError("The phone number is too long: a UK number has 10 or 11 digits, starting with 0")
    if not ANY_UK.match(digits):
        raise forms.ValidationError("Enter a real UK phone number, like 01332 640000 or 07700 900982")
    return digits


def tidy_phone(raw: str) -> str:
    """What the person typed, with runs of spaces made single (kept as they wrote it)."""
    return " ".join((raw or "").split())


class UKPhoneField(forms.CharField):
    def __init__(self, *, mobile: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.mobile = mobile
        self.widget.attrs.update({"autocomplete": "tel", "spellcheck": "false"})
        self.widget.input_type = "tel"

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        national = uk_national_number(value)
        if self.mobile and not MOBILE.match(national):
            raise forms.ValidationError("Enter a UK mobile phone number that can get text messages, like 07700 900982")
        return tidy_phone(value)


# ---------------------------------------------------------------------------------------------
# The questions


class AskForm(forms_govuk.Form):
    """A question of the journey. Inputs carry no maxlength: a browser would cut what people type
    without saying so, where the form says what is too long and keeps it. No `required` attributes
    either: the form checks every answer at once and says what is wrong in its own words."""

    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


class DangerForm(AskForm):
    danger = forms.ChoiceField(
        label="Is anyone in immediate danger or at risk of harm right now?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=required("Select yes if anyone is in immediate danger or at risk of harm right now"),
    )


class WhoForm(AskForm):
    asked_by = forms.ChoiceField(
        label="Who needs help?",
        choices=[
            (HelpRequest.Asker.SELF, "I do"),
            (HelpRequest.Asker.SOMEONE_ELSE, "Someone I know, and they have agreed that I ask for them"),
        ],
        widget=forms.RadioSelect,
        error_messages=required("Select who needs help"),
    )


class AskerForm(AskForm):
    asker_name = forms.CharField(
        label="Your full name", max_length=200,
        error_messages=required("Enter your full name", max_length="Your name must be 200 characters or fewer"),
    )
    asker_contact = forms.CharField(
        label="How can we reach you?", max_length=200,
        help_text="A phone number or email address, in case we need to check something with you",
        error_messages=required("Enter a phone number or email address we can reach you on",
                                max_length="How we can reach you must be 200 characters or fewer"),
    )
    asker_relationship = forms.CharField(
        label="How do you know them?", max_length=100,
        help_text="For example: neighbour, daughter, friend, support worker",
        error_messages=required("Enter how you know the person who needs help",
                                max_length="How you know them must be 100 characters or fewer"),
    )
    agreed = forms.BooleanField(
        label="They know I am asking for help for them, and they agree",
        error_messages=required("Confirm that the person knows you are asking and agrees"),
    )

    def clean_asker_name(self) -> str:
        return clean_name(self.cleaned_data["asker_name"], message="Enter your full name using letters")

    def clean_asker_contact(self) -> str:
        value = self.cleaned_data["asker_contact"].strip()
        if "@" in value:
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError(EMAIL_FORMAT) from None
            return value
        if re.search(r"[^\d\s()+\-]", value):
            raise forms.ValidationError("Enter a UK phone number or an email address, like 07700 900982 or "
                                        "name@example.com")
        uk_national_number(value)
        return tidy_phone(value)


class NameForm(AskForm):
    given_name = forms.CharField(
        label="First name", max_length=100,
        error_messages=required("Enter a first name", max_length="The first name must be 100 characters or fewer"),
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, required=False,
        error_messages={"max_length": "The last name must be 100 characters or fewer"},
    )

    def __init__(self, *args: Any, someone_else: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_name"].widget.attrs["autocomplete"] = "off" if someone_else else "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "off" if someone_else else "family-name"
        self.fields["given_name"].widget.attrs["spellcheck"] = "false"
        self.fields["family_name"].widget.attrs["spellcheck"] = "false"

    def clean_given_name(self) -> str:
        return clean_name(self.cleaned_data["given_name"], message="Enter a first name using letters")

    def clean_family_name(self) -> str:
        return clean_name(self.cleaned_data["family_name"], message="Enter a last name using letters")


DESCRIPTION_MAX = 5000


class StoryForm(AskForm):
    description = forms.CharField(
        label="What is going on?",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Tell us in your own words. Say as much or as little as you like.",
        error_messages=required(
            "Tell us what is going on",
            max_length=f"What is going on must be {DESCRIPTION_MAX:,} characters or fewer",
        ),
    )

    def clean_description(self) -> str:
        value = self.cleaned_data["description"].strip()
        if not value:
            raise forms.ValidationError("Tell us what is going on")
        return value


def need_choices() -> list[tuple[str, str]]:
    """The top-level needs of the council's own vocabulary (or of every taxonomy if it has none)."""
    roots = directory_needs.tree()
    own = [need for need in roots if need.taxonomy == directory_needs.THRIVING_NEEDS] or roots
    return [(need.uuid, need.name) for need in own]


class NeedsForm(AskForm):
    needs = forms.MultipleChoiceField(
        label="What do you need help with?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or none if you are not sure.",
        error_messages={"invalid_choice": "Select needs from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = need_choices()


class PostcodeForm(AskForm):
    postcode = forms.CharField(
        label="Postcode", max_length=20, required=False,
        help_text="For example, DE7 4AA",
        error_messages={"max_length": "Enter a real postcode, like DE7 4AA"},
    )
    dont_know = forms.BooleanField(label="I do not know the postcode", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "spellcheck": "false", "class": "govuk-input govuk-input--width-10"}
        )
        self.locality_name = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        raw = (data.get("postcode") or "").strip()
        if "postcode" in self.errors:
            return data
        if data.get("dont_know"):
            if raw:
                self.add_error("postcode", "Enter the postcode or select “I do not know the postcode”, not both")
            data["postcode"] = ""
            return data
        try:
            answer = places.lookup_postcode(raw)
        except places.MalformedPostcode as error:
            message = str(error)
            if not raw:
                message = "Enter a postcode, or select “I do not know the postcode”"
            self.add_error("postcode", message)
            return data
        except places.UnknownPostcode as error:
            self.add_error(
                "postcode",
                f"{error} If you live somewhere else, select “I do not know the postcode” and we will still help.",
            )
            return data
        data["postcode"] = answer.postcode
        self.locality_name = answer.locality.name if answer.locality else ""
        return data


class ContactForm(AskForm):
    """How and when to get in touch. The detail that goes with the way chosen (an email address,
    a phone number, an address) is the next question, so that each page asks one thing."""

    contact_method = forms.ChoiceField(
        label="How should we contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages=required("Select how we should contact you"),
    )
    contact_times = forms.CharField(
        label="When is it best to get in touch?", max_length=200, required=False,
        help_text="For example: weekday mornings, not after 6pm",
        error_messages={"max_length": "When to get in touch must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, someone_else: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if someone_else:
            self.fields["contact_method"].label = "How should we contact them?"
            self.fields["contact_method"].error_messages["required"] = "Select how we should contact them"
        self.fields["contact_times"].widget.attrs["autocomplete"] = "off"


class ContactDetailForm(AskForm):
    """The one detail the chosen way of contact needs: its field is named after what it keeps."""

    QUESTIONS = {
        # method: (kept as, label as the page's heading, required, message when empty)
        ContactMethod.EMAIL: ("email", "What is {your} email address?", True, "Enter an email address"),
        ContactMethod.PHONE: ("phone", "What number should we call?", True, "Enter a phone number"),
        ContactMethod.TEXT: ("phone", "What mobile number should we text?", True, "Enter a mobile phone number"),
        ContactMethod.LETTER: ("address", "What address should we write to?", True, "Enter the address for letters"),
        ContactMethod.IN_PERSON: ("phone", "What number can we call to arrange a time and place?", False, ""),
    }
    HINTS = {
        ContactMethod.EMAIL: "We will only use it about this request.",
        ContactMethod.PHONE: "A UK landline or mobile number, like 01332 640000 or 07700 900982.",
        ContactMethod.TEXT: "A UK mobile number, like 07700 900982.",
        ContactMethod.LETTER: "The house number or name and street. We have the postcode.",
        ContactMethod.IN_PERSON: "A UK phone number. If there is none, we will write to you or wait to hear from you.",
    }

    def __init__(self, *args: Any, method: str, someone_else: bool = False, **kwargs: Any) -> None:
        self.keeps, label, is_required, empty = self.QUESTIONS[ContactMethod(method)]
        label = label.format(your="their" if someone_else else "your")
        hint = self.HINTS[ContactMethod(method)]
        messages = required(empty) if is_required else {}
        if self.keeps == "email":
            field: forms.Field = forms.CharField(
                label=label, max_length=254, help_text=hint,
                error_messages={**messages, "max_length": "The email address must be 254 characters or fewer"},
            )
            field.widget.input_type = "email"
            field.widget.attrs.update({"autocomplete": "off" if someone_else else "email", "spellcheck": "false"})
        elif self.keeps == "address":
            field = forms.CharField(
                label=label, max_length=300, help_text=hint, widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={**messages, "max_length": "The address must be 300 characters or fewer"},
            )
            field.widget.attrs["autocomplete"] = "off" if someone_else else "street-address"
        else:
            field = UKPhoneField(label=label, help_text=hint, required=is_required,
                                 mobile=method == ContactMethod.TEXT, error_messages=messages)
            if someone_else:
                field.widget.attrs["autocomplete"] = "off"
        self.base_fields = {"detail": field}  # this form's one question, set before the form copies its fields
        super().__init__(*args, **kwargs)

    def clean_detail(self) -> str:
        value = (self.cleaned_data["detail"] or "").strip()
        if self.keeps == "email" and value:
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError(EMAIL_FORMAT) from None
        return value


class ConsentForm(AskForm):
    consent = forms.ChoiceField(
        label="Do you agree?",
        choices=[("yes", "Yes, I agree"), ("no", "No, I do not agree")],
        widget=forms.RadioSelect,
        error_messages=required("Select yes if you agree that we share your request"),
    )


class StatusForm(AskForm):
    reference = forms.CharField(
        label="Reference", max_length=20,
        help_text="It starts with TH-, for example TH-ABCD-EF23",
        error_messages=required("Enter your reference", max_length=REFERENCE_FORMAT),
    )
    postcode = forms.CharField(
        label="Postcode", max_length=20,
        help_text="The postcode you gave when you asked for help",
        error_messages=required("Enter the postcode", max_length="Enter a real postcode, like DE7 4AA"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off",
                                                     "class": "govuk-input govuk-input--width-20"})
        self.fields["postcode"].widget.attrs.update({"spellcheck": "false", "autocomplete": "postal-code",
                                                    "class": "govuk-input govuk-input--width-10"})

    def clean_reference(self) -> str:
        compact = re.sub(r"[^A-Z0-9]", "", self.cleaned_data["reference"].upper())
        if compact.startswith("TH"):
            compact = compact[2:]
        if len(compact) != 8:
            raise forms.ValidationError(REFERENCE_FORMAT)
        return f"TH-{compact[:4]}-{compact[4:]}"

    def clean_postcode(self) -> str:
        try:
            return places.normalise_postcode(self.cleaned_data["postcode"])
        except places.MalformedPostcode as error:
            raise forms.ValidationError(str(error)) from None
