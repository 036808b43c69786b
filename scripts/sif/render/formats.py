"""Numbers, amounts and dates written in a language's style, from its labels.

The separators (`thousands`, `decimal`), the month names (`months`) and the
percent sign's place (`percent`) are labels (`sif.render.templates`), so staff
can correct them in the books' `templates/labels.yaml` like any other word; the
defaults are the package's. (Babel's CLDR data would give the same for nl, fr
and en, but would not follow a label staff changed, and an issued document's
PDF must come out the same from the same labels.)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sif.render.templates import fill

#: Between a number and its unit, so that "EUR 12,10" never breaks across lines.
NBSP = "\u00a0"


def number(value: Decimal, places: int, words: Mapping[str, Any]) -> str:
    """`value` with `places` decimals in the language's separators: 1.234,50."""
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    whole = whole.replace(",", str(words["thousands"]))
    return f"{whole}{words['decimal']}{fraction}" if places else whole


def money(value: Decimal, currency: str, words: Mapping[str, Any]) -> str:
    """An amount of money, its currency first: "EUR 1.234,50"."""
    return f"{currency}{NBSP}{number(value, 2, words)}"


def units(value: Decimal, code: str, places: int, words: Mapping[str, Any]) -> str:
    """An amount of community currency, its code after: "2,50 SIF"."""
    return f"{number(value, places, words)}{NBSP}{code}"


def percent(value: Decimal, words: Mapping[str, Any]) -> str:
    """A rate as the language writes it: "21 %" or "21%" (the label `percent`)."""
    text = f"{value.normalize():f}".replace(".", str(words["decimal"]))
    return fill(words, "percent", value=text)


def long_date(date: datetime.date, words: Mapping[str, Any]) -> str:
    """ "3 november 2026", or as the language's `date_format` label orders it ("3. November 2026")."""
    pattern = str(words.get("date_format", "{day} {month} {year}"))
    month = words["months"][date.month - 1]
    return pattern.format(day=date.day, month=month, year=date.year)


def short_date(date: datetime.date) -> str:
    """ "03/11/2026", the same in every language of the documents."""
    return date.strftime("%d/%m/%Y")


def month_text(date: datetime.date, words: Mapping[str, Any]) -> str:
    """The month of `date`: "november 2026"."""
    return f"{words['months'][date.month - 1]} {date.year}"


def period_text(start: datetime.date, end: datetime.date, words: Mapping[str, Any]) -> str:
    """ "oktober 2026" for a whole calendar month, else "1 oktober 2026 – 15 oktober 2026"."""
    whole = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if whole and (start.year, start.month) == (end.year, end.month):
        return month_text(start, words)
    return f"{long_date(start, words)} – {long_date(end, words)}"


def grouped(code: str) -> str:
    """An IBAN or VAT number in groups of four: BE12 0000 0000 9292."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def enterprise(digits: str) -> str:
    """A Belgian enterprise number as it is written: 0123.456.789."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else digits


#: Languages that write every noun with a capital, inside a sentence too.
CAPITAL_NOUNS = frozenset(("de", "lb"))


def lowered(text: str, language: str) -> str:
    """A title inside a sentence: "Factuur" -> "factuur" (German keeps "Rechnung")."""
    return text if language in CAPITAL_NOUNS else text[:1].lower() + text[1:]
