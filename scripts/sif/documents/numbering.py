"""Gapless numbers per document series and year, and their payment references.

Numbers look like `F2026-00012`: the series prefix, the year of issue, and a
sequence that starts at 1 each year and never skips. A number is given only
when a document is issued, in issue order.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sif.documents import ogm, references
from sif.documents.model import (
    CREDIT_NOTE,
    INVOICE,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    SETTLEMENT,
    SETTLEMENT_CREDIT,
)

#: kind -> (prefix, digit used in the structured reference)
SERIES = {
    INVOICE: ("F", 1),
    SELF_BILLING: ("AF", 2),
    CREDIT_NOTE: ("CN", 3),
    SELF_BILLING_CREDIT: ("ACN", 4),
    SETTLEMENT: ("AN", 5),  # afrekeningsnota
    SETTLEMENT_CREDIT: ("ANC", 6),
}
KIND_OF_PREFIX = {prefix: kind for kind, (prefix, _) in SERIES.items()}
_NUMBER_RE = re.compile(r"^([A-Z]+)(\d{4})-(\d{5})$")


class Number(NamedTuple):
    """A parsed document number."""

    kind: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{SERIES[self.kind][0]}{self.year:04d}-{self.sequence:05d}"

    @property
    def series(self) -> tuple[str, int]:
        return self.kind, self.year

    @property
    def reference(self) -> str:
        """The Belgian structured payment reference of this document."""
        return ogm.make(self.reference_base)

    @property
    def reference_base(self) -> int:
        """The ten digits every scheme's payment reference of this document carries."""
        return (self.year % 100) * 10**8 + SERIES[self.kind][1] * 10**7 + self.sequence

    def reference_in(self, scheme: str) -> str:
        """The payment reference in `scheme` (see sif.documents.references)."""
        return references.make(self.reference_base, scheme)


def parse(number: str) -> Number | None:
    """Parse `F2026-00012`; None if it is not a document number."""
    match = _NUMBER_RE.match(number)
    if not match or match.group(1) not in KIND_OF_PREFIX:
        return None
    return Number(KIND_OF_PREFIX[match.group(1)], int(match.group(2)), int(match.group(3)))


class Counter:
    """Hands out the next number of each series, after those already issued."""

    def __init__(self, issued: list[Number]) -> None:
        self.last: dict[tuple[str, int], int] = {}
        for number in issued:
            key = number.series
            self.last[key] = max(self.last.get(key, 0), number.sequence)

    def next(self, kind: str, year: int) -> Number:
        sequence = self.last.get((kind, year), 0) + 1
        if sequence >= 10**5:
            raise ValueError(f"series {kind} {year} is full")
        self.last[(kind, year)] = sequence
        return Number(kind, year, sequence)
