"""The sense-making page's geometry, pure: the triangle's grid of 100 cells, which cell and region
a story's weights fall in, quantiles from a fine histogram, and the groups' and stones' charts."""

import pytest

from thriving.stories.queries import sensemaking_charts as geometry


def test_the_grid_has_a_hundred_distinct_cells_pointing_up_and_down():
    cells = geometry.all_cells()
    assert len(cells) == 100 == len(set(cells))
    assert sum(1 for i, j, k in cells if i + j + k == 9) == 55
    assert sum(1 for i, j, k in cells if i + j + k == 8) == 45


@pytest.mark.parametrize(("floors", "cell"), [
    ((9, 0, 0), (9, 0, 0)),  # a = 1 exactly, clipped to the last bin
    ((3, 3, 4), (3, 3, 3)),  # 0.3, 0.3, 0.4: on grid lines, goes to a cell pointing up
    ((3, 3, 2), (3, 3, 2)),  # pointing down
    ((2, 3, 4), (2, 3, 4)),  # pointing up
    ((0, 0, 0), (3, 3, 2)),  # weights that do not add up: still some cell
])
def test_a_story_falls_in_one_cell(floors, cell):
    assert geometry.cell_of(*floors) == cell
    assert geometry.cell_of(*floors) in geometry.all_cells()


def test_corners_and_the_centre():
    top = geometry.point(1, 0, 0)
    left = geometry.point(0, 1, 0)
    right = geometry.point(0, 0, 1)
    centre = geometry.point(1 / 3, 1 / 3, 1 / 3)
    assert top[1] < left[1] == right[1]
    assert left[0] < top[0] < right[0]
    assert centre[0] == pytest.approx(top[0])
    assert centre[1] == pytest.approx((top[1] + left[1] + right[1]) / 3)


def test_each_cell_is_inside_the_triangle_and_they_tile_it():
    area = 0.0
    for cell in geometry.all_cells():
        (x1, y1), (x2, y2), (x3, y3) = geometry.cell_corners(*cell)
        area += abs((x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1)) / 2
    (x1, y1), (x2, y2), (x3, y3) = (geometry.point(1, 0, 0), geometry.point(0, 1, 0), geometry.point(0, 0, 1))
    assert area == pytest.approx(abs((x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1)) / 2)


def test_regions_name_the_labels():
    labels = ["family", "community", "services"]
    assert geometry.region(7, 1, 1, labels) == "Mostly family"
    assert geometry.region(1, 1, 6, labels) == "Mostly services"
    assert geometry.region(4, 4, 0, labels) == "Between family and community"
    assert geometry.region(1, 4, 4, labels) == "Between community and services"
    assert geometry.region(3, 3, 3, labels) == "Balanced"
    every = {geometry.region(*cell, labels) for cell in geometry.all_cells()}
    assert every == set(geometry.regions(labels))


def test_shading_darkens_with_the_count_and_leaves_empty_cells_undrawn():
    assert geometry.shade(0, 10) == ""
    assert geometry.shade(10, 10) == geometry.SHADES[-1]
    assert geometry.shade(1, 100) == geometry.SHADES[0]
    drawn = geometry.triangle(["a", "b", "c"], {(9, 0, 0): 10, (0, 0, 9): 5}, (0.5, 0.25, 0.25))
    assert len(drawn.cells) == 2
    assert drawn.mean is not None
    assert [label[3] for label in drawn.labels] == ["a", "b", "c"]
    assert geometry.triangle(["a", "b", "c"], {}, None).mean is None


def test_quantiles_from_the_fine_histogram():
    assert geometry.quantile({}, 0.5) is None
    assert geometry.quantile({50: 10}, 0.5) == pytest.approx(0.505)
    bins = {10: 1, 20: 1, 30: 1, 90: 1}
    assert geometry.quantile(bins, 0.5) == pytest.approx(0.21)
    assert geometry.quantile({0: 4}, 0.0) == 0.0
    assert geometry.quantile({99: 4}, 1.0) == pytest.approx(1.0)


def test_group_chart_draws_only_groups_with_figures():
    chart = geometry.group_chart(["alone", "together"],
                                 [("North", 0.2, 0.4, 0.6, 0.45), ("South", None, None, None, None)])
    north, south = chart.rows
    assert north.box
    assert north.median
    assert north.mean
    assert south.box is None
    assert south.median is None
    assert south.mean is None
    assert chart.poles == ("alone", "together")
    room = geometry.GROUP_WIDTH - 24 - geometry.GROUP_LABEL
    assert float(north.box[0]) == pytest.approx(geometry.GROUP_LABEL + room * 0.2)


def test_scatter_places_high_up_near_the_top():
    chart = geometry.scatter(["low", "high", "down", "up"], [("Family", 0.0, 1.0), ("Council", 1.0, 0.0)])
    (fx, fy, _, _), (cx, cy, _, _) = chart.dots
    assert float(fx) < float(cx)
    assert float(fy) < float(cy)
