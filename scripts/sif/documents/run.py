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
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from beancount.core import data

from sif.documents.booking import (
    document_text,
    issued_documents,
    open_amounts,
    reallocation_text,
    setoff_text,
    setoffs_of,
)
from sif.documents.compute import (
    PAYMENT_DAYS,
    Month,
    agreement_gap,
    draft_month,
    month_trades,
    purchase_kind,
)
from sif.documents.model import (
    CREDIT_NOTES,
    CREDIT_OF,
    INVOICE,
    SELF_BILLED,
    SELF_BILLING,
    Document,
)
from sif.documents.model import SetOff as DocumentSetOff
from sif.documents.numbering import Counter, parse
from sif.documents.settle import Item, SetOff, as_of_remaining, open_items, plan, plan_all
from sif.documents.settle import setoff_text as settle_text
from sif.fsutil import atomic_write, sync_folder
from sif.ledger.books import Books, format_error, load_books
from sif.ledger.locks import lock_entry, read_locks
from sif.ledger.trades import iter_trades
from sif.model.community import LEDGER_DIR, Community
from sif.model.countries import country
from sif.model.errors import did_you_mean

DOCUMENTS_DIR = "documents"
LEDGER_DOCUMENTS = "documents"  # below ledger/
DEADLINE_DAY = 15  # invoice by the 15th of the month after the service


class InvoiceError(Exception):
    """The run cannot go ahead; the message says why and what to do."""


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


def deadline(month: Month) -> datetime.date:
    """The last day to invoice services of `month`."""
    nxt = month.next()
    return datetime.date(nxt.year, nxt.month, DEADLINE_DAY)


def ledger_file(root: Path, month: Month) -> Path:
    return root / LEDGER_DIR / LEDGER_DOCUMENTS / f"{month}.beancount"


def number_documents(books: Books, drafts: list[Document]) -> list[Document]:
    """Give drafts their numbers and payment references, after those already issued."""
    counter = Counter([n for i in issued_documents(books.entries) if (n := parse(i.number))])
    # The scheme of the references is the operator's country's (sif/model/data/countries.yaml).
    operator = books.community.operator
    scheme = country(operator.address.country if operator and operator.address else "BE")
    numbered = []
    for doc in drafts:
        number = counter.next(doc.kind, doc.issue_date.year)
        reference = number.reference_in(scheme.payment_reference)
        numbered.append(dataclasses.replace(doc, number=str(number), reference=reference))
    return numbered


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
    _check_order(books, issue_date)
    warnings = []
    if issue_date > deadline(month):
        warnings.append(
            f"late: services of {month} should be invoiced by {deadline(month)}, "
            f"this run issues them on {issue_date}"
        )
    return warnings


def _check_order(books: Books, issue_date: datetime.date) -> None:
    last = max((i.date for i in issued_documents(books.entries)), default=None)
    if last is not None and issue_date < last:
        raise InvoiceError(
            f"documents were already issued on {last}; an issue date of {issue_date} would put "
            "numbers out of order. Use an issue date on or after it"
        )


Renderer = Callable[[Document, Community], tuple[bytes, bytes]]

#: Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def render(doc: Document, community: Community) -> tuple[bytes, bytes]:
    """(UBL, PDF) of a document; the PDF is embedded in the UBL file."""
    from sif.documents.pdf import render_pdf  # noqa: PLC0415 (Typst loads only when rendering)
    from sif.documents.ubl import to_ubl  # noqa: PLC0415

    pdf = render_pdf(doc, community)
    return to_ubl(doc, pdf), pdf


_WORKER_COMMUNITY: list[Community] = []


def _init_worker(community: Community) -> None:
    _WORKER_COMMUNITY.append(community)


def _render_in_worker(doc: Document) -> tuple[bytes, bytes]:
    return render(doc, _WORKER_COMMUNITY[0])


def render_all(
    docs: list[Document], community: Community, renderer: Renderer | None = None
) -> Iterator[tuple[Document, bytes, bytes]]:
    """(document, UBL, PDF) for each document, in order.

    A large run renders on every core. Worker processes are started with
    "spawn": a process forked after Typst has started its threads can hang.
    """
    cores = os.cpu_count() or 1
    if renderer is not None or len(docs) < PARALLEL_FROM or cores < 2:
        for doc in docs:
            xml, pdf = (renderer or render)(doc, community)
            yield doc, xml, pdf
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(cores, context, _init_worker, (community,)) as pool:
        rendered = pool.map(_render_in_worker, docs, chunksize=8)
        for doc, (xml, pdf) in zip(docs, rendered, strict=True):
            yield doc, xml, pdf


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
    errors = check_addition(books, text, path, {doc.number for doc in result.documents})
    if errors:
        raise InvoiceError(
            "the issued documents would not validate, so nothing was issued: "
            + "; ".join(format_error(e, root) for e in errors[:5])
        )
    atomic_write(path, text)
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


