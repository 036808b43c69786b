"""Set-off across months: net each member's open receivables and payables.

A member who both owes the operator (an open invoice) and is owed by it (an
open self-billed document) has one EUR position, not two. Every month-end run
and `sif settle` set off all open items of each member against each other,
oldest first, until no member has both something to pay and something to
receive. Each set-off is one transaction naming both documents, like the
set-off a month-end books between a member's invoice and self-billed document
of that month::

    2026-12-03 * "Verrekening F2026-00012 met AF2026-00003" ^F2026-00012 ^AF2026-00003
      setoff: "2026-12-03"
      member: "bart-vanhove"
      Liabilities:Payables:Bart-vanhove     50.00 EUR
        document: "AF2026-00003"
      Assets:Receivables:Bart-vanhove      -50.00 EUR
        document: "F2026-00012"

What is open of a document is the one rule of `open_amounts`: the sum of the
postings that name it. Its sign is the ledger's, which is also "positive: the
member owes": an invoice's receivable is positive, a self-billed document's
payable negative. A set-off takes the smaller of the two amounts off both.
The set-off changes no SIF: the trades behind both documents already moved it.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from beancount.core import data

from sif.documents.booking import Issued, issued_documents, member_side, open_amounts
from sif.documents.issue import LEDGER_DOCUMENTS, InvoiceError, write_checked
from sif.documents.model import CREDIT_NOTES
from sif.ledger.accounts import member_account
from sif.ledger.syntax import quote
from sif.paths import LEDGER_DIR

ZERO = Decimal(0)
SETOFF = "setoff"  # metadata of a set-off entry; its value says which run booked it


class Item(NamedTuple):
    """A document with something open.

    Attributes:
      number: Document number.
      kind: Document kind (an invoice or a self-billed document).
      member: Member id.
      date: Issue date: the order in which items are set off.
      open: What is open; positive: the member owes it, negative: the operator does.
    """

    number: str
    kind: str
    member: str
    date: datetime.date
    open: Decimal


class SetOff(NamedTuple):
    """One set-off: `amount` off what the member owes on `debt`, and off what is owed on `credit`.

    Attributes:
      member: Member id.
      debt: The item the member owes (usually an invoice).
      credit: The item the operator owes (usually a self-billed document).
      amount: EUR set off, positive.
    """

    member: str
    debt: Item
    credit: Item
    amount: Decimal


def open_items(
    entries: Iterable[data.Directive],
    *,
    issued: Sequence[Issued] | None = None,
    remaining: Mapping[str, Decimal] | None = None,
) -> dict[str, list[Item]]:
    """Every member's documents with something open, oldest first.

    Args:
      entries: The ledger's entries (read once when `issued` and `remaining` are given).
      issued: The documents (default: read from `entries`).
      remaining: What is open of each document (default: `open_amounts(entries)`).
    """
    entries = list(entries)
    docs = issued if issued is not None else issued_documents(entries)
    amounts = remaining if remaining is not None else open_amounts(entries)
    result: dict[str, list[Item]] = {}
    for doc in docs:
        if doc.kind in CREDIT_NOTES:
            continue  # a credit note's postings name the document it corrects
        amount = amounts.get(doc.number, ZERO)
        if amount:
            item = Item(doc.number, doc.kind, doc.member, doc.date, amount)
            result.setdefault(doc.member, []).append(item)
    for items in result.values():
        items.sort(key=lambda item: (item.date, item.number))
    return result


def plan(items: Iterable[Item]) -> list[SetOff]:
    """The set-offs that net one member's open items, oldest first on both sides.

    The oldest debt is set off against the oldest credit, by the smaller of the
    two; whichever is left over goes on against the next one. Afterwards the
    member has open debts or open credits, never both.
    """
    ordered = sorted(items, key=lambda item: (item.date, item.number))
    debts = [item for item in ordered if item.open > 0]
    credits = [item for item in ordered if item.open < 0]
    owed = [item.open for item in debts]
    due = [-item.open for item in credits]
    result = []
    d = c = 0
    while d < len(debts) and c < len(credits):
        amount = min(owed[d], due[c])
        result.append(SetOff(debts[d].member, debts[d], credits[c], amount))
        owed[d] -= amount
        due[c] -= amount
        d += not owed[d]
        c += not due[c]
    return result


def plan_all(by_member: Mapping[str, Iterable[Item]]) -> list[SetOff]:
    """`plan` for every member, members in id order."""
    return list(itertools.chain.from_iterable(plan(by_member[m]) for m in sorted(by_member)))


def setoff_text(setoff: SetOff, *, date: datetime.date, run: str, currency: str) -> str:
    """The transaction booking a set-off.

    Args:
      setoff: The set-off.
      date: Its date.
      run: What booked it, as the `setoff` metadata: the month of a month-end
        run ("2026-10") or the day of `sif settle` ("2026-12-03").
      currency: The documents' currency.
    """
    debt, credit = setoff.debt, setoff.credit
    debt_account = member_account(setoff.member, member_side(debt.kind))
    credit_account = member_account(setoff.member, member_side(credit.kind))
    width = max(len(debt_account), len(credit_account)) + 4
    amount = f"{setoff.amount:.2f} {currency}"
    minus = f"{-setoff.amount:.2f} {currency}"
    return (
        "\n".join(
            [
                (
                    f"{date} * {quote(f'Verrekening {debt.number} met {credit.number}')} "
                    f"^{debt.number} ^{credit.number}"
                ),
                f"  {SETOFF}: {quote(run)}",
                f"  member: {quote(setoff.member)}",
                f"  {credit_account:<{width}}{amount:>16}",
                f"    document: {quote(credit.number)}",
                f"  {debt_account:<{width}}{minus:>16}",
                f"    document: {quote(debt.number)}",
            ]
        )
        + "\n"
    )


def describe(setoff: SetOff) -> str:
    """A set-off in words, for staff."""
    return (
        f"{setoff.member}: {setoff.amount:.2f} of {setoff.debt.number} ({setoff.debt.date}) "
        f"set off against {setoff.credit.number} ({setoff.credit.date})"
    )


def netting(items: Sequence[Item], currency: str) -> str:
    """What setting off a member's open items leaves, in words (for a refused payout)."""
    setoffs = plan(items)
    owed = sum((item.open for item in items), ZERO)
    parts = [
        f"{s.amount:.2f} {currency} of {s.credit.number} against {s.debt.number}" for s in setoffs
    ]
    rest = (
        f"the member still owes {owed:.2f} {currency}"
        if owed > 0
        else f"{-owed:.2f} {currency} is left to pay out"
        if owed < 0
        else "nothing is left to pay"
    )
    return f"setting off {'; '.join(parts)} leaves: {rest}"


