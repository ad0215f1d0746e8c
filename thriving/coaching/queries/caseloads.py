"""Caseloads: the coaching a coach does now, and every coaching a team lead's membership covers,
with the flags that say who needs attention. Built for big caseloads: each row's facts come from
the relationship's denormalised `last_session_on` / `last_review_on` and from annotations
(`Exists`, `Subquery`), never from a query per row; the counts at the top are one aggregate.

Flags (as of `today`; `weeks` is the caseload's "not seen for" setting, 4 unless chosen):

- `not_seen`: no session for `weeks` weeks (counting from the start when there has been none);
- `review_due`: the next review (the last review, or the start, plus `review_weeks` weeks) is
  due within the coming week or is past (`review_overdue` when past);
- `not_rated`: an active goal was rated at the start (Goal-Based Outcome) and never since (the
  goal's `start_rated_on` and `last_reviewed_on`, kept by the ratings service);
- `no_goals`: no goal has been set yet.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from thriving.coaching.models import Coach, CoachingRelationship, Goal

DEFAULT_WEEKS = 4
REVIEW_WARNING_DAYS = 7  # a review due within this many days is flagged as due

FLAGS = {
    "not_seen": "Not seen for {weeks} weeks",
    "review_due": "Review due or overdue",
    "not_rated": "Goals not rated since the start",
    "no_goals": "No goals yet",
}
STATUSES = {"active": "Active", "ended": "Ended", "all": "Active and ended"}


class PlusWeeks(Func):
    """A date plus a number of weeks given by another column (`review_weeks`), on SQLite and
    PostgreSQL (Django's duration arithmetic cannot multiply a column by a week on SQLite)."""

    output_field = DateField()
    arity = 2

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        (day, day_params), (weeks, weeks_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"date({day}, '+' || (7 * {weeks}) || ' days')", (*day_params, *weeks_params)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        (day, day_params), (weeks, weeks_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"({day} + 7 * {weeks})", (*day_params, *weeks_params)  # a date plus whole days is a date


@dataclass(frozen=True)
class Filters:
    status: str = "active"
    flag: str = ""
    weeks: int = DEFAULT_WEEKS
    coach_uuid: Any = None  # a coach (user) chosen, on a team lead's caseload


def flagged(queryset: QuerySet[CoachingRelationship], today: datetime.date, weeks: int) -> QuerySet:
    """The relationships with each one's next review day and its flags, as annotations."""
    unrated = Goal.objects.filter(relationship=OuterRef("pk"), status=Goal.Status.ACTIVE,
                                  start_rated_on__isnull=False, last_reviewed_on__isnull=True)
    next_review = PlusWeeks(Coalesce("last_review_on", "started_on"), F("review_weeks"))
    active = Q(status=CoachingRelationship.Status.ACTIVE)
    return queryset.annotate(
        last_contact_on=Coalesce("last_session_on", "started_on"),
        next_review_on=next_review,
        has_goals=Exists(Goal.objects.filter(relationship=OuterRef("pk"))),
        has_unrated=Exists(unrated),
    ).annotate(
        flag_not_seen=ExpressionWrapper(
            active & Q(last_contact_on__lt=today - datetime.timedelta(weeks=weeks)), output_field=BooleanField()),
        flag_review_due=ExpressionWrapper(
            active & Q(next_review_on__lte=today + datetime.timedelta(days=REVIEW_WARNING_DAYS)),
            output_field=BooleanField()),
        flag_not_rated=ExpressionWrapper(active & Q(has_unrated=True), output_field=BooleanField()),
        flag_no_goals=ExpressionWrapper(active & Q(has_goals=False), output_field=BooleanField()),
    )


def _narrowed(queryset: QuerySet, filters: Filters) -> QuerySet:
    if filters.status in (CoachingRelationship.Status.ACTIVE, CoachingRelationship.Status.ENDED):
        queryset = queryset.filter(status=filters.status)
    if filters.coach_uuid is not None:
        queryset = queryset.filter(Exists(Coach.objects.filter(
            relationship=OuterRef("pk"), user__uuid=filters.coach_uuid, ended_on__isnull=True)))
    return queryset


def _shown(queryset: QuerySet, filters: Filters, today: datetime.date) -> QuerySet:
    found = flagged(queryset, today, filters.weeks)
    if filters.flag in FLAGS:
        found = found.filter(**{f"flag_{filters.flag}": True})
    lead = Coach.objects.filter(relationship=OuterRef("pk"), is_lead=True, ended_on__isnull=True)
    return (
        found.select_related("person", "locality")
        .only("uuid", "kind", "status", "started_on", "ended_on", "review_weeks", "last_session_on",
              "last_review_on", "person__given_name", "person__family_name", "locality__name")
        .annotate(
            lead_name=Subquery(lead.values("user__full_name")[:1], output_field=CharField()),
            lead_uuid=Subquery(lead.values("user__uuid")[:1]),
        )
        .order_by("status", F("last_contact_on").asc(), "pk")  # active first; the longest unseen first
    )


def counts(queryset: QuerySet, today: datetime.date, weeks: int) -> dict[str, int]:
    """How many relationships there are, and how many carry each flag: one query."""
    found = flagged(queryset, today, weeks)
    return found.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=Q(**{f"flag_{name}": True})) for name in FLAGS},
    )


