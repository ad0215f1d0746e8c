"""The outcomes across people as they are published, on the page and in the CSV download: tables of
cells, each cell either its figure or withheld ("fewer than 5") by the suppression of small numbers
(`suppression`), primary or secondary. A figure (a mean, a share) is withheld with the count it rests
on; every figure has its count beside it."""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass

from thriving.coaching.queries import suppression
from thriving.coaching.queries.outcomes import (
    BREAKDOWNS,
    END_REASONS,
    RELIABLE_CHANGE,
    BeforeAfter,
    MeasureInfo,
    Outcomes,
    Row,
)

COUNT, SHARE, MEAN, CHANGE = "count", "share", "mean", "change"


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    kind: str = COUNT
    withheld: str = ""  # "", suppression.PRIMARY or suppression.SECONDARY

    @property
    def text(self) -> str:
        if self.withheld:
            return suppression.FEWER
        if self.value is None:
            return "–"
        if self.kind == COUNT:
            return f"{int(self.value):,}"
        if self.kind == SHARE:
            return f"{self.value:.0f}%"
        if self.kind == CHANGE:
            return f"{self.value:+.1f}"
        return f"{self.value:.1f}"

    @property
    def csv(self) -> str | float | int:
        if self.withheld:
            return suppression.FEWER
        if self.value is None:
            return ""
        return int(self.value) if self.kind == COUNT else round(float(self.value), 1)


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    columns: list[str]
    rows: list[TableRow]
    measure: MeasureInfo | None = None

    @property
    def withheld(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.withheld)

    @property
    def secondary(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.withheld == suppression.SECONDARY)


@dataclass(frozen=True)
class Published:
    breakdown_label: str
    relationships: Table
    goals: Table
    measures: list[Table]
    computed_at: datetime.datetime | None = None

    @property
    def tables(self) -> list[Table]:
        return [self.relationships, self.goals, *self.measures]


def _all_rows(found: Outcomes) -> list[Row]:
    return [*found.rows, found.total]


def relationships_table(found: Outcomes) -> Table:
    """Started = active + ended, ended = the sum of its reasons, and each column's total the sum
    of the groups: all of them published, so all of them constrain the suppression."""
    reasons = [value for value, _ in END_REASONS]
    columns: list[Hashable] = ["started", "active", "ended", *(f"ended:{reason}" for reason in reasons)]
    counts: dict[Hashable, int] = {}
    rows = _all_rows(found)
    for row in rows:
        r = row.relationships
        counts[(row.key, "started")], counts[(row.key, "active")], counts[(row.key, "ended")] = (
            r.started, r.active, r.ended)
        for reason in reasons:
            counts[(row.key, f"ended:{reason}")] = r.ended_by_reason.get(reason, 0)
    constraints = suppression.grid([row.key for row in found.rows], columns, "total")
    for row in rows:
        constraints.append(suppression.Constraint((row.key, "started"), ((row.key, "active"), (row.key, "ended"))))
        constraints.append(suppression.Constraint(
            (row.key, "ended"), tuple((row.key, f"ended:{reason}") for reason in reasons)))
    withheld = suppression.suppress(counts, constraints)
    # A reason no relationship ended for is left out, unless a cell of it is withheld.
    shown = [reason for reason in reasons
             if any(counts[(row.key, f"ended:{reason}")] or (row.key, f"ended:{reason}") in withheld for row in rows)]
    kept = ["started", "active", "ended", *(f"ended:{reason}" for reason in shown)]
    labels = dict(END_REASONS)
    return Table(
        "table-relationships", f"Coaching relationships started, active now and ended, by {_by(found)}",
        ["Started", "Active now", "Ended", *(f"Ended: {labels[reason].lower()}" for reason in shown)],
        [TableRow(row.label, [Cell(counts[(row.key, c)], COUNT, withheld.get((row.key, c), "")) for c in kept],
                  row.key == "total") for row in rows],
    )


def _by(found: Outcomes) -> str:
    return BREAKDOWNS[found.filters.breakdown].lower()


def _withheld_rows(found: Outcomes, count_of: dict[Hashable, int]) -> dict[Hashable, str]:
    """Which rows' figures are withheld: by the count each rests on, the total being the groups' sum."""
    keys = tuple(row.key for row in found.rows)
    return suppression.suppress(count_of, [suppression.Constraint("total", keys)])


def goals_table(found: Outcomes) -> Table:
    count_of = {row.key: row.goals.goals for row in _all_rows(found)}
    withheld = _withheld_rows(found, count_of)
    rows = []
    for row in _all_rows(found):
        g, why = row.goals, withheld.get(row.key, "")
        rows.append(TableRow(row.label, [
            Cell(g.goals, COUNT, why), Cell(g.share_improved, SHARE, why), Cell(g.share_deteriorated, SHARE, why),
            Cell(g.mean_change, CHANGE, why),
        ], row.key == "total"))
    return Table(
        "table-goals", f"Goal-Based Outcomes: change from the start to the latest review, by {_by(found)}",
        ["Goals rated at the start and reviewed", f"Improved by {RELIABLE_CHANGE} or more points",
         f"Went back by {RELIABLE_CHANGE} or more points", "Mean change (points)"],
        rows,
    )


def measure_table(found: Outcomes, measure: MeasureInfo) -> Table:
    figures = {row.key: row.measures.get(measure.key, BeforeAfter()) for row in _all_rows(found)}
    withheld = _withheld_rows(found, {key: f.people for key, f in figures.items()})
    rows = []
    for row in _all_rows(found):
        f, why = figures[row.key], withheld.get(row.key, "")
        rows.append(TableRow(row.label, [
            Cell(f.people, COUNT, why), Cell(f.mean_before, MEAN, why), Cell(f.mean_after, MEAN, why),
            Cell(f.share_improved, SHARE, why),
        ], row.key == "total"))
    better = "higher is better" if measure.higher_is_better else "lower is better"
    whose = f" ({measure.organisation}'s own measure)" if measure.organisation else ""
    return Table(
        f"table-measure-{measure.key}",
        f"{measure.name}{whose}: first and latest rating, {measure.scale_min} to {measure.scale_max}, {better}; "
        f"by {_by(found)}",
        ["People rated twice or more", "Mean first rating", "Mean latest rating", "Better at the latest"],
        rows, measure,
    )


def published(found: Outcomes) -> Published:
    return Published(
        BREAKDOWNS[found.filters.breakdown], relationships_table(found), goals_table(found),
        [measure_table(found, measure) for measure in found.measures], found.computed_at,
    )


CSV_COLUMNS = ["Table", "Breakdown", "Group", "Figure", "Value"]


def csv_rows(found: Published) -> list[list[str | float | int]]:
    """One line for each published cell: long, so that a spreadsheet can pivot it."""
    lines: list[list[str | float | int]] = []
    for table in found.tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                lines.append([table.caption, found.breakdown_label, row.label, column, cell.csv])
    return lines
