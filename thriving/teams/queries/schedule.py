"""Reading a team's huddles: those to come and those past, and whether a person may read a huddle's
record. A huddle itself is fetched through its scope (`get_visible_or_404(huddles(), user, ...)`):
the team's current members and linked enablers only."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thriving.teams.models import Huddle, Team


def upcoming_huddles(team: Team, now: datetime.datetime | None = None) -> QuerySet[Huddle]:
    now = now or timezone.now()
    return (team.huddles.filter(ends_at__gte=now).exclude(status=Huddle.Status.CANCELLED)
            .select_related("place").order_by("starts_at"))


def past_huddles(team: Team, now: datetime.datetime | None = None) -> QuerySet[Huddle]:
    now = now or timezone.now()
    return team.huddles.filter(ends_at__lt=now).order_by("-starts_at")


def huddles() -> QuerySet[Huddle]:
    """Huddles with what their pages show of them (their team, note-taker and place), to fetch one
    through its scope."""
    return Huddle.objects.select_related("team", "team__locality", "note_taker", "place")


def minutes_readable(user: Any, huddle: Huddle) -> bool:
    """Whether the person may read the huddle's record (the `read_minutes` scope): every member
    while it is to come or running; once finished, the note-taker until the minutes are shared,
    then every member."""
    return Huddle.objects.visible_to(user, "read_minutes").filter(pk=huddle.pk).exists()


def starts_early(huddle: Huddle, today: datetime.date | None = None) -> bool:
    """The huddle is planned for a later day than today (starting it now asks for a confirmation)."""
    return timezone.localdate(huddle.starts_at) > (today or timezone.localdate())
