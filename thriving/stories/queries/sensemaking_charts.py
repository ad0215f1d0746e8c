"""The sense-making page's SVG geometry, pure (no database): the triad's triangle binned into a
triangular grid of 100 small triangles, a dyad's groups as dot-and-box rows, the stones' canvas as
a scatter, and the quantiles read from a fine histogram. The templates in `stories/sensemaking/`
draw what these return (every label escaped like any other text); the tables beside each chart give
the same figures and are the accessible truth."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ROWS = 10  # the triangle's grid: ROWS rows, ROWS² small triangles
FINE = 100  # a dyad's positions are counted in FINE bins for its quantiles
# Five blues from light to dark (GOV.UK blue at the dark end), for a cell's share of the busiest cell.
SHADES = ("#d2e2f1", "#a5c6e3", "#77a9d4", "#4a8dc6", "#1d70b8")
BLUE, BLACK, GREY, ORANGE = "#1d70b8", "#0b0c0c", "#b1b4b6", "#f47738"


def _at(value: float) -> str:
    return f"{value:.1f}"


# ---------------------------------------------------------------------------------------------
# The triad


@dataclass
class Triangle:
    """The triad's triangle: its corners (first label at the top, second bottom left, third bottom
    right), the shaded cells, the mean point and where the labels go."""

    width: int
    height: int
    outline: str
    cells: list[tuple[str, str]] = field(default_factory=list)  # (points, fill)
    mean: tuple[str, str] | None = None
    labels: list[tuple[str, str, str, str]] = field(default_factory=list)  # x, y, anchor, text


WIDTH, HEIGHT, MARGIN, TOP = 400.0, 380.0, 60.0, 40.0


def _corners() -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    side = WIDTH - 2 * MARGIN
    bottom = TOP + side * math.sqrt(3) / 2
    return (WIDTH / 2, TOP), (MARGIN, bottom), (WIDTH - MARGIN, bottom)


def point(a: float, b: float, c: float) -> tuple[float, float]:
    """Where weights (a, b, c) sit in the triangle, in SVG coordinates."""
    (ax, ay), (bx, by), (cx, cy) = _corners()
    total = (a + b + c) or 1.0
    a, b, c = a / total, b / total, c / total
    return a * ax + b * bx + c * cx, a * ay + b * by + c * cy


def cell_of(i: int, j: int, k: int) -> tuple[int, int, int]:
    """The grid cell of a story whose weights' bins (floor of weight × ROWS, at most ROWS - 1) are
    i, j, k. Cells pointing up have i + j + k = ROWS - 1, those pointing down ROWS - 2; a point on
    a grid line (rounding) goes to a neighbouring cell pointing up."""
    i, j, k = (min(max(v, 0), ROWS - 1) for v in (i, j, k))
    while i + j + k > ROWS - 1:
        # Take one off the largest: the point is on the edge of the cell below it.
        if i >= j and i >= k:
            i -= 1
        elif j >= k:
            j -= 1
        else:
            k -= 1
    while i + j + k < ROWS - 2:
        if i <= j and i <= k:
            i += 1
        elif j <= k:
            j += 1
        else:
            k += 1
    return i, j, k


def cell_corners(i: int, j: int, k: int) -> list[tuple[float, float]]:
    """A cell's three corners, in SVG coordinates."""
    n = ROWS
    if i + j + k == n - 1:  # pointing up
        weights = [(i + 1, j, k), (i, j + 1, k), (i, j, k + 1)]
    else:  # pointing down
        weights = [(i + 1, j + 1, k), (i + 1, j, k + 1), (i, j + 1, k + 1)]
    return [point(a / n, b / n, c / n) for a, b, c in weights]


def all_cells() -> list[tuple[int, int, int]]:
    """Every cell of the grid: ROWS² of them."""
    cells = []
    for i in range(ROWS):
        for j in range(ROWS - i):
            cells.append((i, j, ROWS - 1 - i - j))
            if ROWS - 2 - i - j >= 0:
                cells.append((i, j, ROWS - 2 - i - j))
    return cells


def shade(count: int, busiest: int) -> str:
    """The fill for a cell with `count` stories, against the busiest cell's count."""
    if count <= 0 or busiest <= 0:
        return ""
    level = min(len(SHADES) - 1, math.ceil(count / busiest * len(SHADES)) - 1)
    return SHADES[level]


def triangle(labels: Sequence[str], cells: Mapping[tuple[int, int, int], int],
             mean: tuple[float, float, float] | None) -> Triangle:
    """The triangle with each cell shaded by its count (cells given only when they may be drawn:
    the caller leaves out small counts) and the mean point, if there is one."""
    corners = _corners()
    drawn = Triangle(int(WIDTH), int(HEIGHT), " ".join(f"{_at(x)},{_at(y)}" for x, y in corners))
    busiest = max(cells.values(), default=0)
    for cell in all_cells():
        fill = shade(cells.get(cell, 0), busiest)
        if fill:
            drawn.cells.append((" ".join(f"{_at(x)},{_at(y)}" for x, y in cell_corners(*cell)), fill))
    if mean is not None:
        x, y = point(*mean)
        drawn.mean = (_at(x), _at(y))
    names = list(labels) + ["", "", ""]
    (ax, ay), (bx, by), (cx, cy) = corners
    drawn.labels = [(_at(ax), _at(ay - 12), "middle", names[0]), (_at(bx), _at(by + 22), "start", names[1]),
                    (_at(cx), _at(cy + 22), "end", names[2])]
    return drawn


