"""The staff pages as Fava extension reports.

Each page is one `FavaExtensionBase` subclass with a `report_title`, so Fava
lists it in its sidebar and renders `templates/<ClassName>.html` inside its
own layout. The templates get the page's figures from `page()`; every figure
comes from `SifData`, shared by the five pages and computed once per load of
the ledger. `SifMembers.js` (the module of the Members page, which Fava loads
on every page) makes the tables sortable and filterable in the browser.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, quote_plus

from beancount.core import data
from fava.ext import FavaExtensionBase
from flask import abort, request, url_for

from sif.documents.archive import read_archives, ubl_folder
from sif.documents.stored import StoredDocumentError, write_linked_pdf
from sif.fava_ext.data import FeedbackView, SifData
from sif.fava_ext.imbalances import Imbalances
from sif.feedback.report import ReportRow
from sif.ledger.plugin import COMMUNITY_KEY
from sif.model.community import Community
from sif.model.period import PERIOD_KINDS
from sif.reports.balances import MemberRow
from sif.reports.documents import DocumentRow
from sif.reports.monthend import MonthRow

if TYPE_CHECKING:
    from fava.core import FavaLedger

#: The pages in the order of the sidebar: (class name, title in the bar of links between them).
#: In Fava's sidebar they are called "SIF members" and so on, apart from Fava's own pages.
PAGES = (
    ("SifMembers", "Members"),
    ("SifDocuments", "Documents"),
    ("SifMonthEnd", "Month-end"),
    ("SifImbalances", "Imbalances"),
    ("SifFeedback", "Feedback"),
)

_cache: dict[int, SifData] = {}
_lock = threading.Lock()
_MARK = "SIFMARK"


def _today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 (the books use local dates)


def sif_data(ledger: FavaLedger) -> SifData | None:
    """The figures for the ledger as Fava loaded it last, or None when the menu card is broken.

    One `SifData` per ledger, replaced when Fava reloads the ledger (a new list
    of entries) or the day changes (debt ages grow by a day).
    """
    options = cast("Mapping[str, object]", ledger.options)
    community = options.get(COMMUNITY_KEY)
    if not isinstance(community, Community) or community.menu is None:
        return None
    entries = cast("Sequence[data.Directive]", ledger.all_entries)
    today = _today()
    with _lock:
        found = _cache.get(id(ledger))
        if found is None or found.entries is not entries or found.today != today:
            loaded = options.get("input_hash")
            found = _cache[id(ledger)] = SifData(
                entries, community, today, loaded if isinstance(loaded, str) else None
            )
    return found


class Links:
    """The links of one page: Fava's `url_for` once per kind, then string work per row.

    `url_for` adds the current page's filters to every link and costs about
    0.1 ms a call; a page of 5,000 documents has 20,000 links. So each kind of
    link is made once with a mark where the value goes, and the mark is
    replaced (quoted the way Werkzeug quotes it) row by row.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[str, ...], str] = {}

    def _fill(self, value: str, endpoint: str, key: str, **fixed: str) -> str:
        index = (endpoint, key, *(f"{k}={v}" for k, v in sorted(fixed.items())))
        made = self._made.get(index)
        if made is None:
            values: dict[str, Any] = {key: _MARK, **fixed}
            made = self._made[index] = url_for(endpoint, **values)
        if key == "name":  # a path segment
            return made.replace(_MARK, quote(value, safe=":"))
        return made.replace(_MARK, quote_plus(value, safe="/:"))

    def journal(self, account: str) -> str:
        """Fava's journal of `account`."""
        return self._fill(account, "account", "name")

    def documents_of(self, member: str) -> str:
        return self._fill(member, "extension_report", "member", extension_name="SifDocuments")

    def documents_for(self, period: str) -> str:
        return self._fill(period, "extension_report", "period", extension_name="SifDocuments")

    def document(self, filename: str) -> str:
        """A file of a `document` directive, through Fava's documents."""
        return self._fill(filename, "document", "filename")

    def feedback_of(self, coach: str, by: str) -> str:
        return self._fill(coach, "extension_report", "coach", extension_name="SifFeedback", by=by)


class SifPage(FavaExtensionBase):
    """What the five pages share: the figures, and the links between them."""

    pages = PAGES

    @property
    def sif(self) -> SifData | None:
        return sif_data(self.ledger)

    # No `after_load_file`: the figures are worked out when a page first asks
    # for them, not on every (re)load, which Fava pays on start and after each
    # edit of the books, whether or not anyone opens these pages. The slow ones
    # are remembered with the books' input hash (`SifData`), so a start on
    # unchanged books reads them back.


