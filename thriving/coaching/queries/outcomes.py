"""The outcomes of coaching across people: counts and changes only, never a name. These are the
figures the outcomes app will read.

Every figure starts from the relationships the person may report on (`CoachingRelationship`
"report": every relationship for analysts, board members and administrators, a team lead's own
cover) and is computed in the database, in three grouped queries over the relationships and the
changes kept for each relationship and measure (`MeasureChange`, refreshed by the ratings service),
never over every rating:

- relationships started in the period, active now and ended (by reason);
- Goal-Based Outcomes: for each goal and each person rating it (a shared family goal counts once
  for each member who rated it), with a start rating and at least one review, the latest review
  minus the start; a change of 3 points or more either way is a reliable change;
- ONS4 personal wellbeing and organisations' own measures, each item alone (never summed): for each
  person in a relationship (and goal, on a measure rated per goal), their first and latest rating
  where they have two or more; better follows the measure's polarity (for anxiety, lower).

Each is broken down by locality, connected team or month started, with a total. `published` then
applies the suppression of small numbers (`suppression`).
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from thriving.coaching.models import CoachingRelationship
from thriving.coaching.services import outcomes as kept_changes

RELIABLE_CHANGE = kept_changes.RELIABLE_CHANGE  # points on the 0-10 Goal-Based Outcome scale
BREAKDOWNS = {"locality": "Locality", "team": "Connected team", "month": "Month started"}
END_REASONS = [*CoachingRelationship.EndReason.choices, ("", "Reason not recorded")]
NO_TEAM = "No connected team"
# The figures read every rating in the person's scope, so each answer is kept for this long (in
# each server process), keyed by the exact query of the relationships counted: scope and filters.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Filters:
    locality_id: int | None = None
    team_id: int | None = None
    started_from: datetime.date | None = None  # the first day of a month
    started_to: datetime.date | None = None  # the first day of the last month counted
    breakdown: str = "locality"


@dataclass
class Relationships:
    started: int = 0
    active: int = 0
    ended_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def ended(self) -> int:
        return sum(self.ended_by_reason.values())

    def add(self, other: "Relationships") -> None:
        self.started += other.started
        self.active += other.active
        for reason, count in other.ended_by_reason.items():
            self.ended_by_reason[reason] = self.ended_by_reason.get(reason, 0) + count


@dataclass
class GoalChange:
    """Goal-Based Outcomes: the goals (rated by one person each) with a start and a review."""

    goals: int = 0
    improved: int = 0  # by RELIABLE_CHANGE points or more
    deteriorated: int = 0  # by RELIABLE_CHANGE points or more
    change_sum: int = 0

    @property
    def mean_change(self) -> float | None:
        return self.change_sum / self.goals if self.goals else None

    @property
    def share_improved(self) -> float | None:
        return 100 * self.improved / self.goals if self.goals else None

    @property
    def share_deteriorated(self) -> float | None:
        return 100 * self.deteriorated / self.goals if self.goals else None

    def add(self, other: "GoalChange") -> None:
        self.goals += other.goals
        self.improved += other.improved
        self.deteriorated += other.deteriorated
        self.change_sum += other.change_sum


@dataclass(frozen=True)
class MeasureInfo:
    key: str
    name: str
    kind: str
    higher_is_better: bool
    scale_min: int
    scale_max: int
    organisation: str  # whose own measure it is; "" for the built-in ones


@dataclass
class BeforeAfter:
    """One measure: the people with a first and a latest rating, their means and how many got better."""

    people: int = 0
    before_sum: int = 0
    after_sum: int = 0
    improved: int = 0
    worse: int = 0

    @property
    def mean_before(self) -> float | None:
        return self.before_sum / self.people if self.people else None

    @property
    def mean_after(self) -> float | None:
        return self.after_sum / self.people if self.people else None

    @property
    def share_improved(self) -> float | None:
        return 100 * self.improved / self.people if self.people else None

    def add(self, other: "BeforeAfter") -> None:
        self.people += other.people
        self.before_sum += other.before_sum
        self.after_sum += other.after_sum
        self.improved += other.improved
        self.worse += other.worse


@dataclass
class Row:
    key: Any  # a locality's or team's id (None: no team), a month (year * 100 + month), or "total"
    label: str
    relationships: Relationships = field(default_factory=Relationships)
    goals: GoalChange = field(default_factory=GoalChange)
    measures: dict[str, BeforeAfter] = field(default_factory=dict)


@dataclass
class Outcomes:
    filters: Filters
    rows: list[Row]
    total: Row
    measures: list[MeasureInfo]
    computed_at: datetime.datetime | None = None


def reported(user: Any, filters: Filters) -> QuerySet:
    """The relationships the person may report on, as filtered."""
    found = CoachingRelationship.objects.visible_to(user, "report")
    if filters.locality_id is not None:
        found = found.filter(locality_id=filters.locality_id)
    if filters.team_id is not None:
        found = found.filter(team_id=filters.team_id)
    if filters.started_from is not None:
        found = found.filter(started_on__gte=filters.started_from)
    if filters.started_to is not None:
        following = filters.started_to.replace(day=28) + datetime.timedelta(days=4)
        found = found.filter(started_on__lt=following.replace(day=1))
    return found


def _keyed(found: QuerySet, breakdown: str) -> QuerySet:
    if breakdown == "team":
        return found.annotate(k=F("team_id"), label=Coalesce(F("team__name"), Value(NO_TEAM)))
    if breakdown == "month":
        return found.annotate(k=ExtractYear("started_on") * 100 + ExtractMonth("started_on"), label=Value(""))
    return found.annotate(k=F("locality_id"), label=F("locality__name"))


def month_label(key: int) -> str:
    return datetime.date(key // 100, key % 100, 1).strftime("%B %Y")


GOALS_SQL = """
WITH rel AS ({relationships})
SELECT rel.k, rel.label, SUM(c.pairs), SUM(c.improved), SUM(c.worse), SUM(c.after_sum - c.before_sum)
FROM coaching_measurechange c
JOIN rel ON rel.id = c.relationship_id
JOIN coaching_measure m ON m.id = c.measure_id AND m.kind = 'gbo'
GROUP BY rel.k, rel.label
"""

MEASURES_SQL = """
WITH rel AS ({relationships}),
added AS (
  SELECT rel.k, rel.label, c.measure_id, SUM(c.pairs) AS pairs, SUM(c.before_sum) AS before_sum,
         SUM(c.after_sum) AS after_sum, SUM(c.improved) AS improved, SUM(c.worse) AS worse
  FROM coaching_measurechange c
  JOIN rel ON rel.id = c.relationship_id
  GROUP BY rel.k, rel.label, c.measure_id
)
SELECT a.k, a.label, m.key, m.name, m.kind, m.higher_is_better, m.scale_min, m.scale_max, m.position, o.name,
       a.pairs, a.before_sum, a.after_sum, a.improved, a.worse