def coaching_now(user: Any) -> QuerySet[CoachingRelationship]:
    """The relationships the person coaches now, lead coach or not (within what they may see)."""
    return CoachingRelationship.objects.visible_to(user).filter(
        Exists(Coach.objects.filter(relationship=OuterRef("pk"), user=user, ended_on__isnull=True))
    )


def covered(user: Any) -> QuerySet[CoachingRelationship]:
    """Every relationship the person may see as a coaching team lead (the "view" scope)."""
    return CoachingRelationship.objects.visible_to(user)


class Counted:
    """Rows to page whose number is known already (from the counts at the top), so that paging
    them asks the database for one page and no count."""

    ordered = True

    def __init__(self, rows: QuerySet, number: int) -> None:
        self.rows, self.number = rows, number

    def count(self) -> int:
        return self.number

    def __len__(self) -> int:
        return self.number

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]


@dataclass
class Caseload:
    rows: Counted  # to page
    counts: dict[str, int]


def caseload(base: QuerySet[CoachingRelationship], filters: Filters, today: datetime.date) -> Caseload:
    """The rows to show (filtered, flagged, ordered) and the counts at the top (by status and
    coach, before the flag filter, so each count says how many that flag would show)."""
    narrowed = _narrowed(base, filters)
    found = counts(narrowed, today, filters.weeks)
    number = found[filters.flag] if filters.flag in FLAGS else found["total"]
    return Caseload(rows=Counted(_shown(narrowed, filters, today), number), counts=found)


@dataclass(frozen=True)
class CoachCount:
    uuid: Any
    name: str
    leading: int
    coaching: int


def coach_summary(base: QuerySet[CoachingRelationship]) -> list[CoachCount]:
    """Per coach now in any of these relationships: how many active ones they lead, and how many
    they coach in all (one query); by name."""
    rows = (
        Coach.objects.filter(relationship__in=base.filter(status=CoachingRelationship.Status.ACTIVE).values("pk"),
                             ended_on__isnull=True)
        .values("user__uuid", "user__full_name")
        .annotate(leading=Count("relationship", filter=Q(is_lead=True), distinct=True),
                  coaching=Count("relationship", distinct=True))
        .order_by("user__full_name", "user__uuid")
    )
    return [CoachCount(r["user__uuid"], r["user__full_name"], r["leading"], r["coaching"]) for r in rows]


def who(relationship: CoachingRelationship) -> str:
    """The name a caseload gives: the person, or "Marsh family"."""
    person = relationship.person
    if relationship.kind == CoachingRelationship.Kind.FAMILY:
        return f"{person.family_name or person.given_name} family"
    return f"{person.given_name} {person.family_name}".strip()


def flags_of(row: Any, today: datetime.date) -> list[str]:
    """The flags of one annotated row, in words."""
    found = []
    if row.flag_not_seen:
        if row.last_session_on is None:
            found.append("No session yet")
        else:
            weeks = (today - row.last_session_on).days // 7
            found.append(f"Not seen for {weeks} week{'' if weeks == 1 else 's'}")
    if row.flag_review_due:
        found.append("Review overdue" if row.next_review_on < today else "Review due")
    if row.flag_not_rated:
        found.append(FLAGS["not_rated"])
    if row.flag_no_goals:
        found.append(FLAGS["no_goals"])
    return found


def described(rows: list[Any], today: datetime.date) -> list[Any]:
    """Each row of a page with what the page shows of it: `who`, and its flags in words."""
    for row in rows:
        row.who = who(row)
        row.flag_words = flags_of(row, today)
    return rows
