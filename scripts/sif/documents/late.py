"""Late invoicing: the deadline of a month, and the warnings of what is late.

Belgian rules want an invoice by the 15th of the month after the service.
`sif check` and Fava warn about a month not invoiced by then, and about a
member whose month-end will stop for want of a self-billing agreement.
"""

from __future__ import annotations

import datetime

from beancount.core import data

from sif.documents.compute import agreement_gap, purchase_kind
from sif.documents.model import SELF_BILLING
from sif.ledger.books import Books
from sif.ledger.locks import read_locks
from sif.ledger.trades import iter_trades
from sif.model.period import Month

DEADLINE_DAY = 15  # invoice by the 15th of the month after the service


def deadline(month: Month) -> datetime.date:
    """The last day to invoice services of `month`."""
    nxt = month.next()
    return datetime.date(nxt.year, nxt.month, DEADLINE_DAY)


def late_warnings(books: Books, today: datetime.date) -> list[str]:
    """Months whose services are still not invoiced after their deadline, and
    members who delivered services not invoiced yet without the self-billing
    agreement their month-end needs."""
    menu = books.community.menu
    if menu is None or not menu.invoices:
        return []
    locks, _ = read_locks(books.entries)
    traded = {
        (e.date.year, e.date.month)
        for e in books.entries
        if isinstance(e, data.Transaction) and "service" in e.meta
    }
    months = [Month(year, month) for year, month in sorted(traded)]
    warnings = []
    for month in months:
        if menu.invoicing_start and month.start < menu.invoicing_start:
            continue
        if str(month) not in locks and today > deadline(month):
            warnings.append(
                f"services of {month} are not invoiced, and the deadline was {deadline(month)}: "
                f"run `sif invoice run --month {month}`"
            )
    uninvoiced = {
        str(m)
        for m in months
        if str(m) not in locks and not (menu.invoicing_start and m.start < menu.invoicing_start)
    }
    return warnings + _agreement_warnings(books, uninvoiced, today)


def _agreement_warnings(books: Books, months: set[str], today: datetime.date) -> list[str]:
    """Who will stop the month-end of `months` for want of a self-billing agreement."""
    menu, members = books.community.menu, books.community.members
    if not months or menu is None:
        return []
    first: dict[str, str] = {}
    entries = (e for e in books.entries if f"{e.date:%Y-%m}" in months)
    for trade in iter_trades(entries, menu.currency.code):
        for member_id, _ in trade.providers:
            member = members.get(member_id)
            if (
                member is not None
                and member_id != menu.operator
                and purchase_kind(member) == SELF_BILLING
                and agreement_gap(member, today) is not None
            ):
                first.setdefault(member_id, f"{trade.date:%Y-%m}")
    return [
        f"{members[m].filename}: {members[m].name} delivered services in {month}, not invoiced "
        "yet, and has no self-billing agreement in force: the month-end will stop; when they "
        "have accepted the terms, add `self_billing: {accepted: YYYY-MM-DD, terms: VERSION}`"
        for m, month in sorted(first.items())
    ]
