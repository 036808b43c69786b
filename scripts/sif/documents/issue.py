"""What issuing documents shares: where they go, the error that stops an issue,
and the check of what an issue adds to the books.

The month-end (`sif.documents.run`), credit notes (`sif.documents.credit`) and
set-offs (`sif.documents.settle`) all write a ledger file that this check
passes first: nothing is issued that the books would reject.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from beancount.core import data
from beancount.ops import validation
from beancount.parser import booking, parser

from sif.documents.plugin import check_documents
from sif.ledger.books import Books

DOCUMENTS_DIR = "documents"
LEDGER_DOCUMENTS = "documents"  # below ledger/


class InvoiceError(Exception):
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
