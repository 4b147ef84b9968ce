"""Bar charts as geometry: where each bar, label and gridline of a dashboard chart goes.

Plain Python with no Django in it, so the layout is tested on its own; the templates under
templates/dashboards/ draw it as SVG and put the words and amounts in the reader's language.
Coordinates are whole pixels of the chart's viewBox: a template prints them unlocalised, and
integers cannot come out as "12,5" in Finnish.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HORIZONTAL = "horizontal"
VERTICAL = "vertical"

WIDTH = 640
# Horizontal bars: the category's name on the left, the bar, its amount on the right.
LABEL_WIDTH = 190
VALUE_WIDTH = 120
ROW_HEIGHT = 28
BAR_THICKNESS = 18
LABEL_CHARACTERS = 26
# Vertical bars: a scale on the left, the month's name under its bar.
VERTICAL_HEIGHT = 220
SCALE_WIDTH = 90
PLOT_TOP = 12
PLOT_BOTTOM = 188
BAR_SHARE_OF_SLOT = Decimal("0.7")


@dataclass(frozen=True)
class Point:
    """One figure of a chart: what it is, its amount in euros, and of how many expenses (if counted)."""

    label: str
    value: Decimal
    count: int | None = None
    # A longer name for the table and the bar's tooltip (a month's label is "Jan", its name "January 2026").
    name: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    name: str
    value: Decimal
    count: int | None
    x: int
    y: int
    width: int
    height: int
    label_x: int
    label_y: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Gridline:
    value: Decimal
    y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    orientation: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    total: Decimal
    # The heading of the table alternative's first column ("Month", "Cost center").
    category: str = ""
    counted: bool = False
    gridlines: tuple[Gridline, ...] = field(default=())
    baseline_y: int = 0


def short_label(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """A name cut to fit the label column; the full name stays in the tooltip and the table."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _length(value: Decimal, largest: Decimal, room: int) -> int:
    """The bar's length in pixels; a positive amount never vanishes into a zero-length bar."""
    if value <= 0 or largest <= 0:
        return 0
    return max(1, int((value / largest * room).to_integral_value()))


def _largest(points: Sequence[Point]) -> Decimal:
    return max((point.value for point in points), default=Decimal(0))


def _total(points: Sequence[Point]) -> Decimal:
    return sum((point.value for point in points), start=Decimal(0))


def horizontal_bars(points: Sequence[Point], *, title: str, category: str) -> BarChart:
    """One row per point, in the given order, bars scaled to the largest amount."""
    largest = _largest(points)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for row, point in enumerate(points):
        top = row * ROW_HEIGHT + (ROW_HEIGHT - BAR_THICKNESS) // 2
        length = _length(point.value, largest, room)
        middle = row * ROW_HEIGHT + ROW_HEIGHT // 2 + 5  # text sits on its baseline: 5 px below the middle
        bars.append(
            Bar(short_label(point.label), point.name or point.label, point.value, point.count,
                x=LABEL_WIDTH, y=top, width=length, height=BAR_THICKNESS,
                label_x=LABEL_WIDTH - 8, label_y=middle, value_x=LABEL_WIDTH + length + 6, value_y=middle)
        )  # fmt: skip
    height = max(1, len(points)) * ROW_HEIGHT
    counted = any(point.count is not None for point in points)
    return BarChart(title, HORIZONTAL, WIDTH, height, tuple(bars), _total(points), category, counted)


def vertical_bars(points: Sequence[Point], *, title: str, category: str) -> BarChart:
    """One column per point from left to right, with a scale at zero, half and the largest amount."""
    largest = _largest(points)
    room = PLOT_BOTTOM - PLOT_TOP
    slot = Decimal(WIDTH - SCALE_WIDTH) / max(1, len(points))
    thickness = int(slot * BAR_SHARE_OF_SLOT)
    bars = []
    for index, point in enumerate(points):
        left = SCALE_WIDTH + int(slot * index + (slot - thickness) / 2)
        length = _length(point.value, largest, room)
        centre = left + thickness // 2
        bars.append(
            Bar(point.label, point.name or point.label, point.value, point.count,
                x=left, y=PLOT_BOTTOM - length, width=thickness, height=length,
                label_x=centre, label_y=PLOT_BOTTOM + 18, value_x=centre, value_y=PLOT_BOTTOM - length - 4)
        )  # fmt: skip
    gridlines: tuple[Gridline, ...] = ()
    if largest > 0:
        half = (largest / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        gridlines = (Gridline(largest, PLOT_TOP), Gridline(half, PLOT_TOP + room // 2))
    counted = any(point.count is not None for point in points)
    return BarChart(
        title, VERTICAL, WIDTH, VERTICAL_HEIGHT, tuple(bars), _total(points), category, counted, gridlines, PLOT_BOTTOM
    )
