"""The signed token a public community form carries: a submission key (so sending the form twice
makes one record) and the moment the form was shown (the time trap that catches robots). Signed,
so it cannot be forged, and held in the page rather than the session, so it works across web
processes."""

import datetime
import time
import uuid

from django.conf import settings
from django.core import signing

SALT = "thriving.community.form"
DAY = datetime.timedelta(days=1)


def make_token(key: uuid.UUID | None = None) -> str:
    """A signed token holding a submission key and the moment the form was shown."""
    return signing.dumps({"k": str(key or uuid.uuid4()), "t": time.time()}, salt=SALT)


def read_token(token: str, max_age: datetime.timedelta | None = DAY) -> tuple[uuid.UUID, float] | None:
    """(submission key, seconds since the form was shown), or None for a missing, forged or (with
    `max_age`) expired token."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=max_age)
        return uuid.UUID(data["k"]), time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def too_fast(age: float) -> bool:
    """Sent sooner after the form was shown than a person could type it: a robot."""
    return age < settings.FRONTDOOR_MIN_SECONDS
