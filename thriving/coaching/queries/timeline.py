"""A person's timeline and their progress, each read in a few queries whatever the history.

- `timeline(user, relationship)`: newest first, one list of what happened: the front door's requests
  and referrals of the people coached (through `frontdoor.queries.for_coaching`, only those the
  reader may see), the coaching's start and end, consents, coaches joining and leaving,
  handovers, sessions (day, where, the first line of the notes), goals set, reworded and closed,
  and ratings grouped by day and occasion. The coaching's own records are one query (a UNION of
  each kind's rows), the front door's another.
- `progress(relationship)`: each goal's Goal-Based Outcome ratings (start, each review, latest,
  per rater for a shared goal), and the other measures (ONS4, an organisation's own) before and
  after, per item and person, never summed: two queries.
"""

import datetime
import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Substr, TruncDate

from thriving.coaching.models import (
    Coach,
    CoachingConsent,
    CoachingRelationship,
    CoachingSession,
    Goal,
    GoalWording,
    Handover,
    Member,
    Rating,
)
from thriving.frontdoor.queries import for_coaching

LIMIT = 1000  # rows of the coaching's own history read at most; the page says when there were more
COLUMNS = ("t_kind", "t_on", "t_rank", "t_pk", "t_title", "t_detail", "t_extra", "t_value", "t_person", "t_user",
           "t_ref")
# Within a day, what happened in this order (the page shows the day's newest first).
RANK = {kind: n for n, kind in enumerate((
    "started", "consent", "coach_joined", "session", "goal_set", "goal_reworded", "rating", "goal_closed",
    "handover", "coach_left", "consent_withdrawn", "ended",
))}


def _text(value: Any = "") -> Value:
    return Value(value, output_field=CharField())


def _name(prefix: str) -> Concat:
    return Concat(f"{prefix}given_name", Value(" "), f"{prefix}family_name", output_field=CharField())


def _rows(queryset: QuerySet, kind: str, **columns: Any) -> QuerySet:
    """One kind's rows, with every column of the UNION in the same order (blanks where it has none)."""
    defaults = {
        "t_kind": _text(kind), "t_rank": Value(RANK[kind], output_field=IntegerField()),
        "t_pk": F("pk"), "t_title": _text(), "t_detail": _text(), "t_extra": _text(),
        "t_value": Value(0, output_field=IntegerField()), "t_person": _text(), "t_user": _text(), "t_ref": _text(),
    }
    chosen = {**defaults, **columns}
    return queryset.order_by().values(**{name: chosen[name] for name in COLUMNS})


def _day(name: str) -> TruncDate:
    return TruncDate(name, output_field=DateField())


def _flag(name: str) -> Case:
    return Case(When(**{name: True}, then=Value(1)), default=Value(0), output_field=IntegerField())


