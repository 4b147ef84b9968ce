"""The bar charts' geometry: one bar per figure, scaled to the largest, and nothing lost to rounding."""

import itertools
from decimal import Decimal

from dashboards.charts import (
    BAR_THICKNESS,
    LABEL_WIDTH,
    PLOT_BOTTOM,
    PLOT_TOP,
    VALUE_WIDTH,
    WIDTH,
    Point,
    horizontal_bars,
    short_label,
    vertical_bars,
)


def points(*values: str) -> list[Point]:
    return [Point(f"Item {index}", Decimal(value), index) for index, value in enumerate(values)]


def test_horizontal_bars_are_scaled_to_the_largest_amount():
    chart = horizontal_bars(points("50.00", "200.00", "0.00"), title="T", category="C")

    assert [bar.width for bar in chart.bars] == [
        (WIDTH - LABEL_WIDTH - VALUE_WIDTH) // 4,
        WIDTH - LABEL_WIDTH - VALUE_WIDTH,
        0,
    ]
    assert all(bar.x == LABEL_WIDTH and bar.height == BAR_THICKNESS for bar in chart.bars)
    assert chart.total == Decimal("250.00")
    assert chart.counted


def test_rows_do_not_overlap_and_the_chart_is_as_tall_as_its_rows():
    chart = horizontal_bars(points("1", "2", "3"), title="T", category="C")

    tops = [bar.y for bar in chart.bars]
    assert tops == sorted(tops) and all(b - a >= BAR_THICKNESS for a, b in itertools.pairwise(tops))
    assert chart.height >= chart.bars[-1].y + BAR_THICKNESS


def test_a_tiny_positive_amount_still_shows_a_bar():
    chart = horizontal_bars(points("0.01", "1000000.00"), title="T", category="C")

    assert chart.bars[0].width == 1


def test_negative_amounts_draw_no_bar():
    chart = horizontal_bars(points("-5.00", "10.00"), title="T", category="C")

    assert chart.bars[0].width == 0


def test_vertical_bars_stand_on_the_baseline_with_a_scale_at_the_top_and_the_middle():
    chart = vertical_bars(points("100.00", "25.00", "0.00", "100.01"), title="T", category="C")

    assert len(chart.bars) == 4
    assert all(bar.y + bar.height == PLOT_BOTTOM for bar in chart.bars)
    assert chart.bars[3].height == PLOT_BOTTOM - PLOT_TOP
    assert chart.bars[2].height == 0
    assert [line.value for line in chart.gridlines] == [Decimal("100.01"), Decimal("50.01")]  # half rounds up
    lefts = [bar.x for bar in chart.bars]
    assert lefts == sorted(lefts) and all(b - a > chart.bars[0].width for a, b in itertools.pairwise(lefts))


def test_an_empty_chart_has_no_bars_and_no_scale():
    chart = vertical_bars([], title="T", category="C")

    assert chart.bars == () and chart.gridlines == () and chart.total == 0


def test_a_long_name_is_cut_on_the_chart_but_kept_whole_for_the_table():
    name = "Matkustaminen ja majoitus ulkomailla"
    chart = horizontal_bars([Point(name, Decimal(1))], title="T", category="C")

    assert chart.bars[0].label == short_label(name) and chart.bars[0].label.endswith("…")
    assert len(chart.bars[0].label) == 26
    assert chart.bars[0].name == name
    assert short_label("Meals") == "Meals"
