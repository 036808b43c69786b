"""What `sif check` finds: every error and warning about the books, from every layer.

The rules live where their subject does (the plugin, the month-end's deadline,
debt alerts and credit limits, the working folder, personal data, secrets,
public remotes, the site's inputs, the accountant's mapping, a pull request's
change); this module asks each of them once, on books loaded once, and returns
the findings with what the books hold (`sif.reports.check`). The CLI prints
them, as text, JSON or a CI job summary.

It sits above every package it asks, below the CLI.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sif.accounting.mapping import mapping_errors
from sif.alerts.debt import debt_warnings
from sif.documents.archive import archive_warnings
from sif.documents.glyphs import unprintable
from sif.documents.late import late_warnings
from sif.documents.plugin import Scope, scope
from sif.ledger.balances import compute_balances
from sif.ledger.books import Books, load_books, main_file, sorted_errors
from sif.ledger.limits import limit_warnings
from sif.ledger.plugin import file_state
from sif.ledger.trades import iter_trades
from sif.model.cache import remembered
from sif.privacy.minimal import unused_field_warnings
from sif.privacy.remotes import remote_warnings
from sif.privacy.secrets import find_secrets
from sif.render.templates import TemplateError
from sif.reports.check import Counts, count_books
from sif.review import Review, load_and_review
from sif.review.workspace import duplicate_warnings, temporary_warnings, untracked_errors
from sif.site.checks import site_warnings


@dataclass(frozen=True)
class Findings:
    """What `sif check` found.

    Attributes:
      books: The books, loaded once.
      counts: What they hold.
      errors: Every error, sorted by file and line (the books fail the check if any).
      warnings: Every warning, in words.
      review: With a base ref, what the change does to the books; else None.
    """

    books: Books
    counts: Counts
    errors: list[Any]
    warnings: list[str]
    review: Review | None


def audit(
    root: Path, today: datetime.date, *, base: str | None = None, all_documents: bool = False
) -> Findings:
    """Check the books at `root` on `today`, compared with git `base` when given.

    With `all_documents`, every issued document's file is read again and no cache is used.
    Raises BooksNotFoundError when `root` holds no books, BaseRefError when `base` is unknown.
    """
    review: Review | None = None
    if base:
        main_file(root)
        books, review = load_and_review(root, base, fresh=all_documents)
    else:
        with scope(Scope(everything=all_documents)):
            books = load_books(root, fresh=all_documents)
    community = books.community

    # What follows from the books, the day, accounting.yaml and the templates'
    # fonts alone: a warm check (the books read from Beancount's cache) finds it
    # with the books' input hash, which covers the ledger and the YAML files.
    loaded = books.options.get("input_hash")
    inputs = [root / "accounting.yaml", *sorted((root / "templates").glob("*"))]
    key = ":".join([str(loaded), str(today), *(f"{p}={file_state(p)}" for p in inputs)])
    book_warnings, member_warnings, book_errors = (
        remembered(root, "check", key, lambda: _book_findings(books, today))
        if loaded
        else _book_findings(books, today)
    )
    warnings = list(book_warnings)
    warnings += temporary_warnings(root)
    warnings += member_warnings
    warnings += remote_warnings(root, os.environ)
    warnings += site_warnings(root, community, today)
    warnings += archive_warnings(books.options)
    included = books.options.get("include") or []
    errors = sorted_errors(
        books.errors
        + book_errors
        + untracked_errors(root)
        + find_secrets(root, (loaded, included) if loaded else None)
        + (review.errors if review else []),
        root,
    )
    return Findings(books, count_books(books), errors, warnings, review)


def _book_findings(books: Books, today: datetime.date) -> tuple[list[str], list[str], list[Any]]:
    """What `sif check` finds in the books alone: (warnings, warnings on member files,
    errors of the document fonts and the account mapping)."""
    root, community = books.root, books.community
    menu = community.menu
    warnings = late_warnings(books, today)
    if menu is not None:
        balances = compute_balances(books.entries, community, today)
        warnings += debt_warnings(community, balances)
        warnings += limit_warnings(community, balances, today)
        warnings += duplicate_warnings(iter_trades(books.entries, menu.currency.code), root)
    fiat = menu.currency.fiat if menu is not None else "EUR"
    code = menu.currency.code if menu is not None else ""
    errors = _unprintable(books) + mapping_errors(root, books.entries, fiat, code)
    return warnings, unused_field_warnings(community, root), errors


def _unprintable(books: Books) -> list[Any]:
    """The names and addresses the documents' fonts cannot print (checked with Typst)."""
    if books.community.menu is None:
        return []
    try:
        return unprintable(books.community)
    except TemplateError:
        return []  # a broken template is reported when documents are made
