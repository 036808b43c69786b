"""Booking documents in the ledger, in EUR, and reading them back.

An issued document is one transaction carrying its number, kind, member,
period, payment reference, the path and SHA-256 of its UBL file, and the
fingerprints of the trades it covers. Each posting on a member's receivable or
payable carries `document: "<number>"`, so what is still open of a document is
the sum of the postings that name it (set-offs and payments name it too)::

    2026-11-03 * "Factuur F2026-00012 (2026-10)" ^F2026-00012
      document: "invoice"
      number: "F2026-00012"
      member: "bart-vanhove"
      period: "2026-10"
      reference: "+++261/0000/01260+++"
      ubl: "documents/2026-10/F2026-00012.xml"
      ubl-sha256: "9f2c..."
      trades: "43b02875d025"
      sif: "0.50"
      Assets:Receivables:Bart-vanhove     30.25 EUR
        document: "F2026-00012"
      Income:Services                    -25.00 EUR
      Liabilities:VAT:Due                 -5.25 EUR

A self-billed document books Expenses:Services and Assets:VAT:Deductible
against Liabilities:Payables:<Member>; a credit note books the reverse of the
document it corrects.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from beancount.core import data

from sif.documents.model import INVOICE, KINDS, SELF_BILLED, Document, SetOff
from sif.documents.texts import title
from sif.ledger.accounts import (
    PAYABLES,
    PURCHASES,
    RECEIVABLES,
    TURNOVER,
    VAT_DEDUCTIBLE,
    VAT_DUE,
    member_account,
    member_of,
)
from sif.ledger.syntax import quote

ZERO = Decimal(0)


class Issued(NamedTuple):
    """A document as booked in the ledger.

    Attributes:
      number: Document number.
      kind: One of KINDS.
      member: Member id.
      period: "YYYY-MM" of the services.
      date: Issue date.
      reference: Structured payment reference.
      ubl: Path of the UBL file, relative to the repository.
      sha256: SHA-256 of the UBL file when issued.
      trades: Fingerprints of the trades covered.
      original: Number of the corrected document (credit notes), or None.
      net: Amount excluding VAT.
      tax: VAT.
      total: net + tax.
      sif: The community currency the document stands for.
      entry: The transaction.
    """

    number: str
    kind: str
    member: str
    period: str
    date: datetime.date
    reference: str
    ubl: str
    sha256: str
    trades: tuple[str, ...]
    original: str | None
    net: Decimal
    tax: Decimal
    total: Decimal
    sif: Decimal
    entry: data.Transaction


def sif_cleared(
    doc: Issued, amount: Decimal, member_balance: Decimal, quantum: Decimal
) -> Decimal:
    """The SIF a payment of `amount` EUR on `doc` clears, capped by the member's position.

    The paid share of the document's SIF, rounded down to the currency's quantum.
    The one rule: payments book it, statements tell members what a payment will clear.

    Args:
      doc: The document paid.
      amount: EUR paid (positive).
      member_balance: The member's SIF balance (positive: owes SIF).
      quantum: Smallest amount of SIF.
    """
    if not doc.total or not doc.sif:
        return ZERO
    share = (amount * doc.sif / doc.total).quantize(quantum, ROUND_DOWN)
    cap = -member_balance if doc.kind in SELF_BILLED else member_balance
    return max(ZERO, min(share, cap))


def member_side(kind: str) -> str:
    """The member's EUR account root for a document kind."""
    return PAYABLES if kind in SELF_BILLED else RECEIVABLES


def _amount(number: Decimal, currency: str) -> str:
    return f"{number:.2f} {currency}"


