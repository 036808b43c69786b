"""Matching a bank line to an open document, by its structured reference only.

The rules of `sif payment import` (`sif.payments.importer`) and of Fava's
import page (`sif.payments.importers`): each line is matched by its structured
reference, never guessed from a name or an amount; what cannot be booked with
certainty gets an outcome that says why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from sif.documents import ogm, references
from sif.documents.booking import Issued, issued_documents, open_amounts, sif_cleared
from sif.documents.model import CREDIT_NOTES, SELF_BILLED
from sif.documents.settle import Item, netting
from sif.ledger.balances import compute_balances
from sif.ledger.books import Books
from sif.payments.bankfile import BankLine
from sif.payments.booking import payment_text, payments_of


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
