"""All the pages' figures for one load of the ledger, each computed on first use.

Fava reloads the ledger when a file changes (the YAML files too: the plugin
lists them among the ledger's inputs) and then hands out a new list of
entries. `SifData` belongs to one such list and one day, so a page computes
its figures once per load and answers every later request from memory; the
extension (`sif.fava_ext.pages`) makes a new one when the entries or the day
change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TypeVar

from beancount.core import data

from sif.documents.booking import Issued, issued_documents, open_amounts
from sif.documents.late import late_warnings
from sif.fava_ext.imbalances import Imbalances, history_dates, imbalances
from sif.feedback.report import ReportRow, feedback_report
from sif.ledger.balances import Balance, balance_history
from sif.ledger.books import Books
from sif.ledger.trades import iter_trades
from sif.model.cache import remembered
from sif.model.community import Community
from sif.model.feedback import Feedback, load_feedback
from sif.reports.balances import MemberRow, member_rows
from sif.reports.documents import DocumentRow, document_files, document_rows
from sif.reports.monthend import MonthRow, month_rows

ZERO = Decimal(0)


@dataclass(frozen=True)
class FeedbackView:
    """The Feedback page.

    Attributes:
      by: The kind of period the rows are grouped by.
      rows: `feedback_report` rows per coach, service and period.
      answers: Number of answers read.
      errors: Number of feedback entries left out because of errors (`sif check` lists them).
    """

    by: str
    rows: tuple[ReportRow, ...]
    answers: int
    errors: int


T = TypeVar("T")


class SifData:
    """The figures of every page for `entries` on `today`.

    Attributes:
      entries: The ledger's directives (Fava's `all_entries`).
      community: Members, concepts, requests and the menu card, as the plugin read them.
      today: The as-of day of balances and debt ages.
      loaded: Beancount's hash of the ledger's inputs, or None: the figures that
        take seconds (the balance history, the months) are then remembered
        with it and the day, so a start on unchanged books reads them back.
    """

    def __init__(
        self,
        entries: Sequence[data.Directive],
        community: Community,
        today: datetime.date,
        loaded: str | None = None,
    ) -> None:
        assert community.menu is not None
        self.entries = entries
        self.community = community
        self.today = today
        self.loaded = loaded
        self.code = community.menu.currency.code
        self.fiat = community.menu.currency.fiat
        self._feedback: dict[str, FeedbackView] = {}

    @cached_property
    def issued(self) -> list[Issued]:
        return issued_documents(self.entries)

    @cached_property
    def remaining(self) -> dict[str, Decimal]:
        return open_amounts(self.entries)

    @cached_property
    def history(self) -> tuple[list[datetime.date], list[list[Balance]]]:
        """The balances at the end of every month with trades, and today (the last)."""

        def build() -> tuple[list[datetime.date], list[list[Balance]]]:
            first = next(iter_trades(self.entries, self.code), None)
            dates = history_dates(first.date if first else None, self.today)
            return dates, balance_history(list(self.entries), self.community, dates)

        return self._remembered("fava-history", build)

    def _remembered(self, name: str, build: Callable[[], T]) -> T:
        if self.loaded is None:
            return build()
        return remembered(self.community.root, name, f"{self.loaded}:{self.today}", build)

    @property
    def balances(self) -> list[Balance]:
        """Today's balances: what `sif balances` shows."""
        return self.history[1][-1]

    @cached_property
    def members(self) -> list[MemberRow]:
        return member_rows(self.community, self.balances, self.issued, self.remaining, self.today)

    @cached_property
    def documents(self) -> list[DocumentRow]:
        return document_rows(
            self.community, self.issued, self.remaining, document_files(self.entries), self.today
        )

    @cached_property
    def months(self) -> list[MonthRow]:
        return self._remembered(
            "fava-months",
            lambda: month_rows(self.entries, self.community, self.documents, self.today),
        )

    @cached_property
    def late(self) -> list[str]:
        """The warnings of `sif check` about months not invoiced by their deadline."""
        books = Books(self.community.root, list(self.entries), [], {}, self.community)
        return late_warnings(books, self.today)

    @cached_property
    def imbalances(self) -> Imbalances:
        dates, history = self.history
        return imbalances(self.community, dates, history, self.members, self.code)

    @cached_property
    def feedback_entries(self) -> tuple[list[Feedback], int]:
        entries, errors = load_feedback(self.community.root)
        return entries, len(errors)

    def feedback(self, by: str) -> FeedbackView:
        """The feedback report grouped by `by` ("month", "quarter" or "year")."""
        if by not in self._feedback:
            entries, errors = self.feedback_entries
            self._feedback[by] = FeedbackView(
                by, tuple(feedback_report(entries, by=by)), len(entries), errors
            )
        return self._feedback[by]