@dataclass(frozen=True)
class MembersPage:
    """The Members page: every account, the oldest debt first."""

    sif: SifData
    rows: list[MemberRow]
    links: Links

    @property
    def in_debt(self) -> list[MemberRow]:
        return [row for row in self.rows if row.balance > 0]


class SifMembers(SifPage):
    """Members: balance, given, received, debt age, EUR open, last activity, status."""

    report_title = "SIF members"
    has_js_module = True

    def page(self) -> MembersPage | None:
        sif = self.sif
        return MembersPage(sif, sif.members, Links()) if sif else None


@dataclass(frozen=True)
class DocumentsPage:
    """The Documents page: one period's, all of a member's, or all of them.

    Attributes:
      sif: The figures.
      rows: The documents shown.
      member: The member asked for (`?member=`), or None.
      period: The period shown (`?period=`; the latest by default), or None for all.
      periods: Every period with documents, latest first.
      links: The page's links.
    """

    sif: SifData
    rows: list[DocumentRow]
    member: str | None
    period: str | None
    periods: list[str]
    links: Links

    @property
    def member_row(self) -> MemberRow | None:
        return next((row for row in self.sif.members if row.member == self.member), None)


class SifDocuments(SifPage):
    """Documents: every invoice, self-billed document and credit note, with PDF and UBL."""

    report_title = "SIF documents"

    def before_request(self) -> None:
        """Produce an issued document's PDF when Fava is asked for it.

        The PDF is stored inside its UBL file; the documents plugin links it
        at `out/documents/...` (`sif.documents.stored`), written here, from the
        hash-checked UBL file, just before Fava sends it.
        """
        if request.endpoint != "document":
            return
        sif = self.sif
        if sif is None:
            return
        root, archives = sif.community.root, read_archives(sif.entries)
        try:
            write_linked_pdf(
                root,
                sif.issued,
                request.args.get("filename", ""),
                lambda doc: ubl_folder(root, doc, archives),
            )
        except StoredDocumentError as error:
            abort(500, description=str(error))

    def page(self) -> DocumentsPage | None:
        sif = self.sif
        if sif is None:
            return None
        member = request.args.get("member") or None
        periods = sorted({row.period for row in sif.documents}, reverse=True)
        # A month of a large community is 1,500 documents: show one month
        # unless a member's documents or all of them (`?period=all`) are asked for.
        period = request.args.get("period") or (None if member or not periods else periods[0])
        if period == "all":
            period = None
        rows = [
            row
            for row in sif.documents
            if (member is None or row.member == member)
            and (period is None or row.period == period)
        ]
        return DocumentsPage(sif, rows, member, period, periods, Links())


@dataclass(frozen=True)
class MonthEndPage:
    """The months to invoice, latest first; those before sif kept the books, in one line."""

    sif: SifData
    rows: list[MonthRow]
    late: list[str]
    links: Links
    before: list[MonthRow] = field(default_factory=list)

    @property
    def before_trades(self) -> int:
        return sum(row.trades for row in self.before)


class SifMonthEnd(SifPage):
    """Month-end: per month, invoiced or not, when, on time, what is still open."""

    report_title = "SIF month-end"

    def page(self) -> MonthEndPage | None:
        sif = self.sif
        if sif is None:
            return None
        # Months before `invoicing: start` had their invoices outside sif: nothing to do here.
        before = [row for row in sif.months if row.state == "before sif"]
        shown = [row for row in sif.months if row.state != "before sif"]
        return MonthEndPage(sif, shown, sif.late, Links(), before)


@dataclass(frozen=True)
class ImbalancesPage:
    sif: SifData
    view: Imbalances
    links: Links


class SifImbalances(SifPage):
    """Imbalances: SIF owed over time, debt age, the oldest debtors."""

    report_title = "SIF imbalances"

    def page(self) -> ImbalancesPage | None:
        sif = self.sif
        return ImbalancesPage(sif, sif.imbalances, Links()) if sif else None


@dataclass(frozen=True)
class FeedbackPage:
    sif: SifData
    view: FeedbackView
    coach: str | None
    links: Links
    kinds: tuple[str, ...] = PERIOD_KINDS

    @property
    def rows(self) -> list[ReportRow]:
        return [row for row in self.view.rows if self.coach in (None, row.coach)]


class SifFeedback(SifPage):
    """Feedback: the survey after sessions, per coach, service and period."""

    report_title = "SIF feedback"

    def page(self) -> FeedbackPage | None:
        sif = self.sif
        if sif is None:
            return None
        by = request.args.get("by", "quarter")
        if by not in PERIOD_KINDS:
            by = "quarter"
        return FeedbackPage(sif, sif.feedback(by), request.args.get("coach") or None, Links())
