"""The issued documents with what is open of each and their status.

`sif invoice list` prints these rows, Fava's Documents page shows them, the
month-end report counts them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from sif.documents.booking import Issued, issued_documents, open_amounts, open_and_status
from sif.documents.model import CREDIT_NOTE, INVOICE, SELF_BILLED, SELF_BILLING, SETTLEMENT
from sif.ledger.books import Books
from sif.model.community import Community
from sif.model.period import PAYMENT_DAYS

ZERO = Decimal(0)
#: Amounts in the documents' currency are shown to the cent, as `sif invoice list` shows them.
CENT = Decimal("0.01")

KIND_LABELS = {
    INVOICE: "invoice",
    SELF_BILLING: "self-billed",
    CREDIT_NOTE: "credit note",
    "self-billing-credit-note": "self-billed credit note",
    "settlement": "settlement statement",
    "settlement-credit-note": "settlement credit note",
}


@dataclass(frozen=True)
class DocumentRow:
    """One issued document on the Documents page, as `sif invoice list` shows it.

    Attributes:
      number: Document number.
      kind: One of the document kinds (`sif.documents.model.KINDS`).
      member: Member id.
      name: The member's name.
      period: "YYYY-MM" of the services.
      issue_date: Date of issue.
      net: Amount excluding VAT.
      tax: VAT.
      total: net + tax.
      sif: Community currency the document stands for.
      open: What is still open of it (0 for a credit note).
      status: "open", "partly settled", "settled", "overpaid" or "credits <number>".
      reference: Structured payment reference.
      pdf: Absolute path of the PDF from its `document` directive, or None.
      ubl: Absolute path of the UBL file from its `document` directive, or None.
      due_date: The day payment is due (issue date + PAYMENT_DAYS, as on the document).
      days_overdue: Days past the due date while something is still open, else None.
      operator: The operator's name (from its member file): who pays a self-billed
        document or a settlement statement.
    """

    number: str
    kind: str
    member: str
    name: str
    period: str
    issue_date: datetime.date
    net: Decimal
    tax: Decimal
    total: Decimal
    sif: Decimal
    open: Decimal
    status: str
    reference: str
    pdf: str | None
    ubl: str | None
    due_date: datetime.date | None = None
    days_overdue: int | None = None
    operator: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def direction(self) -> str:
        """Who pays what is open: "lid betaalt" on an invoice, "<operator> betaalt" on a
        self-billed document or settlement statement ("" on a credit note, which only
        reduces another document)."""
        if self.kind == INVOICE:
            return "lid betaalt"
        if self.kind in (SELF_BILLING, SETTLEMENT):
            return f"{self.operator or 'operator'} betaalt"
        return ""

    @property
    def tags(self) -> str:
        """What the Documents page's filters match: kind, status, and "overdue"."""
        words = [self.kind, self.status_word]
        if self.days_overdue is not None:
            words.append("overdue")
        return " ".join(words)

    @property
    def status_word(self) -> str:
        """The status without the credited number: what the status filter matches."""
        return "credit" if self.status.startswith("credits ") else self.status.replace(" ", "-")

    @property
    def self_billed(self) -> bool:
        return self.kind in SELF_BILLED


def document_files(entries: Sequence[data.Directive]) -> dict[str, dict[str, str]]:
    """The files of each document number, by suffix ("pdf", "xml"), from `document` directives."""
    files: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in entries:
        if isinstance(entry, data.Document):
            suffix = entry.filename.rsplit(".", 1)[-1].lower()
            for link in entry.links or ():
                files[link][suffix] = entry.filename
    return files


def document_rows(
    community: Community,
    issued: Sequence[Issued],
    remaining: dict[str, Decimal],
    files: dict[str, dict[str, str]],
    today: datetime.date | None = None,
    *,
    latest_first: bool = True,
) -> list[DocumentRow]:
    """Every issued document, latest first, with what is open and its status.

    Open and status follow `sif invoice list`: a credit note has nothing open
    of its own (it reduces what is open on the document it corrects) and its
    status names that document. With `today`, a document with something open
    after its due date counts its days overdue. With `latest_first` False, in the
    order they were issued, as `sif invoice list` lists them.
    """
    quantum = community.menu.currency.quantum if community.menu else CENT
    operator = community.operator.name if community.operator else ""
    rows = []
    for doc in issued:
        member = community.members.get(doc.member)
        still_open, state = open_and_status(doc, remaining)
        own = files.get(doc.number, {})
        due = doc.date + datetime.timedelta(days=PAYMENT_DAYS)
        late = (
            (today - due).days
            if today is not None and today > due and still_open.quantize(CENT) != 0
            else None
        )
        rows.append(
            DocumentRow(
                number=doc.number,
                kind=doc.kind,
                member=doc.member,
                name=member.name if member else "",
                period=doc.period,
                issue_date=doc.date,
                net=doc.net.quantize(CENT),
                tax=doc.tax.quantize(CENT),
                total=doc.total.quantize(CENT),
                sif=doc.sif.quantize(quantum),
                open=still_open.quantize(CENT),
                status=state,
                reference=doc.reference,
                pdf=own.get("pdf"),
                ubl=own.get("xml"),
                due_date=due,
                days_overdue=late,
                operator=operator,
            )
        )
    if latest_first:
        rows.reverse()
    return rows


def documents_report(
    books: Books, *, period: str | None = None, member: str | None = None
) -> list[DocumentRow]:
    """The issued documents of loaded books, in the order issued, of one month or member."""
    remaining = open_amounts(books.entries)
    rows = document_rows(
        books.community,
        issued_documents(books.entries),
        remaining,
        document_files(books.entries),
        latest_first=False,
    )
    return [
        row
        for row in rows
        if (period is None or row.period == period) and (member is None or row.member == member)
    ]