def _coaching_rows(relationship: CoachingRelationship) -> QuerySet:
    on = {"relationship": relationship}
    consents = CoachingConsent.objects.filter(**on)
    coaches = Coach.objects.filter(**on)
    goals = Goal.objects.filter(**on)
    first_words = GoalWording.objects.filter(goal=OuterRef("pk")).order_by("at", "pk").values("words")[:1]
    earlier = GoalWording.objects.filter(goal=OuterRef("goal_id"), pk__lt=OuterRef("pk"))
    parts = [
        _rows(consents, "consent", t_on=_day("given_at"), t_title=F("scope"), t_detail=F("method"),
              t_person=_name("person__"), t_user=Coalesce("recorded_by__full_name", _text())),
        _rows(consents.filter(withdrawn_at__isnull=False), "consent_withdrawn", t_on=_day("withdrawn_at"),
              t_title=F("scope"), t_person=_name("person__"), t_user=Coalesce("withdrawn_by__full_name", _text())),
        _rows(coaches, "coach_joined", t_on=F("started_on"), t_title=F("user__full_name"),
              t_detail=Coalesce("organisation__name", _text()), t_value=_flag("is_lead")),
        _rows(coaches.filter(ended_on__isnull=False), "coach_left", t_on=F("ended_on"), t_title=F("user__full_name"),
              t_value=_flag("is_lead")),
        _rows(Handover.objects.filter(**on), "handover", t_on=_day("at"), t_title=F("to_user__full_name"),
              t_detail=Coalesce("from_user__full_name", _text()), t_extra=Substr("note", 1, 500),
              t_user=Coalesce("by__full_name", _text())),
        _rows(CoachingSession.objects.filter(**on), "session", t_on=F("held_on"), t_title=F("where"),
              t_detail=Coalesce("place__name", "place_text", output_field=CharField()),
              t_extra=Substr("notes", 1, 500), t_value=_flag("is_review"),
              t_ref=Cast("uuid", output_field=CharField())),
        _rows(goals, "goal_set", t_on=F("set_on"),
              t_title=Coalesce(Subquery(first_words, output_field=CharField()), "words", output_field=CharField()),
              t_person=_name("person__"), t_ref=Cast("uuid", output_field=CharField())),
        _rows(GoalWording.objects.filter(goal__relationship=relationship).filter(Exists(earlier)), "goal_reworded",
              t_on=_day("at"), t_title=F("words"), t_detail=F("reason"), t_user=Coalesce("by__full_name", _text()),
              t_ref=Cast("goal__uuid", output_field=CharField())),
        _rows(goals.filter(closed_on__isnull=False), "goal_closed", t_on=F("closed_on"), t_title=F("words"),
              t_detail=F("status"), t_person=_name("person__"), t_ref=Cast("uuid", output_field=CharField())),
        _rows(Rating.objects.filter(**on), "rating", t_on=F("rated_on"), t_rank=F("measure__position"),
              t_title=F("measure__name"), t_detail=Coalesce(Substr("goal__words", 1, 200), _text()),
              t_extra=F("occasion"), t_value=F("value"), t_person=_name("person__"),
              t_user=Coalesce("created_by__full_name", _text())),
    ]
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-t_on", "-t_rank", "-t_pk")


@dataclass
class Rated:
    measure: str
    goal: str
    person: str
    value: int


@dataclass
class Item:
    """One thing on the timeline, in words."""

    kind: str
    on: datetime.date
    title: str
    detail: str = ""
    text: str = ""
    person: str = ""
    by: str = ""
    link: tuple[str, ...] = ()  # a URL name and its arguments, for the page to reverse if it exists
    ratings: list[Rated] = field(default_factory=list)
    order: int = 0
    href: str = ""  # the page's address for `link`, filled in by the view


@dataclass
class Day:
    on: datetime.date
    items: list[Item]


@dataclass
class Timeline:
    days: list[Day]
    cut: bool  # more history than was read


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def as_uuid(text: str) -> str:
    """A UUID read as text, in its usual form (SQLite keeps it as 32 hex digits)."""
    return str(uuid_module.UUID(text)) if text else ""


def _item(row: dict[str, Any], relationship: CoachingRelationship) -> Item:
    kind, uuid = row["t_kind"], as_uuid(row["t_ref"])
    item = Item(kind=kind, on=row["t_on"], title=row["t_title"] or "", detail=row["t_detail"] or "",
                text=row["t_extra"] or "", person=(row["t_person"] or "").strip(), by=row["t_user"] or "",
                order=RANK[kind])
    if kind in ("consent", "consent_withdrawn"):
        item.title = str(CoachingConsent.Scope(item.title).label)
        item.detail = str(CoachingConsent.Method(item.detail).label) if item.detail else ""
    elif kind in ("coach_joined", "coach_left"):
        item.text = "lead coach" if row["t_value"] else "coach"
    elif kind == "session":
        item.title = str(CoachingSession.Where(item.title).label)
        item.text = first_line(item.text)
        item.detail = item.detail or ""
        item.by = "review" if row["t_value"] else ""
        item.link = ("coaching:session", str(relationship.uuid), uuid)
    elif kind == "goal_closed":
        item.detail = str(Goal.Status(item.detail).label)
    return item


