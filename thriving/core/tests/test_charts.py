"""The SVG charts' geometry: counts drawn against a sensible axis and labelled with their numbers."""

import pytest

from thriving.core import charts


def _widths(chart: charts.Chart) -> list[float]:
    return [float(rect.width) for rect in chart.rects]


def test_a_bar_for_one_request_is_short_and_says_one():
    chart = charts.bars("c", "Requests by locality", "One request.", [("Cotmanhay", 1)])
    room = charts.WIDTH - charts.RIGHT - 200 - 56
    (width,) = _widths(chart)
    assert width == pytest.approx(room / 10)  # against an axis of ten, not a bar across the chart
    assert [text.text for text in chart.texts] == ["Cotmanhay", "1"]


def test_bars_for_larger_counts_are_scaled_to_a_round_maximum():
    chart = charts.bars("c", "Requests", "", [("A", 37), ("B", 12)])
    room = charts.WIDTH - charts.RIGHT - 200 - 56
    assert _widths(chart) == pytest.approx([room * 37 / 40, room * 12 / 40])
    assert [text.text for text in chart.texts] == ["A", "37", "B", "12"]


def test_columns_for_small_counts_are_low_and_labelled_with_their_counts():
    chart = charts.columns("c", "Requests by week", "", [("1 Jun", 1), ("8 Jun", 0), ("15 Jun", 3)])
    plot = chart.plot_bottom - charts.TOP
    assert [float(rect.height) for rect in chart.rects] == pytest.approx([plot / 10, 0, plot * 3 / 10])
    assert chart.ticks[-1].label == "10"
    counts = [text.text for text in chart.texts if text.text.isdigit()]
    assert counts == ["1", "3"]  # an empty week has no label


def test_columns_too_narrow_for_their_count_leave_it_to_the_table():
    items = [(f"w{i}", 12345) for i in range(52)]
    chart = charts.columns("c", "Requests by week", "", items)
    assert not [text for text in chart.texts if text.text == "12,345"]
