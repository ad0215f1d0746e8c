"""Reading a team's huddles: those to come and those past, and one huddle, for the team's current
members and linked enablers only."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from thriving.teams.models import Huddle, Team
from thriving.teams.queries import teams


def upcoming_huddles(team: Team, now: datetime.datetime | None = None) -> QuerySet[Huddle]:
    now = now or timezone.now()
    return (team.huddles.filter(ends_at__gte=now).exclude(status=Huddle.Status.CANCELLED)
            .select_related("place").order_by("starts_at"))


def past_huddles(team: Team, now: datetime.datetime | None = None) -> QuerySet[Huddle]:
    now = now or timezone.now()
    return team.huddles.filter(ends_at__lt=now).order_by("-starts_at")


def huddle_for(user: Any, team: Team, huddle_uuid: Any) -> Huddle:
    """A huddle of the team, for its members and linked enablers only."""
    if not teams.is_member(user, team):
        raise Http404("No such huddle")
    huddle = team.huddles.filter(uuid=huddle_uuid).select_related("note_taker", "place").first()
    if huddle is None:
        raise Http404("No such huddle")
    return huddle
