"""Charts drawn on the server as SVG: this module works out the geometry, and the templates in
`frontdoor/demand/` draw it (so every label is escaped like any other text on the page).

Each chart has a title and a description that sums it up for screen readers (the SVG has
role="img" and aria-labelledby pointing at its <title> and <desc>); the table beside each chart
gives the same figures and is the accessible truth. Colours come from the GOV.UK palette and no
chart relies on colour alone: the legend names each series, and the table has the numbers.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
BLUE, GREEN, ORANGE, GREY, BLACK = "#1d70b8", "#00703c", "#f47738", "#b1b4b6", "#0b0c0c"
# Counts are drawn against an axis of at least 10, so that 1 or 2 requests are short bars labelled
# with their count, not bars across the whole chart.
MIN_COUNT_SCALE = 10.0


def nice_step(value: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten, and at least 1) so that four steps cover the value."""
    target = max(value / 4, 1.0)
    power = 10 ** math.floor(math.log10(target))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= target:
            return float(step * power)
    return float(10 * power)


def nice_max(value: float) -> float:
    """The top of the axis: a whole number of round steps at or above the value (at least 1)."""
    step = nice_step(value)
    return step * max(1, math.ceil(value / step))


def _at(value: float | str) -> str:
    """A coordinate as the SVG text, so the template does no number formatting."""
    return value if isinstance(value, str) else f"{value:.1f}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


@dataclass
class Tick:
    y: float | str
    label: str

    def __post_init__(self) -> None:
        self.y = _at(self.y)


@dataclass
class Rect:
    x: float | str
    y: float | str
    width: float | str
    height: float | str
    colour: str
    label: str = ""  # said in a <title> on hover

    def __post_init__(self) -> None:
        self.x, self.y, self.width, self.height = (_at(v) for v in (self.x, self.y, self.width, self.height))


@dataclass
class Text:
    x: float | str
    y: float | str
    text: str
    anchor: str = "middle"

    def __post_init__(self) -> None:
        self.x, self.y = _at(self.x), _at(self.y)


@dataclass
class Series:
    name: str
    colour: str
    dashed: bool = False
    points: str = ""  # "x,y x,y" for a polyline; several polylines where values are missing
    segments: list[str] = field(default_factory=list)
    dots: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    plot_top: float = TOP
    plot_bottom: float = 0
    ticks: list[Tick] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    legend: list[tuple[str, str, bool]] = field(default_factory=list)  # name, colour, dashed
    empty: bool = False

    @property
    def tick_x(self) -> str:
        return _at(self.left - 6)

    @property
    def left_at(self) -> str:
        return _at(self.left)

    @property
    def right_at(self) -> str:
        return _at(self.plot_right)


def _ticks(top_value: float, bottom: float, top: float, suffix: str = "") -> list[Tick]:
    step = nice_step(top_value) if top_value != 100 else 25.0
    count = max(1, round(top_value / step))
    return [
        Tick(y=bottom - (bottom - top) * i / count, label=f"{_fmt(step * i)}{suffix}") for i in range(count + 1)
    ]


def _label_every(count: int, room: float) -> int:
    """Show every nth label along the x axis so that they do not overlap (about 56px each)."""
    return max(1, math.ceil(count * 56 / max(room, 1)))


def count_scale(values: Sequence[float], floor: float = MIN_COUNT_SCALE) -> float:
    """The top of the axis for counts: a round number at or above the largest, and at least `floor`."""
    return nice_max(max(max(values, default=0), floor))


def columns(
    chart_id: str, title: str, description: str, items: Sequence[tuple[str, float]], *, colour: str = BLUE,
    height: int = 260, floor: float = MIN_COUNT_SCALE,
) -> Chart:
    """Vertical bars, one for each item (such as each week), each labelled with its count above it
    where there is room."""
    chart = Chart(chart_id, title, description, WIDTH, height, plot_bottom=height - BOTTOM)
    top_value = count_scale([v for _, v in items], floor)
    chart.ticks = _ticks(top_value, chart.plot_bottom, TOP)
    chart.empty = not any(v for _, v in items)
    room = chart.plot_right - LEFT
    slot = room / max(len(items), 1)
    every = _label_every(len(items), room)
    for i, (label, value) in enumerate(items):
        bar_height = (chart.plot_bottom - TOP) * value / top_value
        x = LEFT + i * slot + slot * 0.15
        chart.rects.append(
            Rect(x, chart.plot_bottom - bar_height, slot * 0.7, bar_height, colour, f"{label}: {_fmt(value)}")
        )
        if value and len(_fmt(value)) * 7 <= slot:
            chart.texts.append(Text(LEFT + (i + 0.5) * slot, chart.plot_bottom - bar_height - 4, _fmt(value)))
        if i % every == 0:
            chart.texts.append(Text(LEFT + (i + 0.5) * slot, chart.plot_bottom + 18, label))
    return chart


