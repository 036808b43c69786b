"""The site's languages: which one a page is in, its folder, and its dates and numbers.

The Dutch site is the root of the site (`index.html`), the others live below
their language code (`fr/index.html`), with the same file names, so the
language switcher can go to the same page in the other language. Dates and
numbers go through Babel (CLDR), so each language has one format:
"1 januari 2026", "1 janvier 2026", "1 January 2026".
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

#: Every language the site can be built in, the first one at the root.
LANGUAGES = ("nl", "fr", "en")
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def pick(language: str, nl: str, fr: str, en: str) -> str:
    """The text of `language` among the three (Dutch for any other)."""
    return {"fr": fr, "en": en}.get(language, nl)


def folder(language: str) -> str:
    """The folder of a language's pages below the docs folder: "" for Dutch, "fr/" for French."""
    return "" if language == LANGUAGES[0] else f"{language}/"


def long_date(day: datetime.date, language: str, weekday: bool = False) -> str:
    """ "1 januari 2026", or with the weekday "donderdag 1 januari 2026"."""
    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    return format_date(day, pattern, locale=LOCALES.get(language, "nl_BE"))


def month_name(year: int, month: int, language: str) -> str:
    """ "januari 2026"."""
    return format_date(datetime.date(year, month, 1), "LLLL y", locale=LOCALES[language])


def short_month(month: int, language: str) -> str:
    """ "jan", "janv.", "Jan": for chart axes."""
    return format_date(datetime.date(2000, month, 1), "LLL", locale=LOCALES[language])


def number(value: Decimal, language: str, places: int = 2) -> str:
    """A number with the language's separators: 1.234,50 (nl), 1 234,50 (fr), 1,234.50 (en)."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, pattern, locale=LOCALES[language])


def money(value: Decimal, language: str) -> str:
    """ "€ 12,50" (nl), "12,50 €" (fr), "€12.50" (en)."""
    amount = number(value, language)
    return {"fr": f"{amount} €", "en": f"€{amount}"}.get(language, f"€ {amount}")