def check_addition(books: Books, text: str, path: Path, numbers: set[str]) -> list[Any]:
    """The errors the books would have with `text` added as file `path`.

    The books were checked clean before, so only what the new text brings is
    checked: that it parses and balances, and that its documents' files and
    numbers are right. This keeps a month-end's cost to the month's work
    instead of loading the whole history a second time.
    """
    from beancount.ops import validation  # noqa: PLC0415
    from beancount.parser import booking, parser  # noqa: PLC0415

    from sif.documents.plugin import check_documents  # noqa: PLC0415

    new, errors, _ = parser.parse_string(text, report_filename=str(path))
    # Beancount's booking and validation functions carry no type annotations.
    book = cast("Callable[..., tuple[data.Directives, list[Any]]]", booking.book)
    balances = cast("Callable[..., list[Any]]", validation.validate_check_transaction_balances)
    new, booking_errors = book(new, books.options)
    errors = [*errors, *booking_errors, *balances(new, books.options)]
    errors += check_documents(books.root, [*books.entries, *new], files_of=numbers)
    return errors


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


def credit_document(
    root: Path,
    number: str,
    reason: str,
    issue_date: datetime.date,
    *,
    reissue: bool = False,
    renderer: Renderer | None = None,
) -> RunResult:
    """Issue a credit note for document `number`, and a corrected document if asked.

    The credit note takes back the whole original: the same lines, drafted
    again from the month's (locked) trades. With `reissue`, a new document of
    the original's kind is issued too, from the member data as it is now (for
    a wrong address or VAT number, say).
    """
    books = load_books(root)
    if books.errors:
        raise InvoiceError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check)"
        )
    issued = {doc.number: doc for doc in issued_documents(books.entries)}
    original = issued.get(number)
    if original is None:
        raise InvoiceError(f"no issued document {number}." + did_you_mean(number, issued))
    if original.kind in CREDIT_NOTES:
        raise InvoiceError(f"{number} is a credit note itself; credit notes are not credited")
    for other in issued.values():
        if other.original == number:
            raise InvoiceError(f"{number} was already credited by {other.number} on {other.date}")
    month = Month.parse(original.period)
    result = RunResult(month)
    _check_order(books, issue_date)
    drafts = draft_month(books.entries, books.community, month, original.date, agreements=False)
    # The same side of the same member: a self-billed invoice issued to a member
    # who is no longer a taxable person is drafted again as a settlement.
    outgoing = original.kind in SELF_BILLED
    same = [d for d in drafts if d.member == original.member and d.self_billed == outgoing]
    if not same or (same[0].total, same[0].net) != (original.total, original.net):
        raise InvoiceError(
            f"{number} cannot be drafted again as it was issued (the month's trades or the menu "
            "card changed since); restore them from git first"
        )
    draft = same[0]
    kind = CREDIT_OF[original.kind]
    due = issue_date + datetime.timedelta(days=PAYMENT_DAYS)
    docs = [
        dataclasses.replace(
            draft,
            kind=kind,
            issue_date=issue_date,
            due_date=due,
            original=number,
            original_date=original.date,
            reason=reason,
        )
    ]
    if reissue:
        docs.append(dataclasses.replace(draft, issue_date=issue_date, due_date=due))
    result.documents = number_documents(books, docs)
    # What was already settled on the original (a set-off) counts for the
    # corrected document: the credit note took back the whole original.
    settled = original.total - abs(open_amounts(books.entries).get(number, Decimal(0)))
    if reissue and settled:
        setoffs = setoffs_of(books.entries, number)
        rest = settled - sum((s.amount for s in setoffs), Decimal(0))
        if rest > 0:  # paid on the original: it counts as paid on the new one
            setoffs.append(DocumentSetOff(number, rest))
        elif rest < 0:  # not all of it counts any more: what was settled, in one
            setoffs = [DocumentSetOff(number, settled)]
        corrected = dataclasses.replace(result.documents[1], setoffs=tuple(setoffs))
        result.documents[1] = corrected
    texts = [
        f"\n; Correction of {number} on {issue_date}: {' '.join(reason.split())}\n"
        if "\n" not in reason
        else f"\n; Correction of {number} on {issue_date}\n"
    ]
    folder = root / DOCUMENTS_DIR / str(month)
    texts += write_documents(root, folder, result, books.community, renderer)
    if reissue and settled:
        sign = Decimal(-1) if original.kind in SELF_BILLED else Decimal(1)
        texts.append(
            reallocation_text(
                original.member,
                original.kind,
                -sign * settled,
                source=number,
                target=result.documents[1].number,
                date=issue_date,
                currency=draft.currency,
            )
        )
    path = root / LEDGER_DIR / LEDGER_DOCUMENTS / f"corrections-{issue_date.year}.beancount"
    existed = path.exists()
    before = (
        path.read_text(encoding="utf-8")
        if existed
        else (
            f"; Credit notes and corrected documents issued in {issue_date.year}: written by "
            "`sif invoice credit`.\n"
        )
    )
    addition = "\n".join(texts)
    errors = check_addition(books, addition, path, {doc.number for doc in result.documents})
    if errors:
        raise InvoiceError(
            "the credit note would not validate, so nothing was issued: "
            + "; ".join(format_error(e, root) for e in errors[:5])
        )
    atomic_write(path, before + addition)
    result.ledger_file = path
    return result
