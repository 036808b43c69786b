"""Booking payments so that the EUR and the SIF view agree.

A member who pays an invoice clears what they owe in EUR, and also the SIF
debt the invoice stood for: that SIF moves to the operator's account (the
operator now holds the cash to honour the providers' credit). A payout by
the operator for a self-billed document does the reverse. The SIF moved is
the paid share of the document's SIF, never more than the member still owes
(or is owed) in SIF on that day::

    2026-11-20 * "Betaling F2026-00012" ^F2026-00012
      payment: "F2026-00012"
      bank-id: "20261120-0001"
      member: "bart-vanhove"
      Assets:Bank                         30.25 EUR
      Assets:Receivables:Bart-vanhove    -30.25 EUR
        document: "F2026-00012"
      Assets:Members:Bart-vanhove         -0.50 SIF
      Assets:Members:Fabriek               0.50 SIF

Because of VAT and set-offs the EUR and the SIF amounts are not proportional
for every member: a member who traded evenly in SIF pays only the VAT in EUR,
and that payment moves no SIF at all (they owe none).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

from sif.documents.booking import Issued, member_side
from sif.documents.model import SELF_BILLED
from sif.ledger.accounts import member_account
from sif.ledger.syntax import quote

BANK = "Assets:Bank"
ZERO = Decimal(0)


class Payment(NamedTuple):
    """A payment as booked.

    Attributes:
      bank_id: The bank's id of the transaction ("manual:..." for manual entries).
      date: Date of the payment.
      document: Number of the document paid.
      member: Member id.
      amount: EUR, positive: money in (the member paid), negative: money out.
      sif: Community currency cleared (positive).
      entry: The transaction.
    """

    bank_id: str
    date: datetime.date
    document: str
    member: str
    amount: Decimal
    sif: Decimal
    entry: data.Transaction


def payments_of(entries: Iterable[data.Directive]) -> list[Payment]:
    """Every payment booked in the ledger, in ledger order."""
    result = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or "payment" not in entry.meta:
            continue
        amount = sif = ZERO
        for posting in entry.postings:
            units = posting.units
            if units is None or not isinstance(units.number, Decimal):
                continue
            if posting.account == BANK:
                amount = units.number
            elif units.number > 0 and posting.account.startswith("Assets:Members:"):
                sif = max(sif, units.number)
        result.append(
            Payment(
                str(entry.meta.get("bank-id", "")),
                entry.date,
                str(entry.meta["payment"]),
                str(entry.meta.get("member", "")),
                amount,
                sif,
                entry,
            )
        )
    return result


def payment_text(
    doc: Issued,
    *,
    date: datetime.date,
    amount: Decimal,
    bank_id: str,
    sif: Decimal,
    operator: str,
    currency: str,
    fiat: str,
    note: str = "",
) -> str:
    """The transaction booking a payment of `amount` (positive) on `doc`."""
    outgoing = doc.kind in SELF_BILLED
    account = member_account(doc.member, member_side(doc.kind))
    bank = -amount if outgoing else amount
    what = "Uitbetaling" if outgoing else "Betaling"
    lines = [
        f"{date} * {quote(f'{what} {doc.number}' + (f': {note}' if note else ''))} ^{doc.number}",
        f"  payment: {quote(doc.number)}",
        f"  bank-id: {quote(bank_id)}",
        f"  member: {quote(doc.member)}",
    ]
    postings = [(BANK, bank, fiat, None), (account, -bank, fiat, doc.number)]
    if sif:
        member_sif = sif if outgoing else -sif
        postings += [
            (member_account(doc.member), member_sif, currency, None),
            (member_account(operator), -member_sif, currency, None),
        ]
    width = max(len(account) for account, *_ in postings) + 4
    for acc, number, cur, document in postings:
        shown = f"{number:.2f}" if cur == fiat else str(number)  # SIF is already quantized
        lines.append(f"  {acc:<{width}}{f'{shown} {cur}':>16}")
        if document:
            lines.append(f"    document: {quote(document)}")
    return "\n".join(lines) + "\n"
