"""Cleaning what people type into contact fields, shared by every app's forms: phone numbers
and email addresses, with GOV.UK error messages."""

import re

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
