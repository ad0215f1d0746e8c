"""Keeping what is derived from the ratings up to date: `refresh(relationship_ids)` recomputes,
from their ratings, those relationships' `MeasureChange` rows and their goals' `start_rated_on` and
`last_reviewed_on` (`refresh()` every relationship's, as the demo and the benchmark do after
loading ratings in bulk). A delete, two inserts and an update, in the database."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from thriving.coaching.models import Goal, Measure, MeasureChange, Rating

RELIABLE_CHANGE = 3  # points on the 0-10 Goal-Based Outcome scale

# Goal-Based Outcomes: per goal and rater, the latest start and the latest review.
_GBO = """
r AS (
  SELECT rt.relationship_id, rt.measure_id, rt.goal_id, rt.person_id, rt.value, rt.occasion,
         ROW_NUMBER() OVER (PARTITION BY rt.goal_id, rt.person_id, rt.occasion
                            ORDER BY rt.rated_on DESC, rt.id DESC) AS newest
  FROM coaching_rating rt
  JOIN coaching_measure m ON m.id = rt.measure_id AND m.kind = 'gbo'
  WHERE rt.goal_id IS NOT NULL {where}
),
gbo AS (
  SELECT relationship_id, measure_id,
         MAX(CASE WHEN occasion = 'start' THEN value END) AS before,
         MAX(CASE WHEN occasion = 'review' THEN value END) AS after
  FROM r WHERE newest = 1 GROUP BY relationship_id, measure_id, goal_id, person_id
)
SELECT relationship_id, measure_id, COUNT(*), SUM(before), SUM(after),
       SUM(CASE WHEN after - before >= %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN before - after >= %s THEN 1 ELSE 0 END)
FROM gbo WHERE before IS NOT NULL AND after IS NOT NULL
GROUP BY relationship_id, measure_id
"""

# Every other measure: per person (and goal), the first and the latest rating, when there are two or more.
_OTHERS = """
r AS (
  SELECT rt.relationship_id, rt.person_id, rt.goal_id, rt.measure_id, rt.value,
         ROW_NUMBER() OVER (PARTITION BY rt.relationship_id, rt.person_id, rt.measure_id, rt.goal_id
                            ORDER BY rt.rated_on, rt.id) AS oldest,
         ROW_NUMBER() OVER (PARTITION BY rt.relationship_id, rt.person_id, rt.measure_id, rt.goal_id
                            ORDER BY rt.rated_on DESC, rt.id DESC) AS newest
  FROM coaching_rating rt
  JOIN coaching_measure m ON m.id = rt.measure_id AND m.kind <> 'gbo'
  WHERE 1 = 1 {where}
),
pairs AS (
  SELECT relationship_id, measure_id,
         MAX(CASE WHEN oldest = 1 THEN value END) AS before,
         MAX(CASE WHEN newest = 1 THEN value END) AS after
  FROM r WHERE (oldest = 1 OR newest = 1) AND NOT (oldest = 1 AND newest = 1)
  GROUP BY relationship_id, person_id, measure_id, goal_id
)
SELECT p.relationship_id, p.measure_id, COUNT(*), SUM(p.before), SUM(p.after),
       SUM(CASE WHEN (m.higher_is_better AND p.after > p.before) OR (NOT m.higher_is_better AND p.after < p.before)
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN (m.higher_is_better AND p.after < p.before) OR (NOT m.higher_is_better AND p.after > p.before)
                THEN 1 ELSE 0 END)
FROM pairs p JOIN coaching_measure m ON m.id = p.measure_id
GROUP BY p.relationship_id, p.measure_id
"""

_COLUMNS = "relationship_id, measure_id, pairs, before_sum, after_sum, improved, worse"


@transaction.atomic
def refresh(relationship_ids: Iterable[int] | None = None) -> None:
    """Recompute the kept changes of these relationships (of every relationship, given none)."""
    table = MeasureChange._meta.db_table
    ids = None if relationship_ids is None else sorted(set(relationship_ids))
    if ids == []:
        return
    where, params = "", []
    if ids is not None:
        where = f"AND rt.relationship_id IN ({', '.join(['%s'] * len(ids))})"
        params = list(ids)
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  (no value from outside)
        else:
            cursor.execute(f"DELETE FROM {table} WHERE relationship_id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
                           ids)
        cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) WITH {_GBO.format(where=where)}",  # noqa: S608
                       [*params, RELIABLE_CHANGE, RELIABLE_CHANGE])
        cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) WITH {_OTHERS.format(where=where)}", params)  # noqa: S608
    goals = Goal.objects.all() if ids is None else Goal.objects.filter(relationship_id__in=ids)
    gbo = Rating.objects.filter(goal=OuterRef("pk"), measure__kind=Measure.Kind.GBO)
    goals.update(
        start_rated_on=Subquery(gbo.filter(occasion=Rating.Occasion.START).order_by("rated_on").values("rated_on")[:1]),
        last_reviewed_on=Subquery(
            gbo.filter(occasion=Rating.Occasion.REVIEW).order_by("-rated_on").values("rated_on")[:1]),
    )
