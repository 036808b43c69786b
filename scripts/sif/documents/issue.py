"""What issuing documents shares: where they go, the error that stops an issue,
and the check of what an issue adds to the books.

The month-end (`sif.documents.run`), credit notes (`sif.documents.credit`) and
set-offs (`sif.documents.settle`) all write a ledger file that this check
passes first: nothing is issued that the books would reject.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from beancount.core import data
from beancount.ops import validation
from beancount.parser import booking, parser

from sif.documents.booking import issued_documents
from sif.documents.model import Document
from sif.documents.numbering import Counter, parse
from sif.documents.plugin import check_documents
from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.books import Books, format_error
from sif.model.countries import country

LEDGER_DOCUMENTS = "documents"  # below ledger/


class InvoiceError(SifException):
    """The run cannot go ahead; the message says why and what to do."""


def check_addition(books: Books, text: str, path: Path, numbers: set[str]) -> list[Any]:
    """The errors the books would have with `text` added as file `path`.

    The books were checked clean before, so only what the new text brings is
    checked: that it parses and balances, and that its documents' files and
    numbers are right. This keeps a month-end's cost to the month's work
    instead of loading the whole history a second time.
    """
    new, errors, _ = parser.parse_string(text, report_filename=str(path))
    # Beancount's booking and validation functions carry no type annotations.
    book = cast("Callable[..., tuple[data.Directives, list[Any]]]", booking.book)
    balances = cast("Callable[..., list[Any]]", validation.validate_check_transaction_balances)
    new, booking_errors = book(new, books.options)
    errors = [*errors, *booking_errors, *balances(new, books.options)]
    errors += check_documents(books.root, [*books.entries, *new], files_of=numbers)
    return errors


def write_checked(
    books: Books, path: Path, before: str, addition: str, numbers: set[str], *, refused: str
) -> None:
    """Write `before + addition` to the ledger file `path`, once `addition` checks clean
    with the books (`check_addition`); else raise InvoiceError saying `refused`, with
    the first errors, and write nothing."""
    errors = check_addition(books, addition, path, numbers)
    if errors:
        raise InvoiceError(
            f"{refused}: " + "; ".join(format_error(e, books.root) for e in errors[:5])
        )
    atomic_write(path, before + addition)


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


def check_order(books: Books, issue_date: datetime.date) -> None:
    last = max((i.date for i in issued_documents(books.entries)), default=None)
    if last is not None and issue_date < last:
        raise InvoiceError(
            f"documents were already issued on {last}; an issue date of {issue_date} would put "
            "numbers out of order. Use an issue date on or after it"
        )
