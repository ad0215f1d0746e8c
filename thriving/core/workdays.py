"""Working days: not weekends or English bank holidays. Referrals are due a number of them later."""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The same time of day, `days` working days (not weekends or English bank holidays) later."""
    local = timezone.localtime(start)
    day, remaining = local.date(), days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    # The same wall-clock time on that day, whatever the clocks did in between.
    return datetime.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=local.tzinfo)
