"""Concept pages and the menu card.

Concepts: only those marked `public: true`; a partner is named only when that
member consented to their name, and linked only when they are in the directory.

The menu card: every figure comes from `services.yaml` through `sif.model.menu`:
the tariffs in force, the coming ones, and every earlier one, each in SIF and
in EUR excluding and including VAT at the value and rate of its own period.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from sif.model.concepts import Concept
from sif.model.menu import MenuCard, Service, in_force
from sif.model.prices import eur_prices
from sif.site.context import Context
from sif.site.public import Profile, in_language
from sif.site.render import Markup, str_render
from sif.site.safe import (
    SiteFile,
    external_link,
    front_matter,
    h,
    html_table,
    md,
)
from sif.site.words import long_date, money, month_name, number

#: Search weight of a concept's page: above the list of all concepts.
CONCEPT_BOOST = 2.0


def _partners(concept: Concept, profiles: dict[str, Profile]) -> list[Profile]:
    return [profiles[p] for p in concept.partners if p in profiles]


def _partner_item(profile: Profile, prefix: str, ctx: Context) -> str:
    if profile.listed:
        return f"[{md(profile.name)}]({prefix}{ctx.pages.member(profile.id)})"
    return md(profile.name)


def concept_page(concept: Concept, profiles: dict[str, Profile], ctx: Context) -> SiteFile:
    started = concept.started
    summary = in_language(concept.summary, ctx.language)
    block = str_render(
        "concept.html",
        ctx,
        concept=concept,
        started=month_name(started.year, started.month, ctx.language) if started else None,
        summary=(summary[0], " ".join(summary[1].split())) if summary else None,
        website=Markup(external_link(concept.website)) if concept.website else None,
    )
    text = front_matter(concept.name, boost=CONCEPT_BOOST) + block + "\n\n"
    text += "## Partners\n\n"
    partners = _partners(concept, profiles)
    if partners:
        text += "".join(f"- {_partner_item(p, '../', ctx)}\n" for p in partners) + "\n"
    else:
        text += ctx._("The partners of this concept are not listed publicly in the network.")
        text += "\n\n"
    back = ctx._("All concepts")
    text += f"[← {back}](index.md)\n"
    return SiteFile(ctx.pages.concept(concept.id), text)


def concepts_index(
    concepts: list[Concept], profiles: dict[str, Profile], ctx: Context
) -> SiteFile:
    text = (
        front_matter(ctx._("Concepts"))
        + "# "
        + ctx._("Concepts")
        + "\n\n"
        + ctx._(
            "The concepts of the community. Each concept has one or more partner "
            "organisations in the network, so others can turn to them."
        )
        + "\n\n"
    )
    if not concepts:
        text += ctx._("No concepts are online yet.") + "\n"
    for concept in concepts:
        text += f"## [{md(concept.name)}]({concept.id}.md)\n\n"
        if summary := in_language(concept.summary, ctx.language):
            text += md(summary[1]) + "\n\n"
        names = [_partner_item(p, "../", ctx) for p in _partners(concept, profiles)]
        if names:
            text += "Partners: " + ", ".join(names) + "\n\n"
    return SiteFile(ctx.pages.concepts_index, text)


def concept_files(
    concepts: list[Concept], profiles: dict[str, Profile], ctx: Context
) -> list[SiteFile]:
    """The concepts' index and a page per public concept."""
    return [concepts_index(concepts, profiles, ctx)] + [
        concept_page(c, profiles, ctx) for c in concepts
    ]


class Period(NamedTuple):
    """A stretch of time in which a service's tariff, the SIF's value and VAT stay the same."""

    start: datetime.date
    end: datetime.date | None  # last day, None when open
    sif: Decimal
    value: Decimal | None
    vat: Decimal | None


