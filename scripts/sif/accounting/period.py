"""Periods of the accountant: a month `2026-10`, a quarter `2026Q4` or a year `2026`."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from sif.errors import SifException

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(SifException, ValueError):
    """Not a period."""


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

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end


def _last_day(year: int, month: int) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def parse_period(text: str) -> Period:
    """Read `2026-10`, `2026Q4` or `2026`; raise PeriodError with what to write instead."""
    text = text.strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and year >= 1:
            return Period(text, "month", datetime.date(year, month, 1), _last_day(year, month))
    elif match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        if year >= 1:
            first = 3 * quarter - 2
            return Period(
                f"{year}Q{quarter}",
                "quarter",
                datetime.date(year, first, 1),
                _last_day(year, first + 2),
            )
    elif (match := _YEAR.match(text)) and int(match[1]) >= 1:
        year = int(match[1])
        return Period(text, "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    raise PeriodError(
        f'"{text}" is not a period; write a month (2026-10), a quarter (2026Q4) or a year (2026)'
    )