def as_of_remaining(entries: Sequence[data.Directive], day: datetime.date) -> dict[str, Decimal]:
    """What is open of each document on `day`, and still open with every later entry too.

    A set-off dated `day` may only take what is open both then and now: a
    payment booked after `day` has already settled part of it.
    """
    then = open_amounts(e for e in entries if e.date <= day)
    now = open_amounts(entries)
    result = {}
    for number, amount in then.items():
        later = now.get(number, ZERO)
        if amount > 0 and later > 0:
            result[number] = min(amount, later)
        elif amount < 0 and later < 0:
            result[number] = max(amount, later)
    return result


@dataclass
class SettleResult:
    """What `settle` did.

    Attributes:
      date: The day of the set-offs.
      setoffs: The set-offs booked (or that would be, on a dry run).
      ledger_file: The ledger file written, or None.
    """

    date: datetime.date
    setoffs: list[SetOff] = field(default_factory=list)
    ledger_file: Path | None = None


def settle(root: Path, day: datetime.date, *, dry_run: bool = False) -> SettleResult:
    """Set off every member's open items as they stand on `day`, booked on `day`.

    The set-offs are appended to `ledger/documents/setoffs-<year>.beancount`,
    atomically, after checking that they validate.

    Raises:
      InvoiceError: the books have errors, `day` is before documents already
        issued, or the set-offs would not validate (then nothing is written).
    """
    from sif.ledger.books import format_error, load_books  # noqa: PLC0415

    books = load_books(root)
    if books.errors:
        raise InvoiceError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check). The first: "
            + format_error(books.errors[0], root)
        )
    menu = books.community.menu
    assert menu is not None
    issued = issued_documents(books.entries)
    last = max((doc.date for doc in issued), default=None)
    if last is not None and day < last:
        raise InvoiceError(
            f"documents were issued on {last}; a set-off dated {day} would change what the "
            f"statements of earlier months show. Settle on or after {last}"
        )
    remaining = as_of_remaining(books.entries, day)
    result = SettleResult(
        day, plan_all(open_items(books.entries, issued=issued, remaining=remaining))
    )
    if dry_run or not result.setoffs:
        return result
    path = root / LEDGER_DIR / LEDGER_DOCUMENTS / f"setoffs-{day.year}.beancount"
    before = (
        path.read_text(encoding="utf-8")
        if path.exists()
        else f"; Set-offs of {day.year} booked by `sif settle`: never edited by hand.\n"
    )
    addition = "\n" + "\n".join(
        setoff_text(s, date=day, run=str(day), currency=menu.currency.fiat) for s in result.setoffs
    )
    refused = "the set-offs would not validate, so nothing was booked"
    write_checked(books, path, before, addition, set(), refused=refused)
    result.ledger_file = path
    return result
