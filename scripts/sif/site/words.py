"""The site's dates and numbers per language, and the languages' own names.

The first language's site is the root of the site (`index.html`), the others
live below their language code (`fr/index.html`), with the same file names, so
the language switcher can go to the same page in the other language (see
`sif.site.generate`). Dates and numbers go through Babel (CLDR), so each
language has one format: "1 januari 2026", "1 janvier 2026", "1 January 2026".
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_symbol

#: The CLDR locale of a language's dates and numbers (any other: the language itself).
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB", "de": "de_DE"}
#: Each language's name in itself, for the language switcher and profiles.
NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English", "de": "Deutsch"}


def long_date(day: datetime.date, language: str, weekday: bool = False) -> str:
    """ "1 januari 2026", or with the weekday "donderdag 1 januari 2026"."""
    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    return format_date(day, pattern, locale=LOCALES.get(language, language))


def month_name(year: int, month: int, language: str) -> str:
    """ "januari 2026"."""
    return format_date(
        datetime.date(year, month, 1), "LLLL y", locale=LOCALES.get(language, language)
    )


def short_month(month: int, language: str) -> str:
    """ "jan", "janv.", "Jan": for chart axes."""
    return format_date(
        datetime.date(2000, month, 1), "LLL", locale=LOCALES.get(language, language)
    )


def number(value: Decimal, language: str, places: int = 2) -> str:
    """A number with the language's separators: 1.234,50 (nl), 1 234,50 (fr), 1,234.50 (en)."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, pattern, locale=LOCALES.get(language, language))


def money(value: Decimal, language: str, fiat: str) -> str:
    """ "€ 12,50" (nl), "12,50 €" (fr, de), "€12.50" (en): the symbol of the currency
    `fiat` (EUR, GBP, ...) as the language writes it."""
    amount = number(value, language)
    symbol = get_currency_symbol(fiat, locale=LOCALES.get(language, language))
    return {"fr": f"{amount} {symbol}", "de": f"{amount} {symbol}", "en": f"{symbol}{amount}"}.get(
        language, f"{symbol} {amount}"
    )