def _started(relationship: CoachingRelationship) -> Item:
    return Item(kind="started", on=relationship.started_on, title=relationship.get_route_display(),
                text=relationship.route_note, order=RANK["started"])


def _ended(relationship: CoachingRelationship) -> Item:
    return Item(kind="ended", on=relationship.ended_on or relationship.started_on,
                title=relationship.get_end_reason_display(), text=relationship.end_note, order=RANK["ended"])


def timeline(user: Any, relationship: CoachingRelationship) -> Timeline:
    """Everything that happened, newest day first (see the module's docstring): two queries."""
    rows = list(_coaching_rows(relationship)[: LIMIT + 1])
    cut = len(rows) > LIMIT
    items: list[Item] = [_started(relationship)]
    if relationship.status == CoachingRelationship.Status.ENDED:
        items.append(_ended(relationship))
    sittings: dict[tuple[datetime.date, str], Item] = {}
    for row in rows[:LIMIT]:
        if row["t_kind"] != "rating":
            items.append(_item(row, relationship))
            continue
        key = (row["t_on"], row["t_extra"])
        if key not in sittings:
            sittings[key] = Item(kind="ratings", on=row["t_on"], title=str(Rating.Occasion(row["t_extra"]).label),
                                 by=row["t_user"] or "", order=RANK["rating"])
            items.append(sittings[key])
        sittings[key].ratings.append(Rated(row["t_title"], row["t_detail"] or "", (row["t_person"] or "").strip(),
                                           row["t_value"]))
    people = Member.objects.filter(relationship=relationship).values("person_id")
    for entry in for_coaching.requests_and_referrals_of(user, people):
        kind = "request" if entry.kind == "request" else "referral"
        link = ("frontdoor:request", entry.reference) if kind == "request" else ("frontdoor:referral", entry.uuid)
        items.append(Item(kind=kind, on=entry.on, title=entry.reference, detail=entry.status, person=entry.person,
                          text=entry.service, by=entry.organisation, link=link, order=-1))
    for sitting in sittings.values():
        sitting.ratings.sort(key=lambda rated: (rated.goal == "", rated.person, rated.goal))
    items.sort(key=lambda item: (item.on, item.order), reverse=True)
    days: list[Day] = []
    for item in items:
        if not days or days[-1].on != item.on:
            days.append(Day(item.on, []))
        days[-1].items.append(item)
    return Timeline(days=days, cut=cut)


# --- Progress ----------------------------------------------------------------------------------


def change_words(start: int, latest: int) -> str:
    """The change from the first score to the latest, in words: "from 2 to 7: up 5 points"."""
    change = latest - start
    if change == 0:
        return f"from {start} to {latest}: no change"
    points = "point" if abs(change) == 1 else "points"
    return f"from {start} to {latest}: {'up' if change > 0 else 'down'} {abs(change)} {points}"


def verdict(start: int, latest: int, higher_is_better: bool) -> str:
    """Whether the change is for the better, said plainly whichever way the measure runs."""
    if latest == start:
        return "No change"
    return "Better" if (latest > start) == higher_is_better else "Worse"


@dataclass
class Score:
    on: datetime.date
    occasion: str
    value: int


@dataclass
class Rater:
    """One person's scores on one goal, or on one measure, oldest first."""

    name: str
    scores: list[Score]

    @property
    def start(self) -> Score | None:
        return next((s for s in self.scores if s.occasion == Rating.Occasion.START), None)

    @property
    def latest(self) -> Score | None:
        reviews = [s for s in self.scores if s.occasion == Rating.Occasion.REVIEW]
        return reviews[-1] if reviews else None

    @property
    def change(self) -> str:
        if self.start is None:
            return "no starting score"
        if self.latest is None:
            return f"{self.start.value} at the start; not reviewed yet"
        return change_words(self.start.value, self.latest.value)