def document_text(
    doc: Document, ubl: str, sha256: str, ledger_dir: str, pdf: str | None = None
) -> str:
    """The transaction (and Fava document link) booking an issued document.

    Args:
      doc: The issued document.
      ubl: Path of its UBL file relative to the repository.
      sha256: SHA-256 of the UBL file.
      ledger_dir: Path from the ledger file's folder to the repository ("../..").
      pdf: Path of a separate PDF file relative to the repository, as books
        issued before kept one (the PDF is inside the UBL file, and the
        documents plugin links it: `sif.documents.stored`).
    """
    cur = doc.currency
    sign = -1 if doc.credit_note else 1
    account = member_account(doc.member, member_side(doc.kind))
    name = title(doc.kind, "nl")
    lines = [
        f"{doc.issue_date} * {quote(f'{name} {doc.number} ({doc.period_start:%Y-%m})')} ^{doc.number}",
        f"  document: {quote(doc.kind)}",
        f"  number: {quote(doc.number)}",
        f"  member: {quote(doc.member)}",
        f"  period: {quote(f'{doc.period_start:%Y-%m}')}",
        f"  reference: {quote(doc.reference)}",
        f"  ubl: {quote(ubl)}",
        f"  ubl-sha256: {quote(sha256)}",
        f"  trades: {quote(' '.join(sorted({line.trade for line in doc.lines})))}",
        f"  sif: {quote(str(doc.sif_total))}",
        f"  vat: {quote(vat_text(doc))}",
    ]
    if doc.kind == INVOICE and doc.buyer.private:
        # No invoice is required for a private person: VAT is due when the
        # services are performed (art. 22 WBTW), so the return counts it then.
        lines.append(f"  vat-date: {doc.period_end}")
    if doc.original:
        lines.append(f"  original: {quote(doc.original)}")
    if doc.reason:
        lines.append(f"  reason: {quote(doc.reason)}")
    if doc.self_billed:
        postings = [
            (PURCHASES, sign * doc.net),
            (VAT_DEDUCTIBLE, sign * doc.tax),
            (account, -sign * doc.total),
        ]
    else:
        postings = [
            (account, sign * doc.total),
            (TURNOVER, -sign * doc.net),
            (VAT_DUE, -sign * doc.tax),
        ]
    width = max(len(a) for a, _ in postings) + 4
    for acc, number in postings:
        if number == 0 and acc in (VAT_DEDUCTIBLE, VAT_DUE):
            continue
        lines.append(f"  {acc:<{width}}{_amount(number, cur):>16}")
        if acc == account:
            # A credit note reduces what is open on the document it corrects.
            lines.append(f"    document: {quote(doc.original or doc.number)}")
    text = "\n".join(lines) + "\n"
    for path in (pdf, ubl) if pdf else (ubl,):
        text += (
            f"{doc.issue_date} document {account} {quote(f'{ledger_dir}/{path}')} ^{doc.number}\n"
        )
    return text


def vat_text(doc: Document) -> str:
    """The VAT breakdown as `CATEGORY:PERCENT:BASE:TAX`, space-separated, for the VAT return."""
    return " ".join(f"{v.category}:{v.percent}:{v.taxable:.2f}:{v.tax:.2f}" for v in doc.vat)


def parse_vat(text: str) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """Read `vat_text` back."""
    result = []
    for item in text.split():
        category, percent, base, tax = item.split(":")
        result.append((category, Decimal(percent), Decimal(base), Decimal(tax)))
    return result


def setoff_text(invoice: Document, self_billed: Document, date: datetime.date) -> str:
    """Set a member's invoice off against their self-billed document of the same run."""
    amount = min(invoice.total, self_billed.total)
    cur = invoice.currency
    receivable = member_account(invoice.member, RECEIVABLES)
    payable = member_account(invoice.member, PAYABLES)
    width = max(len(receivable), len(payable)) + 4
    return (
        "\n".join(
            [
                (
                    f"{date} * {quote(f'Verrekening {invoice.number} met {self_billed.number}')} "
                    f"^{invoice.number} ^{self_billed.number}"
                ),
                f"  setoff: {quote(f'{invoice.period_start:%Y-%m}')}",
                f"  member: {quote(invoice.member)}",
                f"  {payable:<{width}}{_amount(amount, cur):>16}",
                f"    document: {quote(self_billed.number)}",
                f"  {receivable:<{width}}{_amount(-amount, cur):>16}",
                f"    document: {quote(invoice.number)}",
            ]
        )
        + "\n"
    )


