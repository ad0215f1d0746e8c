"""Reading HSDS values strictly: each bad value becomes a refusal naming the record and why."""

import datetime
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.dateparse import parse_date, parse_time

from thriving.directory.interchange.bundle import Row

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
    """Values of one row; problems go to the shared list."""

    def __init__(self, row: Row, problems: list[str], warnings: list[str]) -> None:
        self.row, self.problems, self.warnings = row, problems, warnings

    def has(self, name: str) -> bool:
        return name in self.row.data

    def raw(self, name: str) -> str:
        value = self.row.data.get(name)
        return "" if value is None else str(value).strip()

    def refuse(self, message: str) -> None:
        self.problems.append(f"{self.row.where}: {message}")

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.row.where}: {message}")

    def text(self, name: str, limit: int | None = None, required: bool = False) -> str | None:
        """The text, or None when the record does not have the field at all."""
        if not self.has(name):
            if required:
                self.refuse(f"{name} missing")
            return None
        value = self.raw(name)
        if required and not value:
            self.refuse(f"{name} missing")
        if limit and len(value) > limit:
            self.refuse(f"{name} is longer than {limit} characters")
        return value

    def choice(self, name: str, allowed: list[str], required: bool = False, default: str | None = None) -> str | None:
        value = self.text(name, required=required)
        if not value:
            return default
        if value not in allowed:
            self.refuse(f"{name} '{value}' is not one of {', '.join(allowed)}")
        return value

    def url(self, name: str, limit: int = 500) -> str | None:
        value = self.text(name, limit)
        if value:
            try:
                _url(value)
            except ValidationError:
                self.refuse(f"{name} '{value[:60]}' is not a web address")
        return value

    def email(self, name: str) -> str | None:
        value = self.text(name, 254)
        if value:
            try:
                _email(value)
            except ValidationError:
                self.refuse(f"{name} '{value[:60]}' is not an email address")
        return value

    def number(self, name: str, low: float | None = None, high: float | None = None) -> float | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            found = float(value)
        except ValueError:
            self.refuse(f"{name} '{value[:40]}' is not a number")
            return None
        if (low is not None and found < low) or (high is not None and found > high):
            self.refuse(f"{name} {value} is out of range")
        return found

    def whole(self, name: str, low: int = 0, high: int = 32767) -> int | None:
        found = self.number(name, low, high)
        if found is not None and found != int(found):
            self.refuse(f"{name} {found} is not a whole number")
        return None if found is None else int(found)

    def date(self, name: str) -> datetime.date | None:
        value = self.raw(name)
        if not value:
            return None
        try:
            found = parse_date(value[:10])
        except ValueError:
            found = None
        if found is None:
            self.refuse(f"{name} '{value[:40]}' is not a date like 2025-01-31")
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
            self.refuse(f"{name} '{value[:40]}' is not a time like 09:30:00")
        return found

    def byday(self, name: str) -> str:
        value = self.raw(name).upper().replace(" ", "")
        if value and not all(BYDAY.match(day) for day in value.split(",")):
            self.refuse(f"{name} '{value[:40]}' is not a list of days like MO,WE,FR")
        if len(value) > 40:
            self.refuse(f"{name} is longer than 40 characters")
        return value

    def ref(self, name: str) -> str:
        return self.raw(name)
