"""Normalised keys for finding the same person again: sound-alike names, phone digits, email.

Kept on `Person` (indexed) so that likely matches are found with indexed look-ups, then scored
in `thriving.frontdoor.queries.matching`.
"""

import re
import unicodedata

import jellyfish

from thriving.places.queries import normalise_postcode


def plain(text: str) -> str:
    """Lower case letters only, accents dropped: "O'Brien-Smith" -> "obriensmith"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return re.sub(r"[^a-z]", "", decomposed.encode("ascii", "ignore").decode().lower())


def name_key(name: str) -> str:
    """A sound-alike key (metaphone), so Smith and Smyth, Catherine and Kathryn meet."""
    letters = plain(name)
    return jellyfish.metaphone(letters)[:20] if letters else ""


def phone_key(phone: str) -> str:
    """The last ten digits of a UK number: +44 7700 900123 and 07700 900123 meet."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("44") and len(digits) > 10:
        digits = digits[2:]
    return digits[-10:] if len(digits) >= 10 else digits


def email_key(email: str) -> str:
    return (email or "").strip().lower()


def postcode_key(postcode: str) -> str:
    try:
        return normalise_postcode(postcode) if postcode else ""
    except ValueError:
        return (postcode or "").strip().upper()


def apply(person) -> None:  # noqa: ANN001  a Person
    """Set the person's keys from their details, before saving."""
    person.family_key = name_key(person.family_name)
    person.given_key = name_key(person.given_name)
    person.phone_key = phone_key(person.phone)
    person.email_key = email_key(person.email)
    person.postcode = postcode_key(person.postcode)
