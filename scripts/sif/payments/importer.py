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

from sif.documents import ogm, references
from sif.documents.booking import Issued, issued_documents, open_amounts, sif_cleared
from sif.documents.model import CREDIT_NOTES, SELF_BILLED
from sif.documents.settle import Item, netting
from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.balances import compute_balances
from sif.ledger.books import Books, format_error, load_books
from sif.paths import LEDGER_DIR, PAYMENTS_DIR
from sif.payments.bankfile import MINOR_UNITS, BankLine
from sif.payments.booking import payment_text, payments_of
from sif.payments.importers import importer_for


class PaymentError(SifException):
    """The payment cannot be booked; the message says why."""


@dataclass
class Outcome:
    """What happened to one bank line.

    Attributes:
      line: The bank line.
      status: "paid", "partial", "skipped" (already booked), or a reason it was
        not booked: "unmatched", "unknown-reference", "bad-check-digit",
        "currency", "direction", "other-member", "over-payment", "zero", "set-off-first"
        (a payout to a member who owes the operator: set off instead).
      message: The same in words, for staff.
      document: The document matched, if any.
    """

    line: BankLine
    status: str
    message: str
    document: str | None = None


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


class Matcher:
    """Matches bank lines to open documents and produces the booking text."""

    def __init__(self, books: Books) -> None:
        menu = books.community.menu
        assert menu is not None
        self.books = books
        self.menu = menu
        self.issued = [d for d in issued_documents(books.entries) if d.kind not in CREDIT_NOTES]
        self.by_reference: dict[str, Issued] = {
            references.key(doc.reference): doc for doc in self.issued if doc.reference
        }
        self.open = open_amounts(books.entries)
        self.booked = {p.bank_id for p in payments_of(books.entries)}
        last = max((e.date for e in books.entries), default=datetime.date.today())  # noqa: DTZ011
        self.balances = {
            b.member: b.balance for b in compute_balances(books.entries, books.community, last)
        }
        self.ibans = {m.iban: m.id for m in books.community.members.values() if m.iban}

    def outstanding(self, doc: Issued) -> Decimal:
        amount = self.open.get(doc.number, Decimal(0))
        return -amount if doc.kind in SELF_BILLED else amount

    def set_off_first(self, doc: Issued) -> str | None:
        """Why a payout on `doc` is refused: the member owes the operator; else None."""
        if doc.kind not in SELF_BILLED:
            return None
        items = [
            Item(d.number, d.kind, d.member, d.date, self.open[d.number])
            for d in self.issued
            if d.member == doc.member and self.open.get(d.number)
        ]
        debts = [item for item in items if item.open > 0]
        if not debts:
            return None
        fiat = self.menu.currency.fiat
        owes = ", ".join(f"{item.open:.2f} {fiat} on {item.number}" for item in debts)
        return (
            f"{doc.member} owes {owes}: no payout while the member owes, set off instead "
            f"({netting(items, fiat)}); run `sif settle`"
        )

    def match(self, line: BankLine) -> tuple[Outcome, str | None]:
        """(outcome, booking text or None)."""
        fiat = self.menu.currency.fiat
        if line.id in self.booked:
            return Outcome(line, "skipped", "already booked (same bank id)"), None
        if not line.amount:
            return Outcome(line, "zero", "a zero amount pays nothing"), None
        if line.currency != fiat:
            return Outcome(
                line,
                "currency",
                f"{line.amount} {line.currency}: not {fiat}; book it by hand after conversion",
            ), None
        if not references.looks_like_reference(line.reference):
            return Outcome(
                line, "unmatched", f'no structured reference in "{line.reference}"'
            ), None
        digits = references.key(line.reference)
        if not references.is_valid(line.reference) and not references.is_valid(digits):
            return Outcome(
                line,
                "bad-check-digit",
                f'"{line.reference}": the check digits are wrong (a typo?)',
            ), None
        doc = self.by_reference.get(digits)
        if doc is None:
            shown = digits if references.is_rf(digits) else ogm.make(int(digits[:10]))
            return Outcome(
                line,
                "unknown-reference",
                f"{shown} is not the reference of any issued document",
            ), None
        incoming = line.amount > 0
        if incoming == (doc.kind in SELF_BILLED):
            way = "received" if incoming else "paid out"
            return Outcome(
                line, "direction", f"money {way} for {doc.number}, a {doc.kind}", doc.number
            ), None
        payer = self.ibans.get(line.iban)
        if payer is not None and payer not in (doc.member, self.menu.operator):
            return Outcome(
                line,
                "other-member",
                f"paid for {doc.number} ({doc.member}) from the account of {payer}",
                doc.number,
            ), None
        refused = self.set_off_first(doc)
        if refused:
            return Outcome(line, "set-off-first", refused, doc.number), None
        amount = abs(line.amount)
        outstanding = self.outstanding(doc)
        if amount > outstanding:
            return Outcome(
                line,
                "over-payment",
                f"{amount} {fiat} for {doc.number}, of which {outstanding} is open: refund or book the rest by hand",
                doc.number,
            ), None
        return self.book(doc, line.date, amount, bank_id=line.id, line=line)

    def book(
        self,
        doc: Issued,
        date: datetime.date,
        amount: Decimal,
        *,
        bank_id: str,
        line: BankLine | None = None,
        note: str = "",
    ) -> tuple[Outcome, str]:
        outstanding = self.outstanding(doc)
        balance = self.balances.get(doc.member, Decimal(0))
        sif = sif_cleared(doc, amount, balance, self.menu.currency.quantum)
        text = payment_text(
            doc,
            date=date,
            amount=amount,
            bank_id=bank_id,
            sif=sif,
            operator=self.menu.operator,
            currency=self.menu.currency.code,
            fiat=self.menu.currency.fiat,
            note=note,
        )
        signed = -amount if doc.kind in SELF_BILLED else amount
        self.open[doc.number] = self.open.get(doc.number, Decimal(0)) - signed
        self.balances[doc.member] = balance + (sif if doc.kind in SELF_BILLED else -sif)
        self.booked.add(bank_id)
        status = "paid" if amount == outstanding else "partial"
        words = f"{amount} on {doc.number} ({doc.member})" + (
            "" if status == "paid" else f", {outstanding - amount} still open"
        )
        placeholder = line or BankLine(
            bank_id, date, signed, self.menu.currency.fiat, doc.reference, "", "", "manual"
        )
        return Outcome(placeholder, status, words, doc.number), text


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
