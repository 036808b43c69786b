"""Importing a bank statement: match each line to an open document, book, report.

Each line is matched by its structured reference only, never guessed from a
name or an amount. What cannot be booked with certainty is reported and left
for staff (`sif payment record`): no structured reference, an unknown one, a
wrong check digit, another currency, money in for a self-billed document (or
out for an invoice), a payer account that belongs to another member, more
than is open. A partial payment is booked and reported. Lines whose bank id
is already in the books are skipped, so importing a file twice books nothing
twice. The ledger file of each month is written atomically, and taken back if
the books would not validate.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.books import Books, format_error, load_books
from sif.paths import LEDGER_DIR, PAYMENTS_DIR
from sif.payments.bankfile import MINOR_UNITS
from sif.payments.booking import payments_of
from sif.payments.importers import importer_for
from sif.payments.matcher import Matcher, Outcome


class PaymentError(SifException):
    """The payment cannot be booked; the message says why."""


@dataclass
class ImportReport:
    """The result of an import.

    Attributes:
      outcomes: One per line of the file.
      written: The ledger files written.
    """

    outcomes: list[Outcome] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def booked(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("paid", "partial")]

    @property
    def not_booked(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status not in ("paid", "partial", "skipped")]


def payments_file(root: Path, date: datetime.date) -> Path:
    return root / LEDGER_DIR / PAYMENTS_DIR / f"{date:%Y-%m}.beancount"


def _write(root: Path, texts: dict[Path, list[str]]) -> list[Path]:
    """Append the bookings to their month files; take everything back on an error."""
    before: dict[Path, str | None] = {}
    for path, items in sorted(texts.items()):
        before[path] = path.read_text(encoding="utf-8") if path.exists() else None
        head = before[path] or f"; Payments of {path.stem}: written by `sif payment`.\n"
        atomic_write(path, head + "\n" + "\n".join(items))
    after = load_books(root)
    if after.errors:
        for path, text in before.items():
            if text is None:
                path.unlink()
            else:
                atomic_write(path, text)
        raise PaymentError(
            "the payments would not validate, so nothing was booked: "
            + "; ".join(format_error(e, root) for e in after.errors[:5])
        )
    return sorted(texts)


def _books(root: Path) -> Books:
    books = load_books(root)
    if books.errors:
        raise PaymentError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check)"
        )
    return books


def import_payments(root: Path, path: Path, columns: dict[str, str] | None = None) -> ImportReport:
    """Read a bank file and book every line that matches an open document with certainty."""
    lines = importer_for(path, root, columns).lines(str(path))
    matcher = Matcher(_books(root))
    report = ImportReport()
    texts: dict[Path, list[str]] = defaultdict(list)
    for line in sorted(lines, key=lambda item: item.date):
        outcome, text = matcher.match(line)
        report.outcomes.append(outcome)
        if text is not None:
            texts[payments_file(root, line.date)].append(text)
    if texts:
        report.written = _write(root, texts)
    return report


def record_payment(
    root: Path, number: str, amount: Decimal, date: datetime.date, note: str = ""
) -> Outcome:
    """Book a payment by hand on document `number` (amount positive, either direction)."""
    matcher = Matcher(_books(root))
    doc = next((d for d in matcher.by_reference.values() if d.number == number), None)
    if doc is None:
        raise PaymentError(f"no invoice or self-billed document {number}; see `sif invoice list`")
    if not amount.is_finite() or amount <= 0:
        raise PaymentError("the amount must be greater than zero")
    fiat = matcher.menu.currency.fiat
    places = MINOR_UNITS.get(fiat, 2)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise PaymentError(
            f"--amount {amount}: more decimals than {fiat} allows ({places}); "
            "rounding it would book another amount than was paid"
        )
    refused = matcher.set_off_first(doc)
    if refused:
        raise PaymentError(refused)
    outstanding = matcher.outstanding(doc)
    if amount > outstanding:
        raise PaymentError(f"{amount} is more than is open on {number} ({outstanding})")
    count = sum(1 for p in payments_of(matcher.books.entries) if p.document == number)
    outcome, text = matcher.book(
        doc, date, amount, bank_id=f"manual:{number}:{date}:{count + 1}", note=note
    )
    _write(root, {payments_file(root, date): [text]})
    return outcome