def issued_documents(entries: Iterable[data.Directive]) -> list[Issued]:
    """Every document booked in the ledger, in ledger order."""
    result = []
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        kind = entry.meta.get("document")
        if kind not in KINDS:
            continue
        meta = entry.meta
        root = member_side(str(kind))
        total = net = ZERO
        for posting in entry.postings:
            units = posting.units
            if units is None or not isinstance(units.number, Decimal):
                continue
            if member_of(posting.account, root) is not None:
                total = abs(units.number)
            elif posting.account in (TURNOVER, PURCHASES):
                net = abs(units.number)
        trades = str(meta.get("trades", "")).split()
        result.append(
            Issued(
                number=str(meta.get("number", "")),
                kind=str(kind),
                member=str(meta.get("member", "")),
                period=str(meta.get("period", "")),
                date=entry.date,
                reference=str(meta.get("reference", "")),
                ubl=str(meta.get("ubl", "")),
                sha256=str(meta.get("ubl-sha256", "")),
                trades=tuple(trades),
                original=str(meta["original"]) if meta.get("original") else None,
                net=net,
                tax=total - net,
                total=total,
                sif=Decimal(str(meta.get("sif", "0"))),
                entry=entry,
            )
        )
    return result


def open_amounts(entries: Iterable[data.Directive]) -> dict[str, Decimal]:
    """What is still open of each document: the sum of the postings naming it.

    Positive: the member owes it (invoices); negative: the operator owes it
    (self-billed documents). A credit note's posting names the document it
    corrects, so it reduces what is open there.
    """
    result: dict[str, Decimal] = {}
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            number = (posting.meta or {}).get("document")
            units = posting.units
            if number is None or units is None or not isinstance(units.number, Decimal):
                continue
            result[str(number)] = result.get(str(number), ZERO) + units.number
    return result


def status(issued: Issued, open_amount: Decimal) -> str:
    """ "open", "partly settled", "settled" or "overpaid" (more than the total came in)."""
    owed = -open_amount if issued.kind in SELF_BILLED else open_amount
    if owed == 0:
        return "settled"
    if owed < 0:
        return "overpaid"
    if owed < issued.total:
        return "partly settled"
    return "open"


def open_and_status(issued: Issued, remaining: dict[str, Decimal]) -> tuple[Decimal, str]:
    """What is still open of a document, and its status, from `open_amounts`.

    A credit note has nothing open of its own (it reduces what is open on the
    document it corrects), and its status names that document.
    """
    if issued.original:
        return ZERO, f"credits {issued.original}"
    amount = remaining.get(issued.number, ZERO)
    return abs(amount), status(issued, amount)


def setoffs_of(entries: Iterable[data.Directive], number: str) -> list[SetOff]:
    """The set-offs booked against document `number`: the other document, and how much."""
    result = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or "setoff" not in entry.meta:
            continue
        named = {
            str((p.meta or {}).get("document")): p.units.number
            for p in entry.postings
            if p.units is not None and isinstance(p.units.number, Decimal)
        }
        if number in named:
            for other, amount in named.items():
                if other != number:
                    result.append(SetOff(other, abs(amount)))
    return result


def reallocation_text(
    member: str,
    kind: str,
    amount: Decimal,
    *,
    source: str,
    target: str,
    date: datetime.date,
    currency: str,
) -> str:
    """Move `amount` already settled on document `source` over to document `target`.

    Used when a credit note cancels a document that was partly set off: what
    was set off counts for the corrected document instead. The account's
    balance does not change, only which document the amount is attributed to.
    """
    account = member_account(member, member_side(kind))
    width = len(account) + 4
    return (
        "\n".join(
            [
                f"{date} * {quote(f'Toewijzing van {source} aan {target}')} ^{source} ^{target}",
                f"  reallocation: {quote(source)}",
                f"  member: {quote(member)}",
                f"  {account:<{width}}{_amount(-amount, currency):>16}",
                f"    document: {quote(source)}",
                f"  {account:<{width}}{_amount(amount, currency):>16}",
                f"    document: {quote(target)}",
            ]
        )
        + "\n"
    )
