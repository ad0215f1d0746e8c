"""Reading asks to enablers, already narrowed to what the person asking may see (the scopes in
`thriving.teams.policy`): the asks of the teams they are in (as a member, a volunteer or a linked
enabler), and the asks put to them; the report across teams counts every ask for those who may
read it."""

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.utils import timezone

from thriving.core.models import Role
from thriving.teams.models import Ask, AskEvent, Huddle, Team, TeamMember
from thriving.teams.policy import current_places

# An ask still waiting for its enabler: awaiting, or passed on (escalated) to another enabler.
OPEN = (Ask.Status.AWAITING, Ask.Status.ESCALATED)
OUTCOMES = [
    (Ask.Status.AWAITING, "Awaiting"),
    (Ask.Status.GRANTED, "Granted"),
    (Ask.Status.DECLINED, "Declined"),
    (Ask.Status.ESCALATED, "Escalated, awaiting"),
    (Ask.Status.WITHDRAWN, "Withdrawn"),
]
ANSWERED = (Ask.Status.GRANTED, Ask.Status.DECLINED)


def is_asking_member(user: Any, team: Team) -> bool:
    """Whether the person is a current member or volunteer of the team (linked enablers do not ask
    themselves)."""
    return current_places(user).filter(team=team).exclude(kind=TeamMember.Kind.ENABLER).exists()


def team_enablers(team: Team) -> QuerySet:
    """The people linked to the team as its enablers, now."""
    return get_user_model().objects.filter(
        team_places__team=team, team_places__kind=TeamMember.Kind.ENABLER, team_places__left_at__isnull=True,
        is_active=True,
    ).order_by("full_name", "email").distinct()


def enablers_to_escalate_to(user: Any) -> QuerySet:
    """Everyone holding the enabler role, other than the person passing the ask on."""
    return get_user_model().objects.filter(memberships__role=Role.ENABLER, is_active=True).exclude(
        pk=getattr(user, "pk", None)
    ).order_by("full_name", "email").distinct()


RECENT = datetime.timedelta(weeks=4)


def recent_huddles(team: Team, now: datetime.datetime | None = None) -> QuerySet[Huddle]:
    """The team's huddles an ask may have come from: those just run (running now, or finished in
    the last four weeks), newest first."""
    moment = now or timezone.now()
    return team.huddles.filter(status__in=[Huddle.Status.RUNNING, Huddle.Status.FINISHED],
                               starts_at__gte=moment - RECENT, starts_at__lte=moment + datetime.timedelta(days=1),
                               ).order_by("-starts_at")[:12]


def asks() -> QuerySet[Ask]:
    """Asks with what an ask's page shows of them, to fetch one through its scope."""
    return Ask.objects.select_related(
        "team", "team__locality", "enabler", "answered_by", "escalated_to", "huddle", "created_by")


def history(ask: Ask) -> list[AskEvent]:
    return list(ask.events.select_related("actor").order_by("at", "id"))


def awaiting_me(user: Any) -> QuerySet[Ask]:
    """Asks waiting for this enabler's answer, the longest overdue first."""
    return Ask.objects.visible_to(user).filter(enabler=user, status__in=OPEN).select_related(
        "team", "team__locality").order_by(
        "due_by", "id"
    )


def answered_by_me(user: Any) -> QuerySet[Ask]:
    """Asks this enabler has answered, the latest first."""
    return Ask.objects.visible_to(user).filter(answered_by=user, status__in=ANSWERED).select_related(
        "team", "team__locality"
    ).order_by("-answered_at", "-id")


def team_asks(team: Team) -> QuerySet[Ask]:
    return team.asks.select_related("enabler").order_by("-created_at", "-id")



def open_asks(team: Team) -> QuerySet[Ask]:
    return team.asks.filter(status__in=OPEN).select_related(
        "enabler").order_by("due_by", "id")

# --- The report of asks across teams: counts only. ---


@dataclass
class ReportFilters:
    start: datetime.date
    end: datetime.date
    locality: Any = None
    team: Any = None
    theme: str = ""
    kind: str = ""

    def describe(self) -> str:
        parts = [f"{self.start:%d %B %Y} to {self.end:%d %B %Y}"]
        parts.append(self.locality.name if self.locality else "all localities")
        parts.append(self.team.name if self.team else "all teams")
        parts.append(Ask.Theme(self.theme).label if self.theme else "all themes")
        parts.append(Ask.Kind(self.kind).label if self.kind else "all kinds")
        return "; ".join(parts)


@dataclass
class ThemeRow:
    theme: str
    label: str
    counts: list[int]
    total: int
    median_days: float | None


@dataclass
class Report:
    filters: ReportFilters
    rows: list[ThemeRow] = field(default_factory=list)
    outcome_totals: list[int] = field(default_factory=list)
    total: int = 0
    median_days: float | None = None
    answered: int = 0
    overdue: list[Ask] = field(default_factory=list)


def report_asks(user: Any, filters: ReportFilters) -> QuerySet[Ask]:
    """Every ask across teams that the filters cover (made within the period), for those who may
    read the report (the `report` scope)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(filters.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(filters.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    found = Ask.objects.visible_to(user, "report").filter(created_at__gte=start, created_at__lt=end)
    if filters.locality is not None:
        found = found.filter(team__locality=filters.locality)
    if filters.team is not None:
        found = found.filter(team=filters.team)
    if filters.theme:
        found = found.filter(theme=filters.theme)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return found


def _days(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / 86400


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def report(user: Any, filters: ReportFilters, now: datetime.datetime | None = None) -> Report:
    """Counts of asks by theme and outcome, the median days from ask to answer (granted or
    declined), and the asks still awaiting an answer past their due time. Three queries, however
    many asks there are."""
    moment = now or timezone.now()
    found = report_asks(user, filters)
    counts = {(row["theme"], row["status"]): row["n"] for row in
              found.order_by().values("theme", "status").annotate(n=Count("id"))}
    days_by_theme: dict[str, list[float]] = {}
    for theme, created, answered in found.filter(status__in=ANSWERED, answered_at__isnull=False).values_list(
        "theme", "created_at", "answered_at"
    ):
        if answered is not None:
            days_by_theme.setdefault(theme, []).append(_days(created, answered))
    result = Report(filters=filters)
    for theme, label in Ask.Theme.choices:
        row_counts = [counts.get((theme, status), 0) for status, _ in OUTCOMES]
        result.rows.append(ThemeRow(theme, label, row_counts, sum(row_counts), _median(days_by_theme.get(theme, []))))
    result.outcome_totals = [sum(row.counts[i] for row in result.rows) for i in range(len(OUTCOMES))]
    result.total = sum(result.outcome_totals)
    all_days = [d for values in days_by_theme.values() for d in values]
    result.answered = len(all_days)
    result.median_days = _median(all_days)
    result.overdue = list(
        found.filter(status__in=OPEN, due_by__lt=moment).select_related("team", "team__locality", "enabler")
        .order_by("due_by", "id")
    )
    return result
