"""The accountant's journal: one line per EUR posting of a period, in the chart's numbers.

Each transaction of the period with EUR postings becomes one journal entry:

    sales      an invoice or credit note to a member (400 / 70 / 451)
    purchases  a self-billed document or settlement statement, or its credit note
               (61 / 411 / 440)
    set-off    a member's invoice set off against their self-billed document,
               through the clearing account (440 / 580, 580 / 400); or an amount
               moved from one document to another on the same account
    bank       a payment received or made (55 / 400 or 440)
    opening    the opening balances from the previous system (`sif opening import`,
               against the suspense account 499) and anything else in EUR written
               by hand

A document's turnover or purchase posting is split per VAT rate when the
document has several (they sum to the posting), so each line has one VAT
code and grid. Per chart account and member, the journal's debit minus credit
is the change of the ledger account over the period; set-offs add two lines
on the clearing account that cancel out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

from sif.accounting.mapping import Mapping, unmapped_message
from sif.documents.booking import parse_vat
from sif.documents.model import (
    CREDIT_NOTE,
    INVOICE,
    KINDS,
    SELF_BILLED,
    SELF_BILLING,
    SETTLEMENT,
)
from sif.documents.vat import SALES_GRIDS
from sif.errors import SifException
from sif.ledger.accounts import PURCHASES, TURNOVER, VAT_DEDUCTIBLE, VAT_DUE
from sif.model.community import Community
from sif.model.period import PAYMENT_DAYS, Period

ZERO = Decimal(0)
SALES, PURCHASES_JOURNAL, SETOFF, BANK, OPENING = (
    "sales",
    "purchases",
    "set-off",
    "bank",
    "opening",
)
JOURNALS = (SALES, PURCHASES_JOURNAL, SETOFF, BANK, OPENING)
COLUMNS = (
    "journal", "entry", "date", "document", "due_date", "member", "enterprise_number",
    "account", "account_name", "debit", "credit", "vat_code", "vat_grid", "description",
    "ledger_account",
)  # fmt: skip


class JournalError(SifException, ValueError):
    """The journal cannot be made; the message names the account or entry."""


class JournalLine(NamedTuple):
    """One line of journal.csv.

    Attributes:
      journal: One of JOURNALS.
      entry: Number of the entry within its journal and the export (1, 2, ...).
      date: Date of the entry.
      document: The document the line is about (issued, settled or paid), or "".
      due_date: When the document is due (invoices and self-billed documents), or None.
      member: The counterparty's member id, or "".
      enterprise_number: The counterparty's Belgian enterprise number, or "".
      account: Number in the accountant's chart.
      account_name: Its name.
      debit, credit: The amount, one of them zero.
      vat_code: CATEGORY and rate of the line ("S21", "E0", "O0"), or "".
      vat_grid: The VAT return grid the line counts in, or "".
      description: The entry's narration.
      ledger_account: The Beancount account ("" on the clearing lines).
    """

    journal: str
    entry: int
    date: datetime.date
    document: str
    due_date: datetime.date | None
    member: str
    enterprise_number: str
    account: str
    account_name: str
    debit: Decimal
    credit: Decimal
    vat_code: str
    vat_grid: str
    description: str
    ledger_account: str

    @property
    def amount(self) -> Decimal:
        """Debit minus credit."""
        return self.debit - self.credit


def journal_of(entry: data.Transaction) -> str:
    """The journal a transaction belongs to."""
    meta = entry.meta
    kind = meta.get("document")
    if kind in KINDS:
        return PURCHASES_JOURNAL if kind in SELF_BILLED else SALES
    if "setoff" in meta or "reallocation" in meta:
        return SETOFF
    if "payment" in meta:
        return BANK
    return OPENING  # opening balances (metadata `opening`) and anything else by hand


def _eur(posting: data.Posting, fiat: str) -> Decimal | None:
    units = posting.units
    if units is None or units.currency != fiat or not isinstance(units.number, Decimal):
        return None
    return units.number


def _grids(kind: str, percent: Decimal) -> tuple[str, str]:
    """(grid of the base, grid of the VAT) of a document kind at a rate."""
    if kind == INVOICE:
        return SALES_GRIDS.get(percent, "03"), "54"
    if kind == CREDIT_NOTE:
        return "49", "64"
    if kind in (SELF_BILLING, SETTLEMENT):
        return "82", "59"
    return "85", "63"  # a credit note received: also lowers grid 82


def journal_lines(
    entries: Iterable[data.Directive], community: Community, mapping: Mapping, period: Period
) -> list[JournalLine]:
    """Every EUR posting of the period as journal lines, in ledger order.

    Raises:
      JournalError: An EUR account has no number in the mapping.
    """
    fiat = community.menu.currency.fiat if community.menu else "EUR"
    counters = dict.fromkeys(JOURNALS, 0)
    lines: list[JournalLine] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date not in period:
            continue
        postings = [(p, n) for p in entry.postings if (n := _eur(p, fiat)) is not None]
        if not postings:
            continue
        journal = journal_of(entry)
        counters[journal] += 1
        lines.extend(_Entry(entry, journal, counters[journal], community, mapping).lines(postings))
    return lines


class _Entry:
    """Turns the EUR postings of one transaction into journal lines."""

    def __init__(
        self,
        entry: data.Transaction,
        journal: str,
        number: int,
        community: Community,
        mapping: Mapping,
    ) -> None:
        meta = entry.meta
        self.entry, self.journal, self.number, self.mapping = entry, journal, number, mapping
        self.kind = str(meta.get("document", ""))
        self.member = str(meta.get("member", ""))
        found = community.members.get(self.member)
        self.enterprise = (found.enterprise_number or "") if found else ""
        self.due = (
            entry.date + datetime.timedelta(days=PAYMENT_DAYS)
            if self.kind in (INVOICE, SELF_BILLING, SETTLEMENT)
            else None
        )
        issued = self.kind in KINDS
        # A document's entry carries its own number on every line (a credit note's
        # receivable posting names the corrected document: that goes in the text).
        self.own = issued
        self.document = str(meta.get("number" if issued else "payment", ""))
        self.description = entry.narration or ""
        if issued and meta.get("original"):
            self.description += f" - {meta['original']}"
        self.vat = parse_vat(str(meta.get("vat", ""))) if issued else []

    def line(
        self, account: str, amount: Decimal, document: str, code: str = "", grid: str = ""
    ) -> JournalLine:
        if account:
            chart = self.mapping.lookup(account)
            if chart is None:
                meta = self.entry.meta
                where = f"{meta.get('filename')}:{meta.get('lineno')}"
                raise JournalError(f"{where}: {unmapped_message(account)}")
        else:
            chart = self.mapping.clearing
        return JournalLine(
            self.journal, self.number, self.entry.date, document, self.due, self.member,
            self.enterprise, chart.number, chart.name, max(amount, ZERO), max(-amount, ZERO),
            code, grid, self.description, account,
        )  # fmt: skip

    def split(self, account: str, amount: Decimal) -> list[JournalLine] | None:
        """A document's base or VAT posting, one line per VAT rate; None if it does not split."""
        base_side = account in (TURNOVER, PURCHASES)
        if not self.vat or not (base_side or account in (VAT_DUE, VAT_DEDUCTIBLE)):
            return None
        parts = [
            (category, percent, base if base_side else tax)
            for category, percent, base, tax in self.vat
            if (base if base_side else tax)
        ]
        if sum((part for *_, part in parts), ZERO) != abs(amount):
            return None
        sign = 1 if amount > 0 else -1
        result = []
        for category, percent, part in parts:
            grids = _grids(self.kind, percent)
            grid = grids[0] if base_side else grids[1]
            code = f"{category}{percent:g}"
            result.append(self.line(account, sign * part, self.document, code, grid))
        return result

    def lines(self, postings: list[tuple[data.Posting, Decimal]]) -> list[JournalLine]:
        result: list[JournalLine] = []
        for posting, amount in postings:
            split = self.split(posting.account, amount)
            if split is not None:
                result.extend(split)
                continue
            named = "" if self.own else str((posting.meta or {}).get("document", ""))
            document = named or self.document
            result.append(self.line(posting.account, amount, document))
            if self.journal == SETOFF and "setoff" in self.entry.meta:
                # Through the clearing account: each side settles on its own.
                result.append(self.line("", -amount, document))
        return result


def check_balanced(lines: list[JournalLine]) -> list[str]:
    """The entries whose debits and credits differ (should be none)."""
    totals: dict[tuple[str, int], Decimal] = {}
    for row in lines:
        key = (row.journal, row.entry)
        totals[key] = totals.get(key, ZERO) + row.amount
    return [
        f"{journal} {entry}: off by {total}" for (journal, entry), total in totals.items() if total
    ]
