"""Reading goals and their scores: a relationship's aspirations and goals (grouped as they are
worked on, each with its wording history), and for any set of goals the first (start) and latest
Goal-Based Outcome each rater gave, in a fixed number of queries whatever the number of goals or
ratings. The other measures (ONS4, an organisation's own) the same way, per person.

    scores = gbo_scores(goal_ids)            # {goal_id: [Score(person, start, latest), ...]}
    board = goal_board(relationship)         # the goals page: groups, each goal with wordings and scores
    items = rating_items(relationship, occasion="start")   # what a ratings form asks, person by person

Every function takes objects the caller fetched through a scope (`get_visible_or_404`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from thriving.coaching.models import Aspiration, CoachingRelationship, Goal, GoalWording, Measure, Member, Rating
from thriving.coaching.models.goals import ACTIVE_GOALS
from thriving.coaching.services.ratings import usable_measures

GBO = "gbo"


@dataclass(frozen=True)
class Score:
    """One rater's scores on a measure (for a goal): the start, the latest, and the change between."""

    person: Any
    start: Rating | None
    latest: Rating | None
    measure: Measure | None = None

    @property
    def change(self) -> int | None:
        """The latest score less the start; None until there is a review after the start."""
        if self.start is None or self.latest is None or self.latest.pk == self.start.pk:
            return None
        return self.latest.value - self.start.value

    @property
    def better(self) -> bool | None:
        """Whether the change is for the better, by the measure's polarity (None: no change yet)."""
        change = self.change
        if not change:
            return None
        higher = self.measure.higher_is_better if self.measure is not None else True
        return (change > 0) is higher


def _first_and_latest(ratings: QuerySet, partition: list[str]) -> dict[tuple, dict[str, Rating]]:
    """Two queries: the start ratings, and each partition's latest (by day, then when recorded)."""
    found: dict[tuple, dict[str, Rating]] = defaultdict(dict)
    related = ratings.select_related("person", "measure")
    for rating in related.filter(occasion=Rating.Occasion.START):
        found[tuple(getattr(rating, name) for name in partition)]["start"] = rating
    latest = related.annotate(rank=Window(
        RowNumber(), partition_by=[F(name) for name in partition], order_by=[F("rated_on").desc(), F("pk").desc()],
    )).filter(rank=1)
    for rating in latest:
        found[tuple(getattr(rating, name) for name in partition)]["latest"] = rating
    return found


def gbo_scores(goal_ids: list[int] | QuerySet) -> dict[int, list[Score]]:
    """For each goal, each rater's first (start) and latest Goal-Based Outcome: two queries."""
    ratings = Rating.objects.filter(goal_id__in=goal_ids, measure__key=GBO)
    scores: dict[int, list[Score]] = defaultdict(list)
    for (goal_id, _), pair in sorted(_first_and_latest(ratings, ["goal_id", "person_id"]).items()):
        any_rating = pair.get("start") or pair["latest"]
        scores[goal_id].append(Score(any_rating.person, pair.get("start"), pair.get("latest"), any_rating.measure))
    return dict(scores)


def measure_scores(relationship: CoachingRelationship) -> list[Score]:
    """Each person's start and latest score on the measures that are not rated goal by goal."""
    ratings = Rating.objects.filter(relationship=relationship, goal__isnull=True)
    found = _first_and_latest(ratings, ["measure_id", "person_id"])
    scores = []
    for pair in found.values():
        any_rating = pair.get("start") or pair["latest"]
        scores.append(Score(any_rating.person, pair.get("start"), pair.get("latest"), any_rating.measure))
    return sorted(scores, key=lambda s: (s.person.given_name, s.person.pk, *_order(s.measure)))


def _order(measure: Measure | None) -> tuple[int, str]:
    return (measure.position, measure.name) if measure is not None else (0, "")


@dataclass
class GoalRow:
    goal: Goal
    wordings: list[GoalWording]
    scores: list[Score]

    @property
    def earlier_wordings(self) -> list[GoalWording]:
        return self.wordings[:-1]


