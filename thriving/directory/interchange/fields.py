"""Reading HSDS values strictly: each bad value becomes a refusal naming the record and why."""

import datetime
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from thriving.directory.interchange import normalise
from thriving.directory.interchange.bundle import Row
from thriving.directory.interchange.report import Note

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/thriving/openreferral-ids")
BYDAY = re.compile(r"^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$")
_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def to_uuid(kind: str, raw: Any) -> uuid.UUID:
    """HSDS ids are UUIDs and are kept; any other id gets a stable UUID derived from it."""
    text = str(raw).strip()
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid5(NAMESPACE, f"{kind}:{text}")


class Reader:
    """Values of one row; problems and warnings go to the shared lists. An empty string is a
    value the record does not have."""

    def __init__(self, row: Row, problems: list[Note], warnings: list[Note]) -> None:
        self.row, self.problems, self.warnings = row, problems, warnings

    def has(self, name: str) -> bool:
        return name in self.row.data

    def raw(self, name: str) -> str:
        value = self.row.data.get(name)
        return "" if value is None else normalise.spaces(str(value))

    def refuse(self, message: str, field: str = "", value: Any = "") -> None:
        self.problems.append(self.row.note(message, field=field, value=value))

    def warn(self, message: str, field: str = "", value: Any = "") -> None:
        self.warnings.append(self.row.note(message, field=field, value=value))

    def text(self, name: str, limit: int | None = None, required: bool = False) -> str | None:
        """The text, or None when the record does not have the field at all."""
        if not self.has(name):
            if required:
                self.refuse(f"{name} missing", name)
            return None
        value = self.raw(name)
        if required and not value:
            self.refuse(f"{name} missing", name)
        if limit and len(value) > limit:
            self.refuse(f"{name} is longer than {limit} characters", name, value)
        return value

    def prose(self, name: str) -> str | None:
        """Free text, any length; HTML becomes plain text (sanitised), with a warning."""
        value = self.text(name)
        if value and normalise.is_html(value):
            value = normalise.text_of_html(value)
            self.warn(f"{name} held HTML; kept as plain text", name, self.raw(name))
        return value

    def _cleaned(self, name: str, cleaner, what: str) -> str:
        original = "" if self.row.data.get(name) is None else str(self.row.data.get(name))
        value = cleaner(original)
        if value != original:
            self.warn(f"{name} {what}", name, original)
        return value

    def choice(self, name: str, allowed: list[str], required: bool = False, default: str | None = None) -> str | None:
        value = self.text(name, required=required)
        if not value:
            return default
        if value not in allowed:
            self.refuse(f"{name} '{value}' is not one of {', '.join(allowed)}", name, value)
        return value

    def url(self, name: str, limit: int = 500) -> str | None:
        if not self.has(name):
            return None
        value = self._cleaned(name, normalise.url, "was put right (spaces, or https:// added)")
        if len(value) > limit:
            self.refuse(f"{name} is longer than {limit} characters", name, value)
        if value:
            try:
                _url(value)
            except ValidationError:
                self.refuse(f"{name} '{value[:60]}' is not a web address", name, value)
        return value

    def email(self, name: str) -> str | None:
        if not self.has(name):
            return None
        value = self._cleaned(name, normalise.email, "was put right (spaces or a trailing dot removed)")
        if len(value) > 254:
            self.refuse(f"{name} is longer than 254 characters", name, value)
        if value:
            try:
                _email(value)
            except ValidationError:
                self.refuse(f"{name} '{value[:60]}' is not an email address", name, value)
        return value

    def phone(self, name: str, limit: int = 30) -> str:
        value = self._cleaned(name, normalise.phone, "was put right (spaces, quotes or a trailing dot removed)")
        if len(value) > limit:
            self.refuse(f"{name} is longer than {limit} characters", name, value)
        return value

    def number(self, name: str, low: float | None = None, high: float | None = None) -> float | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            found = float(value)
        except ValueError:
            self.refuse(f"{name} '{value[:40]}' is not a number", name, value)
            return None
        if (low is not None and found < low) or (high is not None and found > high):
            self.refuse(f"{name} {value} is out of range", name, value)
        return found

    def whole(self, name: str, low: int = 0, high: int = 32767) -> int | None:
        found = self.number(name, low, high)
        if found is not None and found != int(found):
            self.refuse(f"{name} {found} is not a whole number", name, found)
        return None if found is None else int(found)

    def age(self, name: str) -> int | None:
        """An age in years; -1, as many feeds write it, is no limit."""
        if self.raw(name) in ("-1", "-1.0"):
            self.warn(f"{name} -1 means no limit; kept as none", name, "-1")
            return None
        return self.whole(name, 0, 150)

    def moment(self, name: str) -> datetime.datetime | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            found = parse_datetime(value.replace(" ", "T", 1)) or (
                datetime.datetime.combine(parse_date(value), datetime.time()) if parse_date(value) else None
            )
        except ValueError:
            found = None
        if found is None:
            self.refuse(f"{name} '{value[:40]}' is not a date and time like 2025-01-31T09:30:00Z", name, value)
            return None
        return found if timezone.is_aware(found) else timezone.make_aware(found, datetime.UTC)

    def date(self, name: str) -> datetime.date | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            found = parse_date(value[:10])
        except ValueError:
            found = None
        if found is None:
            self.refuse(f"{name} '{value[:40]}' is not a date like 2025-01-31", name, value)
        return found

    def time(self, name: str) -> datetime.time | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            found = parse_time(value.removesuffix("Z"))
        except ValueError:
            found = None
        if found is None:
            self.refuse(f"{name} '{value[:40]}' is not a time like 09:30:00", name, value)
        return found

    def byday(self, name: str) -> str:
        value = self.raw(name).upper().replace(" ", "")
        if value and not all(BYDAY.match(day) for day in value.split(",")):
            self.refuse(f"{name} '{value[:40]}' is not a list of days like MO,WE,FR", name, value)
        if len(value) > 40:
            self.refuse(f"{name} is longer than 40 characters", name, value)
        return value

    def ref(self, name: str) -> str:
        return self.raw(name)
