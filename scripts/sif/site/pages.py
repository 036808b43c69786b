"""Concept pages and the menu card.

Concepts: only those marked `public: true`; a partner is named only when that
member consented to their name, and linked only when they are in the directory.

The menu card: every figure comes from `services.yaml` through `sif.model.menu`:
the tariffs in force, the coming ones, and every earlier one, each in SIF and
in EUR excluding and including VAT at the value and rate of its own period.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from sif.model.concepts import Concept
from sif.model.menu import MenuCard, Service, in_force
from sif.site.public import Profile, in_language
from sif.site.safe import (
    SiteFile,
    eur,
    external_link,
    front_matter,
    h,
    md,
    nl_date,
    nl_month,
    nl_number,
)

CONCEPTS_INDEX = "concepten/index.md"
MENU = "menukaart.md"
CENT = Decimal("0.01")


def concept_page_path(concept_id: str) -> str:
    return f"concepten/{concept_id}.md"


def _partners(concept: Concept, profiles: dict[str, Profile]) -> list[Profile]:
    return [profiles[p] for p in concept.partners if p in profiles]


def _partner_item(profile: Profile, prefix: str) -> str:
    if profile.listed:
        return f"[{md(profile.name)}]({prefix}netwerk/{profile.id}.md)"
    return md(profile.name)


def concept_page(concept: Concept, profiles: dict[str, Profile]) -> SiteFile:
    html = ['<div class="sif-concept">', f"<h1>{h(concept.name)}</h1>"]
    if concept.started:
        started = nl_month(concept.started.year, concept.started.month)
        html.append(f'<p class="sif-sub">Begeleid sinds {h(started)}</p>')
    for language in ("nl", "en", "fr"):
        if text := concept.summary.get(language):
            html.append(f'<p lang="{h(language)}">{h(" ".join(text.split()))}</p>')
    if concept.website:
        html.append(f"<p>Website: {external_link(concept.website)}</p>")
    html.append("</div>")
    text = front_matter(concept.name) + "\n".join(html) + "\n\n## Partners\n\n"
    partners = _partners(concept, profiles)
    if partners:
        text += "".join(f"- {_partner_item(p, '../')}\n" for p in partners) + "\n"
    else:
        text += "De partners van dit concept staan niet publiek in het netwerk.\n\n"
    text += "[← Alle concepten](index.md)\n"
    return SiteFile(concept_page_path(concept.id), text)


def concepts_index(concepts: list[Concept], profiles: dict[str, Profile]) -> SiteFile:
    text = (
        front_matter("Concepten") + "# Concepten\n\n"
        "Sociale innovaties die de Fabriek begeleidt. Elk concept heeft een of meer "
        "partnerorganisaties; innovatoren blijven na de lancering in de community, zodat "
        "anderen bij hen terechtkunnen.\n\n"
    )
    if not concepts:
        text += "Er staan nog geen concepten online.\n"
    for concept in concepts:
        text += f"## [{md(concept.name)}]({concept.id}.md)\n\n"
        if summary := in_language(concept.summary):
            text += md(summary[1]) + "\n\n"
        names = [_partner_item(p, "../") for p in _partners(concept, profiles)]
        if names:
            text += "Partners: " + ", ".join(names) + "\n\n"
    return SiteFile(CONCEPTS_INDEX, text)


def concept_files(concepts: list[Concept], profiles: dict[str, Profile]) -> list[SiteFile]:
    """The concepts' index and a page per public concept."""
    return [concepts_index(concepts, profiles)] + [concept_page(c, profiles) for c in concepts]


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


def _prices(menu: MenuCard, period: Period) -> tuple[str, str]:
    if period.value is None:
        return "", ""
    excl = (period.sif * period.value).quantize(CENT, ROUND_HALF_UP)
    if period.vat is None:
        return eur(excl), ""
    return eur(excl), eur((excl * (1 + period.vat / 100)).quantize(CENT, ROUND_HALF_UP))


def _day(day: datetime.date) -> str:
    """A short date for the wider tables: 31-12-2025."""
    return f"{day.day}-{day.month}-{day.year}"


def _row(menu: MenuCard, service: Service, period: Period, with_end: bool) -> str:
    unit = menu.units.get(service.unit, {}).get("nl", service.unit)
    excl, incl = _prices(menu, period)
    cells = [
        md(service.name("nl")),
        md(unit),
        nl_number(period.sif),
        excl,
        incl,
        _day(period.start) if with_end else nl_date(period.start),
    ]
    if with_end:
        cells.append(_day(period.end) if period.end else "")
    return "| " + " | ".join(cells) + " |\n"


def menu_page(menu: MenuCard, today: datetime.date) -> SiteFile:
    """`menukaart.md`: the tariffs in force, the coming ones and the earlier ones."""
    code, fiat = menu.currency.code, menu.currency.fiat
    value = menu.currency.value_on(today)
    vat = menu.vat_percent_on(today)
    head = "| Dienst | Eenheid | {code} | {fiat} excl. btw | {fiat} incl. btw | Geldig vanaf |"
    head = head.format(code=code, fiat=fiat)
    rule = "| --- | --- | ---: | ---: | ---: | --- |"
    text = front_matter("Menukaart") + "# Menukaart\n\n"
    if value is not None and vat is not None:
        text += (
            f"Op {nl_date(today)} is 1 {md(code)} {eur(value)} waard, exclusief "
            f"{nl_number(vat, 0)}% btw. Elke dienst wordt gewaardeerd aan het tarief dat gold "
            "op de dag dat hij geleverd werd.\n\n"
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
    text += "## Nu\n\n" + head + "\n" + rule + "\n"
    text += "".join(_row(menu, s, p, False) for s, p in current) + "\n"
    descriptions = [
        f"- **{md(s.name('nl'))}**: {md(s.descriptions['nl'])}\n"
        for s, _ in current
        if s.descriptions.get("nl")
    ]
    text += "".join(descriptions) + "\n" if descriptions else ""
    with_end = head + " Tot en met |"
    if coming:
        text += "## Komende tarieven\n\n" + with_end + "\n" + rule + " --- |\n"
        text += "".join(_row(menu, s, p, True) for s, p in coming) + "\n"
    text += "## Eerdere tarieven\n\n"
    if earlier:
        text += with_end + "\n" + rule + " --- |\n"
        text += "".join(_row(menu, s, p, True) for s, p in earlier) + "\n"
    else:
        text += "Geen: de tarieven van nu zijn de eerste.\n"
    return SiteFile(MENU, text)