@dataclass
class Board:
    """The goals page: what is worked on now (at most three), what waits, what is met or stopped."""

    active: list[GoalRow] = field(default_factory=list)
    waiting: list[GoalRow] = field(default_factory=list)
    closed: list[GoalRow] = field(default_factory=list)
    limit: int = ACTIVE_GOALS

    @property
    def room(self) -> int:
        return max(self.limit - len(self.active), 0)


def goals_of(relationship: CoachingRelationship) -> QuerySet:
    return Goal.objects.filter(relationship=relationship).select_related("person", "aspiration")


def goal_board(relationship: CoachingRelationship) -> Board:
    """The relationship's goals by status, each with its wordings and its GBO scores: four queries."""
    goals = list(goals_of(relationship).prefetch_related(
        Prefetch("wordings", queryset=GoalWording.objects.select_related("by"))))
    scores = gbo_scores([goal.pk for goal in goals])
    board = Board()
    for goal in goals:
        row = GoalRow(goal, list(goal.wordings.all()), scores.get(goal.pk, []))
        if goal.status == Goal.Status.ACTIVE:
            board.active.append(row)
        elif goal.status == Goal.Status.WAITING:
            board.waiting.append(row)
        else:
            board.closed.append(row)
    return board


def aspirations_of(relationship: CoachingRelationship) -> list[Aspiration]:
    return list(Aspiration.objects.filter(relationship=relationship).select_related("person"))


def members_of(relationship: CoachingRelationship) -> list[Any]:
    """The people coached now (a family's members, or the one person), main contact first."""
    members = Member.objects.filter(relationship=relationship, left_on__isnull=True).select_related("person")
    people = [member.person for member in members]
    return sorted(people, key=lambda p: (p.pk != relationship.person_id,))


def active_goal_count(relationship: CoachingRelationship) -> int:
    return Goal.objects.filter(relationship=relationship, status=Goal.Status.ACTIVE).count()


@dataclass(frozen=True)
class Item:
    """One score a ratings form asks for: a person, a measure and (for GBO) a goal."""

    person: Any
    measure: Measure
    goal: Goal | None = None

    @property
    def key(self) -> str:
        return f"{self.person.uuid.hex}-{self.measure.key}-{self.goal.uuid.hex if self.goal else 'all'}"


@dataclass
class PersonItems:
    person: Any
    goals: list[Item] = field(default_factory=list)
    wellbeing: list[Item] = field(default_factory=list)
    own: list[Item] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        return [*self.goals, *self.wellbeing, *self.own]


def starts_of(relationship: CoachingRelationship) -> dict[tuple[int, int | None, int], datetime.date]:
    """When each (measure, goal, person) was first rated."""
    return {
        (measure_id, goal_id, person_id): day
        for measure_id, goal_id, person_id, day in Rating.objects.filter(
            relationship=relationship, occasion=Rating.Occasion.START
        ).values_list("measure_id", "goal_id", "person_id", "rated_on")
    }


def rating_items(relationship: CoachingRelationship, occasion: str, *, also: set[str] | frozenset = frozenset()
                 ) -> list[PersonItems]:
    """What a ratings form asks each person coached: the GBO of each goal being worked on that is
    theirs or the family's, the ONS4 questions, and the organisation's own active measures. At the
    start, only what has no start yet; at a review, only what has one; and whatever `Item.key` is
    in `also` (the scores a form sent, asked for again as they were shown). Four queries."""
    people = members_of(relationship)
    goals = list(Goal.objects.filter(relationship=relationship, status=Goal.Status.ACTIVE).select_related("person"))
    measures = usable_measures(relationship)
    starts = starts_of(relationship)

    def wanted(item: Item) -> bool:
        started = (item.measure.pk, item.goal.pk if item.goal else None, item.person.pk) in starts
        return item.key in also or started is (occasion == Rating.Occasion.REVIEW)

    found = []
    for person in people:
        mine = PersonItems(person)
        for measure in measures:
            if measure.per_goal:
                mine.goals.extend(item for goal in goals if goal.person_id in (None, person.pk)
                                  if wanted(item := Item(person, measure, goal)))
            elif wanted(item := Item(person, measure)):
                (mine.wellbeing if measure.kind == Measure.Kind.ONS4 else mine.own).append(item)
        if mine.items:
            found.append(mine)
    return found
