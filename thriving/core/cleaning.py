"""Cleaning what people type into contact fields and names, shared by every app's forms: phone
numbers, email addresses and people's names, with GOV.UK error messages."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s()\-.]+$")


def clean_phone(raw: str) -> str:
    text = " ".join((raw or "").split())
    if not text:
        return ""
    digits = re.sub(r"\D", "", text)
    if not PHONE_CHARACTERS.match(text) or not 10 <= len(digits) <= 13:
        raise ValidationError("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    if text.startswith("+") and not digits.startswith("44") and len(digits) < 10:
        raise ValidationError("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    if not text.startswith("+") and not digits.startswith("0"):
        raise ValidationError("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    return text


def clean_email(raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError as error:
        raise ValidationError("Enter an email address in the correct format, like name@example.com") from error
    return text


# Characters that show nothing although Unicode counts them as letters (the Hangul fillers).
BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}


def _invisible(character: str) -> bool:
    """Whitespace, a control or format character (such as a zero-width space, U+200B to U+200D,
    U+2060 or U+FEFF), or a letter that shows nothing."""
    return (character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp")
            or character in BLANK_LETTERS)


def clean_name(raw: str, *, message: str = "Enter a name using letters") -> str:
    """A person's name as typed, without the whitespace and invisible characters around it. A name
    with no visible letter (only spaces, zero-width or control characters, or only digits and
    marks) is refused with `message`; nothing typed at all gives "" for the form to require or not."""
    text = raw or ""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    name = text[start:end]
    if not name and not text.strip():
        return ""
    if not any(unicodedata.category(c).startswith("L") and c not in BLANK_LETTERS for c in name):
        raise ValidationError(message)
    return name


class ResidentContactCleaning:
    """For a public form's `name`, `email` and `phone` fields, as a resident types them: a name
    with visible letters (required), and an email address and phone number if given."""

    cleaned_data: dict

    def clean_name(self) -> str:
        value = " ".join(clean_name(self.cleaned_data.get("name", ""), message="Enter your name using letters").split())
        if not value:
            raise ValidationError("Enter your name")
        return value

    def clean_email(self) -> str:
        return clean_email(self.cleaned_data.get("email", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))