def periods(menu: MenuCard, service: Service) -> list[Period]:
    """The service's price history: a new period at every change of tariff, value or VAT."""
    first = service.tariffs[0].start
    changes = {t.start for t in service.tariffs}
    changes |= {d.start for d in menu.currency.values if d.start > first}
    changes |= {d.start for d in menu.vat if d.start > first}
    if service.until is not None:
        changes = {day for day in changes if day <= service.until}
    days = sorted(changes)
    result: list[Period] = []
    for index, start in enumerate(days):
        end = days[index + 1] - datetime.timedelta(days=1) if index + 1 < len(days) else None
        tariff = service.tariff_on(start)
        assert tariff is not None
        value = in_force(menu.currency.values, start)
        vat = in_force(menu.vat, start)
        period = Period(
            start,
            end if end is not None else service.until,
            tariff.value,
            value.value if value else None,
            vat.value if vat else None,
        )
        previous = result[-1] if result else None
        if previous and previous[2:] == period[2:]:
            result[-1] = previous._replace(end=period.end)
        else:
            result.append(period)
    return result


def _prices(period: Period, language: str, fiat: str) -> tuple[str, str]:
    excl, incl = eur_prices(period.sif, period.value, period.vat)
    if excl is None:
        return "", ""
    return money(excl, language, fiat), money(incl, language, fiat) if incl is not None else ""


def _row(
    menu: MenuCard, service: Service, period: Period, ctx: Context, with_end: bool
) -> list[str]:
    language = ctx.language
    unit = menu.units.get(service.unit, {}).get(language) or service.unit
    excl, incl = _prices(period, language, menu.currency.fiat)
    cells = [
        h(service.name(language)),
        h(unit),
        h(number(period.sif, language)),
        h(excl),
        h(incl),
        h(long_date(period.start, language)),
    ]
    if with_end:
        cells.append(h(long_date(period.end, language)) if period.end else "")
    return cells


def menu_page(menu: MenuCard, ctx: Context) -> SiteFile:
    """`menukaart.md`: the tariffs in force, the coming ones and the earlier ones."""
    today, language = ctx.today, ctx.language
    code, fiat = menu.currency.code, menu.currency.fiat
    value = menu.currency.value_on(today)
    vat = menu.vat_percent_on(today)
    headers = [
        ctx._("Service"),
        ctx._("Unit"),
        code,
        ctx._("{fiat} excl. VAT", fiat=fiat),
        ctx._("{fiat} incl. VAT", fiat=fiat),
        ctx._("Valid from"),
    ]
    numeric = frozenset({2, 3, 4})
    # A currency without a value in money (hours) has no money columns.
    money_columns = bool(menu.currency.values)

    def table(headers: list[str], rows: list[list[str]]) -> str:
        if money_columns:
            return html_table(headers, rows, numeric)
        cut = [headers, *rows]
        headers, *rows = [row[:3] + row[5:] for row in cut]
        return html_table(headers, rows, frozenset({2}))

    title = ctx._("Menu card")
    text = front_matter(title) + f"# {title}\n\n"
    if value is not None and vat is not None:
        day, worth = long_date(today, language), money(value, language, fiat)
        rate = number(vat, language, 0)
        text += (
            ctx._(
                "On {day}, 1 {code} is worth {worth}, excluding {rate}% VAT. Each "
                "service is valued at the tariff in force on the day it was delivered.",
                day=day,
                code=md(code),
                worth=worth,
                rate=rate,
            )
            + "\n\n"
        )
    current, coming, earlier = [], [], []
    for service in menu.services.values():
        for period in periods(menu, service):
            if period.start > today:
                coming.append((service, period))
            elif period.end is None or period.end >= today:
                current.append((service, period))
            else:
                earlier.append((service, period))
    text += ctx._("## Now\n\n")
    rows = [_row(menu, s, p, ctx, False) for s, p in current]
    text += table(headers, rows) + "\n\n"
    descriptions = [
        f"- **{md(s.name(language))}**: {md(s.descriptions[language])}\n"
        for s, _ in current
        if s.descriptions.get(language)
    ]
    text += "".join(descriptions) + "\n" if descriptions else ""
    with_end = [*headers, ctx._("Until")]
    if coming:
        text += ctx._("## Coming tariffs\n\n")
        rows = [_row(menu, s, p, ctx, True) for s, p in coming]
        text += table(with_end, rows) + "\n\n"
    text += ctx._("## Earlier tariffs\n\n")
    if earlier:
        rows = [_row(menu, s, p, ctx, True) for s, p in earlier]
        text += table(with_end, rows) + "\n"
    else:
        text += ctx._("None: today's tariffs are the first.") + "\n"
    return SiteFile(ctx.pages.page("menu"), text)
