"""Credit notes: take back an issued document whole, and issue it again corrected.

An issued document never changes; a mistake on it (a wrong address, a VAT
number) is corrected by a credit note that takes back all of it, and, if
asked, a new document of the same kind drafted from the member data as it is
now. What was settled on the original counts for the new one.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path

from sif.documents.booking import issued_documents, open_amounts, reallocation_text, setoffs_of
from sif.documents.compute import draft_month
from sif.documents.issue import (
    LEDGER_DOCUMENTS,
    InvoiceError,
    check_order,
    number_documents,
    write_checked,
)
from sif.documents.model import CREDIT_NOTES, CREDIT_OF, SELF_BILLED
from sif.documents.model import SetOff as DocumentSetOff
from sif.documents.pool import Renderer
from sif.documents.run import RunResult, write_documents
from sif.ledger.books import load_books
from sif.model.errors import did_you_mean
from sif.model.period import PAYMENT_DAYS, Month
from sif.paths import DOCUMENTS_DIR, LEDGER_DIR


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
    check_order(books, issue_date)
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
    numbers = {doc.number for doc in result.documents}
    refused = "the credit note would not validate, so nothing was issued"
    write_checked(books, path, before, addition, numbers, refused=refused)
    result.ledger_file = path
    return result
