"""Each month's month-end: trades, deadline, when it was invoiced, what is still open.

Fava's Month-end page shows these rows; `sif check` warns from the same deadline.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from sif.documents.late import deadline
from sif.ledger.locks import read_locks
from sif.ledger.trades import iter_trades
from sif.model.community import Community
from sif.model.period import Month
from sif.reports.documents import DocumentRow

ZERO = Decimal(0)
#: Amounts in the documents' currency are shown to the cent, as `sif invoice list` shows them.
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MonthRow:
    """One month on the Month-end page.

    Attributes:
      month: "YYYY-MM".
      trades: Number of trades in the month.
      volume: Community currency received in those trades.
      deadline: The last day to invoice it (`sif.documents.late.deadline`).
      invoiced_on: The date of the month's lock, or None.
      state: "on time", "late", "not invoiced", "overdue", "running" or "before sif".
      documents: Documents issued for the month (credit notes included).
      open_documents: Those still open or partly settled.
      members_owe: EUR still open on the month's invoices (the members owe it).
      operator_owes: EUR still open on its self-billed documents (the operator owes it).
    """

    month: str
    trades: int
    volume: Decimal
    deadline: datetime.date
    invoiced_on: datetime.date | None
    state: str
    documents: int
    open_documents: int
    members_owe: Decimal
    operator_owes: Decimal

    @property
    def days_late(self) -> int | None:
        """Days past the deadline the month was invoiced, when it was late."""
        if self.invoiced_on is None or self.invoiced_on <= self.deadline:
            return None
        return (self.invoiced_on - self.deadline).days


def month_rows(
    entries: Sequence[data.Directive],
    community: Community,
    documents: Sequence[DocumentRow],
    today: datetime.date,
) -> list[MonthRow]:
    """Every month with trades or documents, latest first (a month that was only locked,
    before the books began, had nothing to invoice and is left out)."""
    menu = community.menu
    if menu is None:
        return []
    locks, _ = read_locks(entries)
    trades: dict[str, int] = defaultdict(int)
    volume: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for trade in iter_trades(entries, menu.currency.code):
        key = f"{trade.date:%Y-%m}"
        trades[key] += 1
        volume[key] += trade.total
    by_period: dict[str, list[DocumentRow]] = defaultdict(list)
    for doc in documents:
        by_period[doc.period].append(doc)
    rows = []
    for text in sorted(set(trades) | set(by_period), reverse=True):
        month = Month.parse(text)
        lock = locks.get(text)
        invoiced_on = lock.entry.date if lock else None
        due = deadline(month)
        if invoiced_on is not None:
            state = "on time" if invoiced_on <= due else "late"
        elif menu.invoicing_start and month.start < menu.invoicing_start:
            state = "before sif"
        elif month.end >= today:
            state = "running"
        else:
            state = "overdue" if today > due else "not invoiced"
        docs = by_period.get(text, [])
        open_docs = [d for d in docs if d.status in ("open", "partly settled")]
        rows.append(
            MonthRow(
                month=text,
                trades=trades.get(text, 0),
                volume=volume.get(text, ZERO).quantize(menu.currency.quantum),
                deadline=due,
                invoiced_on=invoiced_on,
                state=state,
                documents=len(docs),
                open_documents=len(open_docs),
                members_owe=sum((d.open for d in open_docs if not d.self_billed), ZERO).quantize(
                    CENT
                ),
                operator_owes=sum((d.open for d in open_docs if d.self_billed), ZERO).quantize(
                    CENT
                ),
            )
        )
    return rows
