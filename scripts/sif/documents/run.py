"""The month-end run: issue, render, book and lock a month's documents.

The run is safe to interrupt at any moment. Documents are rendered first and
their files written (each atomically) under `documents/<month>/`; then one
ledger file, `ledger/documents/<month>.beancount`, is written atomically with
every document's booking, the set-offs and the month's lock. That rename is
the moment of issue: before it, nothing is issued and a new run overwrites the
orphaned files with the same numbers; after it, everything is. A second run
for a locked month issues nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sif.documents.booking import document_text, setoff_text
from sif.documents.compute import draft_month, month_trades
from sif.documents.issue import (
    LEDGER_DOCUMENTS,
    InvoiceError,
    check_order,
    number_documents,
    write_checked,
)
from sif.documents.late import deadline
from sif.documents.model import INVOICE, SELF_BILLED, Document
from sif.documents.model import SetOff as DocumentSetOff
from sif.documents.pool import Renderer, render_all
from sif.documents.settle import Item, SetOff, as_of_remaining, open_items, plan, plan_all
from sif.documents.settle import setoff_text as settle_text
from sif.fsutil import atomic_write, sync_folder
from sif.ledger.books import Books, format_error, load_books
from sif.ledger.locks import lock_entry, read_locks
from sif.model.community import Community
from sif.model.period import Month
from sif.paths import DOCUMENTS_DIR, LEDGER_DIR


@dataclass
class RunResult:
    """What a month-end run did.

    Attributes:
      month: The month.
      documents: The documents issued (or that would be, on a dry run).
      already: True if the month was invoiced before: nothing new was issued.
      ledger_file: The ledger file written, or None.
      files: The UBL files written (each with its PDF inside).
      warnings: Things staff should know (a late run).
      setoffs: Set-offs of items left open from earlier months, booked with the documents.
    """

    month: Month
    documents: list[Document] = field(default_factory=list)
    already: bool = False
    ledger_file: Path | None = None
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    setoffs: list[SetOff] = field(default_factory=list)


def ledger_file(root: Path, month: Month) -> Path:
    return root / LEDGER_DIR / LEDGER_DOCUMENTS / f"{month}.beancount"


def with_setoffs(docs: list[Document]) -> list[Document]:
    """The run's documents with the set-off of each member's invoice against
    their self-billed document or settlement of the same run (see `setoff_text`).

    The set-off is booked together with the documents, so the documents show
    it and ask only for what is left (EN 16931 BT-113 and BT-115).
    """
    invoices = {d.member: d for d in docs if d.kind == INVOICE}
    purchases = {d.member: d for d in docs if d.kind in SELF_BILLED}
    result = []
    for doc in docs:
        invoice, purchase = invoices.get(doc.member), purchases.get(doc.member)
        if invoice is None or purchase is None or (doc is not invoice and doc is not purchase):
            result.append(doc)
            continue
        amount = min(invoice.total, purchase.total)
        other = purchase if doc is invoice else invoice
        setoffs = (DocumentSetOff(other.number, amount),) if amount > 0 else ()
        result.append(dataclasses.replace(doc, setoffs=setoffs))
    return result


def with_later_setoffs(docs: list[Document], setoffs: list[SetOff]) -> list[Document]:
    """The run's documents with what the run sets off against earlier documents
    (`across_months`), so that each asks only for what is left after the run."""
    extra: dict[str, list[DocumentSetOff]] = {}
    for s in setoffs:
        extra.setdefault(s.debt.number, []).append(DocumentSetOff(s.credit.number, s.amount))
        extra.setdefault(s.credit.number, []).append(DocumentSetOff(s.debt.number, s.amount))
    return [
        dataclasses.replace(doc, setoffs=(*doc.setoffs, *extra[doc.number]))
        if doc.number in extra
        else doc
        for doc in docs
    ]


def _check_issue_date(books: Books, month: Month, issue_date: datetime.date) -> list[str]:
    if issue_date <= month.end:
        raise InvoiceError(
            f"the issue date {issue_date} is not after the end of {month} ({month.end}): "
            "a month is invoiced once it has ended"
        )
    check_order(books, issue_date)
    warnings = []
    if issue_date > deadline(month):
        warnings.append(
            f"late: services of {month} should be invoiced by {deadline(month)}, "
            f"this run issues them on {issue_date}"
        )
    return warnings


def write_documents(
    root: Path, folder: Path, result: RunResult, community: Community, renderer: Renderer | None
) -> list[str]:
    """Render and write the UBL file of each of `result.documents`; their bookings.

    The PDF is stored once, inside the UBL file (`sif.documents.stored`
    produces it on demand). Each file is written atomically. Nothing is issued until the bookings are
    written to the ledger: files of an interrupted run are overwritten by the next.
    The files are forced to disk together, once, after the last (`sync_folder`),
    before the ledger file that issues them is written.
    """
    texts = []
    for doc, xml, _ in render_all(result.documents, community, renderer):
        xml_path = folder / f"{doc.number}.xml"
        atomic_write(xml_path, xml, sync=False)
        result.files.append(xml_path)
        texts.append(
            document_text(
                doc,
                ubl=str(xml_path.relative_to(root)),
                sha256=hashlib.sha256(xml).hexdigest(),
                ledger_dir="../..",
            )
        )
    if result.files:
        sync_folder(folder)
    return texts


def run_month(
    root: Path,
    month: Month,
    issue_date: datetime.date,
    *,
    dry_run: bool = False,
    renderer: Renderer | None = None,
) -> RunResult:
    """Issue the documents of `month`.

    Raises:
      InvoiceError: the books have errors, the date is wrong, or the result
        would not validate (then nothing is issued).
      MissingDataError: members lack data a document needs (nothing is issued).
    """
    books = load_books(root)
    result = RunResult(month)
    if books.errors:
        raise InvoiceError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check). The first: "
            + format_error(books.errors[0], root)
        )
    locks, _ = read_locks(books.entries)
    if str(month) in locks:
        result.already = True
        return result
    menu = books.community.menu
    assert menu is not None
    if menu.invoicing_start and month.start < menu.invoicing_start:
        raise InvoiceError(
            f"{month} is before invoicing.start in services.yaml ({menu.invoicing_start}): "
            "those months were invoiced before sif kept the books"
        )
    result.warnings = _check_issue_date(books, month, issue_date)
    drafts = draft_month(books.entries, books.community, month, issue_date)
    _check_printable(books, month, drafts)
    result.documents = with_setoffs(number_documents(books, drafts))
    result.setoffs = across_months(books, result.documents, issue_date)
    result.documents = with_later_setoffs(result.documents, result.setoffs)
    if dry_run:
        return result

    folder = root / DOCUMENTS_DIR / str(month)
    texts = [
        (
            f"; Documents issued for {month} on {issue_date}: written by `sif invoice run`.\n"
            "; Issued documents never change: correct them with `sif invoice credit`.\n"
        )
    ]
    texts += write_documents(root, folder, result, books.community, renderer)
    by_member: dict[str, dict[str, Document]] = {}
    for doc in result.documents:
        by_member.setdefault(doc.member, {})[doc.kind] = doc
    for docs in by_member.values():
        purchase = next((d for kind, d in docs.items() if kind in SELF_BILLED), None)
        if INVOICE in docs and purchase is not None:
            texts.append(setoff_text(docs[INVOICE], purchase, issue_date))
    fiat = menu.currency.fiat
    texts += [
        settle_text(s, date=issue_date, run=str(month), currency=fiat) for s in result.setoffs
    ]
    trades = [t.entry for t in month_trades(books.entries, menu.currency.code, month)]
    lock = lock_entry(str(month), trades, issue_date)
    prints = lock.values[1][0]
    texts.append(f'{issue_date} custom "sif-lock" "{month}" "{prints}"\n')

    path = ledger_file(root, month)
    text = "\n".join(texts)
    numbers = {doc.number for doc in result.documents}
    refused = "the issued documents would not validate, so nothing was issued"
    write_checked(books, path, "", text, numbers, refused=refused)
    result.ledger_file = path
    return result


def _check_printable(books: Books, month: Month, drafts: list[Document]) -> None:
    """Refuse the run, before anything is issued, when a document could not be printed.

    Documents are PDF/A: a character that no font of the templates can show
    (an emoji in a name) would stop the run half-way through rendering.
    """
    from sif.documents.glyphs import unprintable  # noqa: PLC0415 (Typst only when issuing)

    menu = books.community.menu
    assert menu is not None
    members = {doc.member for doc in drafts} | {menu.operator}
    trades = month_trades(books.entries, menu.currency.code, month)
    concepts = {trade.concept for trade in trades if trade.concept}
    problems = unprintable(books.community, members=members, concepts=concepts)
    if problems:
        raise InvoiceError(
            f"{len(problems)} text(s) on the documents of {month} cannot be printed: "
            + "; ".join(format_error(error, books.root) for error in problems)
        )


def across_months(books: Books, docs: list[Document], issue_date: datetime.date) -> list[SetOff]:
    """The set-offs of a month-end beyond the month's own pair, oldest first.

    A member's invoice and self-billed document of the month are set off
    against each other first (that set-off is on the documents). Whatever is
    still open then, of these and of every earlier document, is set off
    oldest first (`sif.documents.settle`), so that after the run no member
    both owes and is owed.
    """
    by_member = open_items(books.entries, remaining=as_of_remaining(books.entries, issue_date))
    fresh: dict[str, list[Item]] = {}
    for doc in docs:
        sign = Decimal(-1) if doc.kind in SELF_BILLED else Decimal(1)
        item = Item(doc.number, doc.kind, doc.member, issue_date, sign * doc.total)
        fresh.setdefault(doc.member, []).append(item)
    for member, items in fresh.items():
        left = {item.number: item.open for item in items}
        for paired in plan(items):  # the month's own set-off, as setoff_text books it
            left[paired.debt.number] -= paired.amount
            left[paired.credit.number] += paired.amount
        by_member.setdefault(member, []).extend(
            item._replace(open=left[item.number]) for item in items if left[item.number]
        )
    return plan_all(by_member)