def region(i: int, j: int, k: int, labels: Sequence[str]) -> str:
    """The region of the triangle a cell is in: "mostly X" where one weight is 0.6 or more,
    "between X and Y" where the third is under 0.2, else "balanced" (bins exact to a tenth)."""
    names = list(labels) + ["the first", "the second", "the third"][len(labels):]
    bins = (i, j, k)
    for index, value in enumerate(bins):
        if value >= 6:
            return f"Mostly {names[index]}"
    low = min(range(3), key=lambda n: bins[n])
    if bins[low] < 2:
        first, second = (n for n in range(3) if n != low)
        return f"Between {names[first]} and {names[second]}"
    return "Balanced"


def regions(labels: Sequence[str]) -> list[str]:
    """The regions in the order the table lists them."""
    names = list(labels)[:3]
    between = [f"Between {names[a]} and {names[b]}" for a, b in ((0, 1), (1, 2), (0, 2))]
    return [*(f"Mostly {name}" for name in names), *between, "Balanced"]


# ---------------------------------------------------------------------------------------------
# Quantiles from a fine histogram


def quantile(bins: Mapping[int, int], q: float) -> float | None:
    """The q-quantile of positions from 0 to 1 counted in FINE bins (bin b holds [b/FINE, (b+1)/FINE)),
    spreading each bin's stories evenly across it: exact to 1/FINE."""
    total = sum(bins.values())
    if total <= 0:
        return None
    target, seen = q * total, 0
    for b in sorted(bins):
        count = bins[b]
        if count and seen + count >= target:
            return (b + (target - seen) / count) / FINE
        seen += count
    return (max(bins) + 1) / FINE


# ---------------------------------------------------------------------------------------------
# A dyad's groups: a row each, the box from the lower to the upper quartile, the median a line
# across it and the mean a dot


@dataclass
class GroupRow:
    y: str
    text_y: str
    label: str
    box: tuple[str, str] | None = None  # x, width
    median: str | None = None
    mean: str | None = None


@dataclass
class GroupChart:
    width: int
    height: int
    left: str
    right: str
    axis_y: str
    poles: tuple[str, str]
    rows: list[GroupRow] = field(default_factory=list)
    ticks: list[tuple[str, str]] = field(default_factory=list)  # x, label


GROUP_WIDTH, GROUP_LABEL, GROUP_ROW = 640.0, 200.0, 28.0


def group_chart(poles: Sequence[str], groups: Sequence[tuple[str, float | None, float | None, float | None,
                                                               float | None]]) -> GroupChart:
    """Rows of (label, lower quartile, median, upper quartile, mean); a group with None figures
    (too few stories) gets its label only."""
    left, right = GROUP_LABEL, GROUP_WIDTH - 24

    def x(value: float) -> float:
        return left + (right - left) * min(max(value, 0.0), 1.0)

    height = 24 + GROUP_ROW * max(len(groups), 1) + 36
    names = (list(poles) + ["", ""])[:2]
    chart = GroupChart(int(GROUP_WIDTH), int(height), _at(left), _at(right), _at(height - 30),
                       (names[0], names[1]))
    chart.ticks = [(_at(x(t / 4)), f"{t / 4:.2f}") for t in range(5)]
    for n, (label, low, median, high, mean) in enumerate(groups):
        top = 16 + n * GROUP_ROW
        row = GroupRow(_at(top + 4), _at(top + GROUP_ROW * 0.6), label if len(label) <= 30 else label[:29] + "…")
        if low is not None and high is not None:
            row.box = (_at(x(low)), _at(max(x(high) - x(low), 1.0)))
        if median is not None:
            row.median = _at(x(median))
        if mean is not None:
            row.mean = _at(x(mean))
        chart.rows.append(row)
    return chart


# ---------------------------------------------------------------------------------------------
# The stones' canvas


@dataclass
class Scatter:
    size: int
    low: str
    high: str
    dots: list[tuple[str, str, str, str]] = field(default_factory=list)  # x, y, label x, label
    axis_labels: list[tuple[str, str, str, str]] = field(default_factory=list)  # x, y, anchor, text


SCATTER, PAD = 400.0, 50.0


def scatter(labels: Sequence[str], items: Sequence[tuple[str, float, float]]) -> Scatter:
    """The canvas with its axes' ends labelled (across: low, high; up: low, high) and a dot for
    each item at its mean (x across, y up)."""
    low, high = PAD, SCATTER - PAD
    chart = Scatter(int(SCATTER), _at(low), _at(high))
    names = (list(labels) + ["", "", "", ""])[:4]
    chart.axis_labels = [
        (_at(low), _at(high + 20), "start", names[0]), (_at(high), _at(high + 20), "end", names[1]),
        (_at(low + 4), _at(high - 6), "start", f"↓ {names[2]}" if names[2] else ""),
        (_at(low), _at(low - 10), "start", f"↑ {names[3]}" if names[3] else ""),
    ]
    for label, across, up in items:
        px = low + (high - low) * min(max(across, 0.0), 1.0)
        py = high - (high - low) * min(max(up, 0.0), 1.0)
        chart.dots.append((_at(px), _at(py), _at(px + 7), label if len(label) <= 24 else label[:23] + "…"))
    return chart
