"""Periods: a month `2026-10`, a quarter `2026Q4` or a year `2026`, the one type for all.

The month-end invoices a `Month`; the statements, the e-mails and the locks
name months; the VAT return and the accountant's export cover a month, a
quarter or a year; the feedback report groups by any of them. They all use
`Period` (and `Month`, the Period of one calendar month) and `label`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from sif.errors import SifException

#: Days a document gives to pay it, from its issue date (on the document, in statements).
PAYMENT_DAYS = 30

#: The kinds of period, shortest first.
PERIOD_KINDS = ("month", "quarter", "year")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(SifException, ValueError):
    """Not a period; the message says what to write instead."""


@dataclass(frozen=True)
class Period:
    """A month, quarter or year.

    Attributes:
      label: As written: "2026-10", "2026Q4" or "2026".
      kind: "month", "quarter" or "year".
      start, end: First and last day, both included.
    """

    label: str
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def number(self) -> int:
        """The month (1-12) or quarter (1-4) within the year; 0 for a year."""
        if self.kind == "month":
            return self.start.month
        if self.kind == "quarter":
            return (self.start.month - 1) // 3 + 1
        return 0

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    def contains(self, day: datetime.date) -> bool:
        return day in self


class Month(Period):
    """A calendar month, "YYYY-MM": `Month(2026, 10)`."""

    def __init__(self, year: int, month: int) -> None:
        super().__init__(
            f"{year:04d}-{month:02d}",
            "month",
            datetime.date(year, month, 1),
            last_day(year, month),
        )

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    def __reduce__(self) -> tuple[type[Month], tuple[int, int]]:
        return Month, (self.year, self.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read "YYYY-MM"; ValueError with what to write otherwise."""
        try:
            year, month = (int(part) for part in text.split("-"))
            datetime.date(year, month, 1)
        except ValueError:
            raise ValueError(
                f'"{text}" is not a month; write it as YYYY-MM, like 2026-10'
            ) from None
        return cls(year, month)

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        """The month that holds `day`."""
        return cls(day.year, day.month)

    @property
    def month(self) -> int:
        return self.start.month

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)


def last_day(year: int, month: int) -> datetime.date:
    """The last day of a month."""
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def parse_period(text: str) -> Period:
    """Read `2026-10`, `2026Q4` or `2026`; raise PeriodError with what to write instead."""
    text = text.strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and year >= 1:
            return Period(text, "month", datetime.date(year, month, 1), last_day(year, month))
    elif match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        if year >= 1:
            first = 3 * quarter - 2
            return Period(
                f"{year}Q{quarter}",
                "quarter",
                datetime.date(year, first, 1),
                last_day(year, first + 2),
            )
    elif (match := _YEAR.match(text)) and int(match[1]) >= 1:
        year = int(match[1])
        return Period(text, "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    raise PeriodError(
        f'"{text}" is not a period; write a month (2026-10), a quarter (2026Q4) or a year (2026)'
    )


def label(day: datetime.date, kind: str = "month") -> str:
    """The label of the period of kind `kind` that holds `day`: "2026-10", "2026Q4" or "2026"."""
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year:04d}Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"