FROM added a
JOIN coaching_measure m ON m.id = a.measure_id AND m.kind <> 'gbo'
LEFT JOIN core_organisation o ON o.id = m.organisation_id
"""


def _rows(sql: str, keyed: QuerySet, *params: Any) -> list[tuple]:
    try:
        inner, inner_params = keyed.order_by().values("id", "k", "label").query.sql_with_params()
    except EmptyResultSet:  # the person may report on nothing
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql.format(relationships=inner), [*inner_params, *params])
        return cursor.fetchall()


def _key(value: Any) -> Any:
    return int(value) if value is not None else None


def outcomes(user: Any, filters: Filters) -> Outcomes:
    """The outcomes across the relationships the person may report on: three queries, or none
    while the same figures (the same scope and filters) are kept (`CACHE_SECONDS`)."""
    keyed = _keyed(reported(user, filters), filters.breakdown)
    try:
        sql, params = keyed.order_by().values("id", "k", "label").query.sql_with_params()
    except EmptyResultSet:
        return _computed(keyed, filters)
    key = "coaching-outcomes:" + hashlib.sha256(f"{filters.breakdown}|{sql}|{params!r}".encode()).hexdigest()
    kept = caches["snapshots"]
    found = kept.get(key)
    if found is None:
        found = _computed(keyed, filters)
        kept.set(key, found, CACHE_SECONDS)
    return found


def _computed(keyed: QuerySet, filters: Filters) -> Outcomes:
    rows: dict[Any, Row] = {}

    def row(key: Any, label: str) -> Row:
        key = _key(key)
        if key not in rows:
            rows[key] = Row(key, month_label(key) if filters.breakdown == "month" else label)
        return rows[key]

    counted = keyed.order_by().values("k", "label", "status", "end_reason").annotate(n=Count("id"))
    for found in counted:
        counts = row(found["k"], found["label"]).relationships
        counts.started += found["n"]
        if found["status"] == CoachingRelationship.Status.ACTIVE:
            counts.active += found["n"]
        else:
            reason = found["end_reason"] or ""
            counts.ended_by_reason[reason] = counts.ended_by_reason.get(reason, 0) + found["n"]
    for key, label, goals, improved, deteriorated, change in _rows(GOALS_SQL, keyed):
        row(key, label).goals = GoalChange(int(goals), int(improved), int(deteriorated), int(change))
    measures: dict[str, tuple[int, MeasureInfo]] = {}
    for (key, label, m_key, name, kind, higher, low, high, position, organisation, people, before, after, improved,
         worse) in _rows(MEASURES_SQL, keyed):
        measures[m_key] = (position, MeasureInfo(m_key, name, kind, bool(higher), low, high, organisation or ""))
        row(key, label).measures[m_key] = BeforeAfter(int(people), int(before), int(after), int(improved), int(worse))
    ordered = sorted(rows.values(), key=_order(filters.breakdown))
    total = Row("total", "All")
    for found_row in ordered:
        total.relationships.add(found_row.relationships)
        total.goals.add(found_row.goals)
        for m_key, figures in found_row.measures.items():
            total.measures.setdefault(m_key, BeforeAfter()).add(figures)
    kinds = {"ons4": 0, "own": 1}
    listed = sorted((info for _, info in measures.values()),
                    key=lambda info: (kinds.get(info.kind, 2), measures[info.key][0], info.organisation, info.name))
    return Outcomes(filters, ordered, total, listed, timezone.now())


def _order(breakdown: str) -> Any:
    if breakdown == "month":
        return lambda row: row.key
    return lambda row: (row.key is None, row.label.lower())
