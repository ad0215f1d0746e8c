"""When a team huddles: a repeating series, one-off huddles, moving and cancelling one.

The huddles of the next eight weeks are made as rows when a series is saved, and topped up
when the team page is opened and by the daily action reminder task. Each huddle keeps the slot
(`series_slot`) the series first put it in, even when it is moved or cancelled; top-up fills only
the dates of the series that have no huddle yet, so a moved or cancelled huddle is never re-made
and a date after a gap is still made.
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.core.conflicts import Conflict
from thriving.teams.models import Huddle, HuddleSeries, Team
from thriving.teams.services.common import Action, Clash, TeamsError, change, require_member, when

AHEAD = datetime.timedelta(weeks=8)


def _moment(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


def occurrences(series: HuddleSeries, *, start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    """The dates of the series from `start` to `end` (inclusive), within its own first and last dates."""
    step = datetime.timedelta(weeks=series.every)
    day = series.first_on
    if day < start:
        day += step * ((start - day).days // step.days)
        if day < start:
            day += step
    last = min(end, series.until) if series.until else end
    while day <= last:
        yield day
        day += step


def find_clash(team: Team, starts_at: datetime.datetime, ends_at: datetime.datetime,
               exclude: Huddle | None = None) -> Huddle | None:
    """Another (not cancelled) huddle of the team that would overlap this time."""
    found = team.huddles.exclude(status=Huddle.Status.CANCELLED).filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.order_by("starts_at").first()


def _clash_message(clash: Huddle) -> str:
    return (f"This clashes with the team's huddle on {when(clash.starts_at)} "
            f"(until {timezone.localtime(clash.ends_at):%H:%M}). Choose another time.")


def _taken_days(series: HuddleSeries) -> set[datetime.date]:
    """The dates the series already has a huddle for (whatever became of it)."""
    return {timezone.localdate(slot) for slot in series.huddles.exclude(series_slot__isnull=True)
            .values_list("series_slot", flat=True)}


def _make(series: HuddleSeries, now: datetime.datetime) -> list[Huddle]:
    """Make the huddles of the series' dates in the next eight weeks that have none yet (skipping,
    for now, any date whose time would clash with another huddle of the team)."""
    made = []
    taken = _taken_days(series)
    for day in occurrences(series, start=timezone.localdate(now), end=timezone.localdate(now + AHEAD)):
        starts_at = _moment(day, series.starts_at)
        if starts_at < now or day in taken:
            continue
        ends_at = starts_at + datetime.timedelta(minutes=series.minutes)
        if series.team.huddles.filter(starts_at=starts_at).exists() or find_clash(
                series.team, starts_at, ends_at) is not None:
            continue
        made.append(Huddle.objects.create(team=series.team, series=series, series_slot=starts_at,
                                          starts_at=starts_at, ends_at=ends_at, place=series.place,
                                          place_text=series.place_text))
    return made


@transaction.atomic
def save_series(*, acting_user: Any, team: Team, first_on: datetime.date, starts_at: datetime.time, minutes: int,
                every: int, until: datetime.date | None = None, place: Any = None, place_text: str = "",
                now: datetime.datetime | None = None) -> HuddleSeries:
    """Set a repeating huddle and make its huddles for the next eight weeks. Refused, naming the
    clash, if any of them would overlap another huddle of the team."""
    require_member(acting_user, team)
    now = now or timezone.now()
    if until is not None and until < first_on:
        raise TeamsError("The last date must be on or after the first huddle.")
    if first_on < timezone.localdate(now):
        raise TeamsError("The first huddle must be today or later.")
    series = HuddleSeries(team=team, first_on=first_on, starts_at=starts_at, minutes=minutes, every=every,
                          until=until, place=place, place_text=place_text, created_by=acting_user)
    for day in occurrences(series, start=first_on, end=timezone.localdate(now + AHEAD)):
        begins = _moment(day, starts_at)
        clash = find_clash(team, begins, begins + datetime.timedelta(minutes=minutes))
        if clash is not None:
            raise Clash(_clash_message(clash))
    series.save()
    made = _make(series, now)
    audit.record(acting_user, "huddle_series.created", series, action=Action.CREATED,
                 changes={"huddles_made": len(made)})
    return series


@transaction.atomic
def end_series(*, acting_user: Any, series: HuddleSeries) -> HuddleSeries:
    """Stop a repeating huddle: its planned huddles still to come are cancelled."""
    require_member(acting_user, series.team)
    now = timezone.now()
    series.ended_at = now
    series.version += 1
    series.save(update_fields=["ended_at", "version"])
    series.huddles.filter(status=Huddle.Status.PLANNED, starts_at__gt=now).update(
        status=Huddle.Status.CANCELLED)
    audit.record(acting_user, "huddle_series.ended", series, action=Action.CHANGED)
    return series


def top_up(team: Team, now: datetime.datetime | None = None) -> int:
    """Make the huddles of the team's series that fall within the next eight weeks and are not
    made yet, by slot. Safe to run again: it adds nothing twice."""
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        for series in team.huddle_series.filter(ended_at__isnull=True):
            made += len(_make(series, now))
    return made


@transaction.atomic
def add_huddle(*, acting_user: Any, team: Team, starts_at: datetime.datetime, minutes: int,
               place: Any = None, place_text: str = "") -> Huddle:
    """A one-off huddle, refused if it overlaps another huddle of the team."""
    require_member(acting_user, team)
    if starts_at < timezone.now():
        raise TeamsError("The huddle must start in the future.")
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    clash = find_clash(team, starts_at, ends_at)
    if clash is not None:
        raise Clash(_clash_message(clash))
    huddle = Huddle.objects.create(team=team, starts_at=starts_at, ends_at=ends_at, place=place,
                                   place_text=place_text)
    audit.record(acting_user, "huddle.created", huddle, action=Action.CREATED)
    return huddle


@transaction.atomic
def move_huddle(*, acting_user: Any, huddle: Huddle, version: int, starts_at: datetime.datetime, minutes: int,
                place: Any = None, place_text: str = "") -> Huddle:
    """Move a planned huddle to another time or place, unless that clashes with another."""
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.PLANNED:
        raise TeamsError("Only a huddle that has not started can be moved.")
    if starts_at < timezone.now():
        raise TeamsError("The huddle must start in the future.")
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    clash = find_clash(huddle.team, starts_at, ends_at, exclude=huddle)
    if clash is not None:
        raise Clash(_clash_message(clash))
    before = {"starts_at": huddle.starts_at.isoformat(), "place": huddle.place_text}
    change(huddle, version, starts_at=starts_at, ends_at=ends_at, place=place, place_text=place_text)
    audit.record(acting_user, "huddle.moved", huddle, action=Action.CHANGED,
                 changes=audit.changes_between(before, {"starts_at": starts_at.isoformat(), "place": place_text}))
    return huddle


@transaction.atomic
def cancel_huddle(*, acting_user: Any, huddle: Huddle, version: int) -> Huddle:
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.PLANNED:
        raise TeamsError("Only a huddle that has not started can be cancelled.")
    change(huddle, version, status=Huddle.Status.CANCELLED)
    audit.record(acting_user, "huddle.cancelled", huddle, action=Action.CHANGED)
    return huddle


def _as_made(series: HuddleSeries, huddle: Huddle) -> bool:
    """A huddle still at the time, length and place the series gave it (not moved since)."""
    return (huddle.series_slot is not None and huddle.starts_at == huddle.series_slot
            and huddle.ends_at - huddle.starts_at == datetime.timedelta(minutes=series.minutes)
            and huddle.place_id == series.place_id and huddle.place_text == series.place_text)


def _on_series(series: HuddleSeries, day: datetime.date) -> bool:
    """Whether the series (as it now is) has a huddle on this date."""
    return (day >= series.first_on and (day - series.first_on).days % (7 * series.every) == 0
            and (series.until is None or day <= series.until))


def _series_fields(series: HuddleSeries) -> dict[str, Any]:
    return {"starts_at": series.starts_at.strftime("%H:%M"), "minutes": series.minutes, "every": series.every,
            "until": series.until.isoformat() if series.until else "",
            "place": series.place.name if series.place else series.place_text}


@transaction.atomic
def change_series(*, acting_user: Any, series: HuddleSeries, starts_at: datetime.time, minutes: int, every: int,
                  until: datetime.date | None = None, place: Any = None, place_text: str = "",
                  version: int | None = None, now: datetime.datetime | None = None) -> HuddleSeries:
    """Change when and where a repeating huddle is (its time, length, place, how often, until when).
    Its planned huddles still to come that were not moved follow the change (those no longer on
    the schedule are cancelled); running, finished, moved or cancelled ones stay as they are.
    Refused if the series was stopped meanwhile, and, naming the clash, if a huddle would overlap
    another huddle of the team."""
    require_member(acting_user, series.team)
    now = now or timezone.now()
    current = (HuddleSeries.objects.select_for_update(of=("self",))  # not the (nullable) place's row
               .select_related("team", "place").filter(pk=series.pk).first())
    if current is None or current.ended_at is not None:
        raise TeamsError("This huddle stopped repeating while you were changing it, so the change was not saved.")
    if version is not None and current.version != version:
        raise Conflict("Someone else changed this repeating huddle while you were working on it. "
                       "Check when it is now, then make your change again.")
    if until is not None and until < current.first_on:
        raise TeamsError("The last date must be on or after the first huddle.")
    team = current.team
    followers = [h for h in current.huddles.filter(status=Huddle.Status.PLANNED, starts_at__gt=now)
                 if _as_made(current, h)]
    before = _series_fields(current)
    current.starts_at, current.minutes, current.every, current.until = starts_at, minutes, every, until
    current.place, current.place_text = place, place_text
    length = datetime.timedelta(minutes=minutes)
    moving, dropping = [], []
    for huddle in followers:
        day = timezone.localdate(huddle.series_slot)
        if _on_series(current, day) and _moment(day, starts_at) > now:
            moving.append((huddle, _moment(day, starts_at)))
        else:
            dropping.append(huddle)
    kept_days = _taken_days(current) - {timezone.localdate(h.series_slot) for h in followers}
    new_times = [_moment(day, starts_at) for day in occurrences(
        current, start=timezone.localdate(now), end=timezone.localdate(now + AHEAD))
        if day not in kept_days and _moment(day, starts_at) > now]
    others = team.huddles.exclude(status=Huddle.Status.CANCELLED).exclude(pk__in=[h.pk for h in followers])
    for begins in sorted({*new_times, *(t for _, t in moving)}):
        clash = others.filter(starts_at__lt=begins + length, ends_at__gt=begins).order_by("starts_at").first()
        if clash is not None:
            raise Clash(_clash_message(clash))
    current.version += 1
    current.save(update_fields=["starts_at", "minutes", "every", "until", "place", "place_text", "version"])
    for huddle in dropping:
        change(huddle, huddle.version, status=Huddle.Status.CANCELLED)
    for huddle, begins in moving:
        change(huddle, huddle.version, starts_at=begins, ends_at=begins + length, series_slot=begins,
               place=place, place_text=place_text)
    made = _make(current, now)
    audit.record(acting_user, "huddle_series.changed", current, action=Action.CHANGED,
                 changes={**audit.changes_between(before, _series_fields(current)), "huddles_moved": len(moving),
                          "huddles_cancelled": len(dropping), "huddles_made": len(made)})
    series.refresh_from_db()
    return current
