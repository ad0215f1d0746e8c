"""The suppression of small numbers that published statistics need, for the outcomes across people.

- **Primary**: a count of 1 to 4 (people, relationships or goals) is withheld and shown as
  "fewer than 5", and so is every figure resting on it (a mean, a share). A count of 0 is shown: it
  names no one.
- **Secondary** (complementary): a table whose totals are published lets a reader recover one
  withheld cell by taking its siblings from their total. So for every total and the cells that add
  up to it (a row, a column), when exactly one of them is withheld, the smallest other cell that adds
  up to it is withheld too (one that is not 0 if there is one; the total itself only when nothing else
  is left), and this is repeated until no total has a single withheld part.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"

PRIMARY, SECONDARY = "primary", "secondary"


@dataclass(frozen=True)
class Constraint:
    """A published total and the cells that add up to it."""

    total: Hashable
    parts: tuple[Hashable, ...]


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def suppress(counts: Mapping[Hashable, int], constraints: Iterable[Constraint]) -> dict[Hashable, str]:
    """Which cells to withhold, and why (`PRIMARY` or `SECONDARY`), given every cell's count and the
    totals that are published."""
    withheld: dict[Hashable, str] = {cell: PRIMARY for cell, count in counts.items() if is_small(count)}
    constraints = list(constraints)
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            members = (constraint.total, *constraint.parts)
            if sum(1 for cell in members if cell in withheld) != 1:
                continue
            shown = [cell for cell in constraint.parts if cell not in withheld]
            if not shown:
                withheld[constraint.total] = SECONDARY
            else:
                nonzero = [cell for cell in shown if counts.get(cell, 0)] or shown
                withheld[min(nonzero, key=lambda cell: (counts.get(cell, 0), str(cell)))] = SECONDARY
            changed = True
    return withheld


def grid(rows: Iterable[Hashable], columns: Iterable[Hashable], total_row: Hashable,
         total_column: Hashable | None = None) -> list[Constraint]:
    """The constraints of a table with a total row (each column adds up to it) and, if given, a total
    column (each row adds up to it): cells are `(row, column)`."""
    rows, columns = list(rows), list(columns)
    found = [Constraint((total_row, c), tuple((r, c) for r in rows)) for c in [*columns, *(
        [total_column] if total_column is not None else [])]]
    if total_column is not None:
        found += [Constraint((r, total_column), tuple((r, c) for c in columns)) for r in [*rows, total_row]]
    return found