def bars(
    chart_id: str, title: str, description: str, items: Sequence[tuple[str, float]], *, colour: str = BLUE,
    label_width: int = 200, floor: float = MIN_COUNT_SCALE,
) -> Chart:
    """Horizontal bars with their labels and counts, one row for each item."""
    row = 26
    height = TOP + BOTTOM // 2 + row * max(len(items), 1)
    chart = Chart(chart_id, title, description, WIDTH, height, left=label_width, plot_bottom=height - BOTTOM // 2)
    top_value = count_scale([v for _, v in items], floor)
    chart.empty = not any(v for _, v in items)
    room = WIDTH - RIGHT - label_width - 56
    for i, (label, value) in enumerate(items):
        y = TOP + i * row
        width = room * value / top_value
        short = label if len(label) <= 30 else label[:29] + "…"
        chart.texts.append(Text(label_width - 8, y + row * 0.62, short, anchor="end"))
        chart.rects.append(Rect(label_width, y + 4, width, row - 8, colour, f"{label}: {_fmt(value)}"))
        chart.texts.append(Text(label_width + width + 6, y + row * 0.62, _fmt(value), anchor="start"))
    return chart


def lines(
    chart_id: str, title: str, description: str, labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None], bool]], *, suffix: str = "", height: int = 260,
    top_value: float | None = None,
) -> Chart:
    """One line for each series (name, colour, values, dashed) across the labels; a missing value
    (None) breaks the line."""
    chart = Chart(chart_id, title, description, WIDTH, height, plot_bottom=height - BOTTOM)
    values = [v for _, _, vs, _ in series for v in vs if v is not None]
    chart.empty = not values
    top = top_value or nice_max(max(values, default=0))
    chart.ticks = _ticks(top, chart.plot_bottom, TOP, suffix)
    room = chart.plot_right - LEFT
    slot = room / max(len(labels), 1)
    every = _label_every(len(labels), room)
    for i, label in enumerate(labels):
        if i % every == 0:
            chart.texts.append(Text(LEFT + (i + 0.5) * slot, chart.plot_bottom + 18, label))
    for name, colour, vs, dashed in series:
        line = Series(name, colour, dashed)
        current: list[str] = []
        for i, value in enumerate(vs):
            if value is None:
                if current:
                    line.segments.append(" ".join(current))
                current = []
                continue
            x = LEFT + (i + 0.5) * slot
            y = chart.plot_bottom - (chart.plot_bottom - TOP) * min(value, top) / top
            current.append(f"{x:.1f},{y:.1f}")
            line.dots.append((_at(x), _at(y)))
        if current:
            line.segments.append(" ".join(current))
        chart.series.append(line)
        chart.legend.append((name, colour, dashed))
    return chart


def stacked_shares(
    chart_id: str, title: str, description: str, labels: Sequence[str],
    parts: Sequence[tuple[str, str, Sequence[float | None]]], *, height: int = 260,
) -> Chart:
    """100% columns: each column split into the parts' shares (per cent); no column where the
    shares are missing."""
    chart = Chart(chart_id, title, description, WIDTH, height, plot_bottom=height - BOTTOM)
    chart.ticks = _ticks(100, chart.plot_bottom, TOP, "%")
    room = chart.plot_right - LEFT
    slot = room / max(len(labels), 1)
    every = _label_every(len(labels), room)
    plot_height = chart.plot_bottom - TOP
    chart.empty = True
    for i, label in enumerate(labels):
        base = chart.plot_bottom
        for name, colour, shares in parts:
            share = shares[i]
            if share is None:
                continue
            chart.empty = False
            h = plot_height * share / 100
            chart.rects.append(Rect(LEFT + i * slot + slot * 0.1, base - h, slot * 0.8, h, colour,
                                    f"{label}: {name} {share:.0f}%"))
            base -= h
        if i % every == 0:
            chart.texts.append(Text(LEFT + (i + 0.5) * slot, chart.plot_bottom + 18, label))
    chart.legend = [(name, colour, False) for name, colour, _ in parts]
    return chart


# --- Scores on a fixed scale: the progress charts of coaching -----------------------------------
# A point-and-line chart for ratings on a scale such as 0 to 10 (Goal-Based Outcomes): the axis is
# the whole scale, whatever the scores; each series joins its own points across the occasions it
# was not rated on (a missing review does not break the line), and each point is labelled with its
# score when there is one series (with several, the legend, the dashes and the table tell them apart).

SCORE_COLOURS = (BLUE, ORANGE, GREEN, BLACK)


def scores(
    chart_id: str, title: str, description: str, labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]], *, low: int = 0, high: int = 10, height: int = 240,
) -> Chart:
    """One line of points for each series (name, a score or None for each label) on the scale from
    `low` to `high`; the series take the colours of `SCORE_COLOURS` in turn, every second one dashed."""
    chart = Chart(chart_id, title, description, WIDTH, height, plot_bottom=height - BOTTOM)
    span = max(high - low, 1)
    step = 1 if span <= 6 else 2 if span <= 12 else nice_step(span)
    plot_height = chart.plot_bottom - TOP
    count = math.floor(span / step)
    chart.ticks = [Tick(y=chart.plot_bottom - plot_height * (i * step) / span, label=_fmt(low + i * step))
                   for i in range(count + 1)]
    if count * step != span:
        chart.ticks.append(Tick(y=TOP, label=_fmt(high)))
    room = chart.plot_right - LEFT
    slot = room / max(len(labels), 1)
    every = _label_every(len(labels), room)
    for i, label in enumerate(labels):
        if i % every == 0:
            chart.texts.append(Text(LEFT + (i + 0.5) * slot, chart.plot_bottom + 18, label))
    chart.empty = not any(v is not None for _, values in series for v in values)
    for n, (name, values) in enumerate(series):
        colour, dashed = SCORE_COLOURS[n % len(SCORE_COLOURS)], n % 2 == 1
        line = Series(name, colour, dashed)
        points = []
        for i, value in enumerate(values):
            if value is None:
                continue
            x = LEFT + (i + 0.5) * slot
            y = chart.plot_bottom - plot_height * (min(max(value, low), high) - low) / span
            points.append(f"{x:.1f},{y:.1f}")
            line.dots.append((_at(x), _at(y)))
            if len(series) == 1:
                chart.texts.append(Text(x, y - 10 if y - 10 > TOP + 4 else y + 20, _fmt(value)))
        if points:
            line.segments.append(" ".join(points))
        chart.series.append(line)
        chart.legend.append((name, colour, dashed))
    return chart
