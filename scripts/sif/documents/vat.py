"""The periodic VAT return: grid amounts from the documents booked in a quarter or month.

When VAT becomes due decides the quarter a document counts in:

- services to a taxable person or a non-taxable legal person need an
  invoice (art. 53 §2 WBTW and KB nr. 1), and VAT is due when the
  invoice is issued, at the latest on the 15th of the month after the service
  (art. 22bis §1 WBTW): these count by issue date;
- services to a private person need no invoice, so VAT is due when the
  service is performed (art. 22 §1 WBTW): an invoice to a private person
  counts in the quarter of the month of its services, whatever its issue date;
- credit notes, self-billed documents and settlements count by issue date
  (the correction, and the deduction, come with the document).

An invoice to a private person carries `vat-date:` metadata (the last day of
the month of its services); for one booked before that metadata existed, the
member file says whether the member is a private person.

Grids of the Belgian return:

    01, 02, 03  sales at 6%, 12%, 21% (base), from invoices
    54          VAT due on those sales
    49, 64      credit notes issued: base, and the VAT to recover
    82          purchases of services (base), from self-billed documents and
                settlements, less their credit notes (frame III is net of credit
                notes received, which are also shown in 85)
    59          deductible VAT on the self-billed documents
    85, 63      credit notes received (self-billed and settlement credit notes): base, VAT to repay
    71 / 72     VAT to pay / to recover: (54 + 63) - (59 + 64)

Only Belgium's return has grids here (`vat_return: be` in sif/model/data/countries.yaml);
for a community elsewhere `by_rate` sums the same documents by rate instead.

The same amounts are computed a second time from the postings on the VAT,
turnover and purchase accounts; `reconciles` says they agree to the cent.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from sif.documents.booking import Issued, issued_documents, parse_vat
from sif.documents.model import (
    CREDIT_NOTE,
    INVOICE,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    SETTLEMENT,
    SETTLEMENT_CREDIT,
)
from sif.errors import SifException
from sif.ledger.accounts import PURCHASES, TURNOVER, VAT_DEDUCTIBLE, VAT_DUE
from sif.model.members import Member

ZERO = Decimal("0.00")
SALES_GRIDS = {Decimal(6): "01", Decimal(12): "02", Decimal(21): "03"}


class QuarterError(SifException, ValueError):
    """Not a quarter."""


def quarter_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a quarter written `2026Q4`."""
    try:
        year, q = text.upper().split("Q")
        number = int(q)
        if not 1 <= number <= 4:
            raise ValueError
        start = datetime.date(int(year), 3 * number - 2, 1)
    except ValueError:
        raise QuarterError(f'"{text}" is not a quarter; write it like 2026Q4') from None
    end_month = start.month + 2
    nxt = datetime.date(start.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, nxt - datetime.timedelta(days=1)


def month_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month written `2026-10`."""
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        start = datetime.date(int(year), int(month), 1)
    except ValueError:
        raise QuarterError(f'"{text}" is not a month; write it like 2026-10') from None
    nxt = datetime.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, nxt - datetime.timedelta(days=1)


@dataclass
class VatReturn:
    """Grid amounts of one quarter or month.

    Attributes:
      start, end: The quarter or month.
      grids: Amount per grid number ("03", "54", ...), all grids present.
      ledger: The same movements read from the accounts.
      reconciles: True if documents and accounts agree to the cent.
      documents: Number of documents counted.
      by_rate: Base and VAT per (what, percent), for a country without grids:
        what is "sales", "sales credit notes", "purchases" or "purchase credit notes".
    """

    start: datetime.date
    end: datetime.date
    grids: dict[str, Decimal] = field(default_factory=dict)
    ledger: dict[str, Decimal] = field(default_factory=dict)
    reconciles: bool = False
    documents: int = 0
    by_rate: dict[tuple[str, Decimal], tuple[Decimal, Decimal]] = field(default_factory=dict)


RATE_GROUPS = {
    INVOICE: "sales",
    CREDIT_NOTE: "sales credit notes",
    SELF_BILLING: "purchases",
    SETTLEMENT: "purchases",
    SELF_BILLING_CREDIT: "purchase credit notes",
    SETTLEMENT_CREDIT: "purchase credit notes",
}
GRIDS = ("01", "02", "03", "49", "54", "64", "82", "59", "85", "63", "71", "72")


def private_person(member: Member | None) -> bool:
    """True for a member who is a private person: not a taxable person, no enterprise number."""
    return (
        member is not None
        and member.vat_status == "not-taxable"
        and not member.enterprise_number
        and not member.peppol
    )


def vat_date(doc: Issued, members: Mapping[str, Member]) -> datetime.date:
    """The day a document's VAT counts for the return (see the module docstring)."""
    booked = doc.entry.meta.get("vat-date")
    if isinstance(booked, datetime.date):
        return booked
    if isinstance(booked, str):
        return datetime.date.fromisoformat(booked)
    if doc.kind == INVOICE and private_person(members.get(doc.member)):
        year, month = (int(part) for part in doc.period.split("-"))
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return doc.date


def vat_return(
    entries: data.Directives, quarter: str, members: Mapping[str, Member] | None = None
) -> VatReturn:
    """The grids of `quarter`; `members` tells which old invoices went to private persons."""
    return vat_return_between(entries, *quarter_bounds(quarter), members)


def vat_return_between(
    entries: data.Directives,
    start: datetime.date,
    end: datetime.date,
    members: Mapping[str, Member] | None = None,
) -> VatReturn:
    """The grids of the documents whose VAT counts from `start` to `end` (both included)."""
    result = VatReturn(start, end, dict.fromkeys(GRIDS, ZERO))
    g = result.grids
    dated: dict[int, datetime.date] = {}
    for doc in issued_documents(entries):
        when = vat_date(doc, members or {})
        dated[id(doc.entry)] = when
        if not start <= when <= end:
            continue
        result.documents += 1
        for _category, percent, base, tax in parse_vat(str(doc.entry.meta.get("vat", ""))):
            what = RATE_GROUPS[doc.kind]
            old_base, old_tax = result.by_rate.get((what, percent), (ZERO, ZERO))
            result.by_rate[what, percent] = (old_base + base, old_tax + tax)
            if doc.kind == INVOICE:
                grid = SALES_GRIDS.get(percent, "03")
                g[grid] += base
                g["54"] += tax
            elif doc.kind == CREDIT_NOTE:
                g["49"] += base
                g["64"] += tax
            elif doc.kind in (SELF_BILLING, SETTLEMENT):
                g["82"] += base
                g["59"] += tax
            elif doc.kind in (SELF_BILLING_CREDIT, SETTLEMENT_CREDIT):
                g["82"] -= base
                g["85"] += base
                g["63"] += tax
    balance = (g["54"] + g["63"]) - (g["59"] + g["64"])
    g["71"] = balance if balance > 0 else ZERO
    g["72"] = -balance if balance < 0 else ZERO

    moves = dict.fromkeys((TURNOVER, PURCHASES, VAT_DUE, VAT_DEDUCTIBLE), ZERO)
    for entry in entries:
        if (
            isinstance(entry, data.Transaction)
            and start <= dated.get(id(entry), entry.date) <= end
        ):
            for posting in entry.postings:
                units = posting.units
                if (
                    posting.account in moves
                    and units is not None
                    and isinstance(units.number, Decimal)
                ):
                    moves[posting.account] += units.number
    result.ledger = {
        "sales (Income:Services, credit)": -moves[TURNOVER],
        "purchases (Expenses:Services)": moves[PURCHASES],
        "VAT due (Liabilities:VAT:Due, credit)": -moves[VAT_DUE],
        "VAT deductible (Assets:VAT:Deductible)": moves[VAT_DEDUCTIBLE],
    }
    result.reconciles = (
        -moves[TURNOVER] == g["01"] + g["02"] + g["03"] - g["49"]
        and moves[PURCHASES] == g["82"]
        and -moves[VAT_DUE] == g["54"] - g["64"]
        and moves[VAT_DEDUCTIBLE] == g["59"] - g["63"]
    )
    return result
