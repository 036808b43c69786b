"""Bar charts as plain geometry, drawn as inline SVG by the templates.

The page needs no chart library and no JavaScript: Python works out where each
bar, grid line and label goes, and the template writes the `<rect>`, `<line>`
and `<text>` elements (Jinja escapes every label). A bar's `<title>` is its
tooltip. Coordinates are floats in the SVG's own units; amounts stay Decimal
until they become a height.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

#: Room around the plot for the axis labels, in SVG units.
LEFT, RIGHT, TOP, BOTTOM = 48.0, 8.0, 10.0, 26.0


@dataclass(frozen=True)
class Rect:
    """One segment of a bar.

    Attributes:
      x, y, width, height: Its box, y growing downwards as in SVG.
      series: Index of the series it belongs to (its colour).
      title: The tooltip.
    """

    x: float
    y: float
    width: float
    height: float
    series: int
    title: str


@dataclass(frozen=True)
class Tick:
    """A label on an axis, at `position` (y for the value axis, x for the categories)."""

    position: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """A (stacked) bar chart ready to draw.

    Attributes:
      width, height: The SVG's viewBox size.
      left, right, top, bottom: The plot area's edges.
      rects: The bar segments.
      y_ticks: Grid lines with their values.
      x_ticks: Category labels under the bars (some left out when they would crowd).
      series: The series' names, for the legend.
      description: A sentence saying what the chart shows, for screen readers.
    """

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    rects: tuple[Rect, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    series: tuple[str, ...]
    description: str


def nice_step(top: float, ticks: int = 4) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `ticks` grid lines up to `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover (the loop always returns)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def stacked_bars(
    labels: Sequence[str],
    stacks: Sequence[Sequence[Decimal]],
    series: Sequence[str],
    *,
    unit: str,
    description: str,
    width: float = 720.0,
    height: float = 240.0,
    max_labels: int = 12,
) -> BarChart:
    """A bar per label, each stacked from its values (one per series), bottom up.

    Args:
      labels: The categories, left to right.
      stacks: Per category, one value per series (not negative).
      series: The names of the series.
      unit: Said after each value in the tooltips ("SIF", "members").
      description: What the chart shows, in one sentence.
      width, height: Size of the drawing.
      max_labels: At most this many category labels; the others are left out.
    """
    totals = [float(sum(stack, Decimal(0))) for stack in stacks]
    step = nice_step(max(totals, default=0.0))
    top_value = step * max(1, math.ceil(max(totals, default=0.0) / step))
    plot_w = width - LEFT - RIGHT
    plot_h = height - TOP - BOTTOM
    slot = plot_w / max(1, len(labels))
    bar = slot * 0.7
    rects = []
    for index, (label, stack) in enumerate(zip(labels, stacks, strict=True)):
        x = LEFT + index * slot + (slot - bar) / 2
        base = 0.0
        for number, value in enumerate(stack):
            amount = float(value)
            if amount <= 0:
                continue
            y_top = TOP + plot_h * (1 - (base + amount) / top_value)
            y_bottom = TOP + plot_h * (1 - base / top_value)
            rects.append(
                Rect(
                    round(x, 1),
                    round(y_top, 1),
                    round(bar, 1),
                    round(y_bottom - y_top, 1),
                    number,
                    f"{label}, {series[number]}: {value} {unit}",
                )
            )
            base += amount
    y_ticks = tuple(
        Tick(round(TOP + plot_h * (1 - k * step / top_value), 1), _number(k * step))
        for k in range(round(top_value / step) + 1)
    )
    every = max(1, math.ceil(len(labels) / max_labels))
    x_ticks = tuple(
        Tick(round(LEFT + (index + 0.5) * slot, 1), label)
        for index, label in enumerate(labels)
        if (len(labels) - 1 - index) % every == 0  # always label the latest bar
    )
    return BarChart(
        width,
        height,
        LEFT,
        width - RIGHT,
        TOP,
        height - BOTTOM,
        tuple(rects),
        y_ticks,
        x_ticks,
        tuple(series),
        description,
    )