@dataclass
class GoalProgress:
    goal: Goal
    owner: str  # whose goal, or "Shared by the family"
    raters: list[Rater]

    @property
    def occasions(self) -> list[tuple[datetime.date, str]]:
        """Every day a score was given on the goal, with its occasion, oldest first."""
        return sorted({(s.on, s.occasion) for rater in self.raters for s in rater.scores},
                      key=lambda o: (o[0], o[1] != Rating.Occasion.START))

    def table(self) -> list[tuple[datetime.date, str, list[int | None]]]:
        """Each occasion with each rater's score (None where they gave none)."""
        found = {(rater.name, s.on, s.occasion): s.value for rater in self.raters for s in rater.scores}
        return [(on, str(Rating.Occasion(occasion).label), [found.get((r.name, on, occasion)) for r in self.raters])
                for on, occasion in self.occasions]

    @property
    def reliable(self) -> bool:
        """A change of 3 points or more, the reliable change of Goal-Based Outcomes, for any rater."""
        return any(r.start and r.latest and abs(r.latest.value - r.start.value) >= 3 for r in self.raters)


@dataclass
class MeasureProgress:
    """One measure (an ONS4 question, an organisation's own) for one person: before and after."""

    measure: Any
    rater: Rater

    @property
    def verdict(self) -> str:
        start, latest = self.rater.start, self.rater.latest
        if start is None or latest is None:
            return ""
        return verdict(start.value, latest.value, self.measure.higher_is_better)


@dataclass
class Progress:
    goals: list[GoalProgress]
    wellbeing: list[MeasureProgress]  # ONS4
    own: list[MeasureProgress]  # the organisation's own measures

    @property
    def lower_is_better(self) -> list[str]:
        """The measures shown on which a lower score is better (anxiety), to say so plainly."""
        return sorted({m.measure.name for m in self.wellbeing + self.own if not m.measure.higher_is_better})


GOAL_ORDER = {Goal.Status.ACTIVE: 0, Goal.Status.WAITING: 1, Goal.Status.MET: 2, Goal.Status.STOPPED: 3}


def _person_name(person: Any) -> str:
    return f"{person.given_name} {person.family_name}".strip()


def progress(relationship: CoachingRelationship) -> Progress:
    """Goals with their Goal-Based Outcome scores per rater, and the other measures before and
    after per person (see the module's docstring): two queries."""
    goals = sorted(Goal.objects.filter(relationship=relationship).select_related("person"),
                   key=lambda g: (GOAL_ORDER.get(g.status, 9), g.set_on, g.pk))
    ratings = Rating.objects.filter(relationship=relationship).select_related("measure", "person").order_by(
        "rated_on", "pk")
    per_goal: dict[int, dict[int, Rater]] = {goal.pk: {} for goal in goals}
    per_measure: dict[tuple[int, int], MeasureProgress] = {}
    for rating in ratings:
        score = Score(rating.rated_on, rating.occasion, rating.value)
        if rating.goal_id is not None:
            raters = per_goal.setdefault(rating.goal_id, {})
            raters.setdefault(rating.person_id, Rater(_person_name(rating.person), [])).scores.append(score)
            continue
        key = (rating.measure_id, rating.person_id)
        if key not in per_measure:
            per_measure[key] = MeasureProgress(rating.measure, Rater(_person_name(rating.person), []))
        per_measure[key].rater.scores.append(score)
    shown = [
        GoalProgress(goal, _person_name(goal.person) if goal.person else "Shared by the family",
                     sorted(per_goal[goal.pk].values(), key=lambda r: r.name))
        for goal in goals
    ]
    measures = sorted(per_measure.values(), key=lambda m: (m.measure.position, m.measure.name, m.rater.name))
    return Progress(
        goals=shown,
        wellbeing=[m for m in measures if m.measure.kind == "ons4"],
        own=[m for m in measures if m.measure.kind not in ("ons4", "gbo")],
    )
