"""Community figures: aggregates of the books, never a member's own numbers.

Per month: the members in the network at the month's end, the trades, the
sessions (trades of services counted in the unit `session`, by quantity) and
the community currency exchanged (the sum of what recipients took on). The
page draws them as inline SVG bar charts made here, so it needs no script.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

from sif.ledger.trades import iter_trades
from sif.model.community import Community
from sif.model.period import last_day
from sif.site.context import Context
from sif.site.render import Markup, part, str_render
from sif.site.safe import SiteFile, front_matter, h, html_table, md
from sif.site.words import month_name, number, short_month

SESSION_UNIT = "session"
MAX_MONTHS = 24
ZERO = Decimal(0)


class MonthFigures(NamedTuple):
    """The figures of one calendar month (the month itself is a `sif.model.period.Month`).

    Attributes:
      year, month: The month.
      members: Members active on the month's last day (the operator not counted).
      trades: Trades dated in the month.
      sessions: Units of services counted in sessions.
      exchanged: Community currency exchanged in the month.
    """

    year: int
    month: int
    members: int
    trades: int
    sessions: Decimal
    exchanged: Decimal


def monthly(
    community: Community, entries: data.Directives, today: datetime.date
) -> list[MonthFigures]:
    """The last MAX_MONTHS months that had trades, up to `today`, oldest first."""
    menu = community.menu
    assert menu is not None
    trades: dict[tuple[int, int], int] = {}
    sessions: dict[tuple[int, int], Decimal] = {}
    exchanged: dict[tuple[int, int], Decimal] = {}
    for trade in iter_trades(entries, menu.currency.code):
        if trade.date > today:
            continue
        key = (trade.date.year, trade.date.month)
        trades[key] = trades.get(key, 0) + 1
        service = menu.services.get(trade.service)
        if service is not None and service.unit == SESSION_UNIT:
            sessions[key] = sessions.get(key, ZERO) + trade.quantity
        exchanged[key] = exchanged.get(key, ZERO) + trade.total
    if not trades:
        return []
    year, month = min(trades)
    last = max(trades)
    keys = []
    while (year, month) <= last:
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    keys = keys[-MAX_MONTHS:]
    peers = [m for m in community.members.values() if m.id != menu.operator]
    result = []
    for year, month in keys:
        end = last_day(year, month)
        result.append(
            MonthFigures(
                year,
                month,
                sum(1 for member in peers if member.active_on(end)),
                trades.get((year, month), 0),
                sessions.get((year, month), ZERO),
                exchanged.get((year, month), ZERO),
            )
        )
    return result


def bar_chart(
    chart_id: str, caption: str, months: list[MonthFigures], values: list[Decimal], language: str
) -> str:
    """An SVG bar chart, one bar per month, with a few gridlines, as one HTML line.

    The text is large for the drawing (it shrinks with it on a phone), so only
    every few months is named when there are many.
    """
    width, height, left, bottom, top = 720, 300, 72, 60, 16
    every = max(1, -(-len(values) // 8))
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(values, default=ZERO)
    step = _nice_step(peak)
    ceiling = step * 4 if step else Decimal(1)
    slot = plot_w / max(len(values), 1)
    grids = []
    for index in range(5):
        level = step * index
        y = top + plot_h - float(level / ceiling) * plot_h
        grids.append(
            {"y": f"{y:.1f}", "label_y": f"{y + 4:.1f}", "label": number(level, language, 0)}
        )
    bars = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        bar_h = float(value / ceiling) * plot_h
        x = left + index * slot + slot * 0.15
        named = not index % every
        bars.append(
            {
                "x": f"{x:.1f}",
                "y": f"{top + plot_h - bar_h:.1f}",
                "width": f"{slot * 0.7:.1f}",
                "height": f"{bar_h:.1f}",
                "title": f"{month_name(month.year, month.month, language)}: "
                f"{number(value, language)}",
                "centre": f"{x + slot * 0.35:.1f}",
                "month": short_month(month.month, language) if named else None,
                "year": month.year if named and (month.month <= every or index == 0) else None,
            }
        )
    return str_render(
        "chart.html",
        id=chart_id,
        caption=caption,
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        grids=grids,
        bars=bars,
    )


def _nice_step(peak: Decimal) -> Decimal:
    """A round gridline step so that four steps reach at least `peak`."""
    if peak <= 0:
        return ZERO
    raw = peak / 4
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def figures_page(
    community: Community, months: list[MonthFigures], ctx: Context, listed: int, public: int
) -> SiteFile:
    """`cijfers.md`: headline numbers, why they exceed the public lists, two charts and
    the table per month. `listed` and `public` are the members and concepts the site lists."""
    menu = community.menu
    assert menu is not None
    language = ctx.language
    code = menu.currency.code
    operator = menu.operator
    active = sum(
        1 for m in community.members.values() if m.id != operator and m.active_on(ctx.today)
    )
    concepts = len(community.concepts)
    recent = months[-12:]
    trades = sum(m.trades for m in recent)
    sessions = number(_total(m.sessions for m in recent), language, 0)
    exchanged = number(_total(m.exchanged for m in recent), language)
    title = ctx._("The community in figures")
    text = front_matter(ctx._("Figures")) + f"# {title}\n\n"
    text += ctx._(
        "Only totals of the whole community: no member's balance or "
        "activity.\n\n- **{active}** members in the network\n- **{concepts}** "
        "concepts\n- **{trades}** exchanges and **{sessions}** sessions in the "
        "last {recent} months\n- **{exchanged} {code}** exchanged in those "
        "months\n\n",
        active=active,
        concepts=concepts,
        trades=trades,
        sessions=sessions,
        recent=len(recent),
        exchanged=exchanged,
        code=md(code),
    )
    if active != listed or concepts != public:
        text += ctx._(
            "Why does [the network]({network_index}) show {listed} members and "
            "[the concepts]({concepts_index}) {public} concepts? A member is "
            "listed only when they agreed to be, and a concept only when it wants "
            "to be public. These figures count everyone.\n\n",
            listed=listed,
            public=public,
        )
    if not months:
        return SiteFile(
            ctx.pages.page("figures"),
            text + ctx._("There are no exchanges yet.") + "\n",
        )
    caption = ctx._("{code} exchanged per month", code=code)
    chart = bar_chart("chart-sif", caption, months, [m.exchanged for m in months], language)
    text += f"## {md(caption)}\n\n" + str(part("figure", Markup(chart))) + "\n\n"
    caption = ctx._("Sessions per month")
    chart = bar_chart("chart-sessions", caption, months, [m.sessions for m in months], language)
    text += f"## {caption}\n\n" + str(part("figure", Markup(chart))) + "\n\n"
    text += ctx._("## Per month\n\n")
    headers = [
        ctx._("Month"),
        ctx._("Members"),
        ctx._("Exchanges"),
        ctx._("Sessions"),
        ctx._("{code} exchanged", code=code),
    ]
    rows = [
        [
            h(month_name(m.year, m.month, language)),
            str(m.members),
            str(m.trades),
            h(number(m.sessions, language, 0)),
            h(number(m.exchanged, language)),
        ]
        for m in reversed(months)
    ]
    text += html_table(headers, rows, frozenset({1, 2, 3, 4})) + "\n"
    return SiteFile(ctx.pages.page("figures"), text)
