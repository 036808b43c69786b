"""`sif statements`: write every member's statement of a month as PDF and HTML.

The files go to `out/statements/YYYY-MM/<member>.pdf` and `.html` below the
books (git-ignored: statements are made again from the books whenever
needed, and the ledger, not the statement, is the record).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sif.fsutil import atomic_write
from sif.ledger.books import Books, format_error, load_books
from sif.model.community import Community
from sif.model.period import Month
from sif.paths import STATEMENTS_OUT_DIR
from sif.render.templates import TemplateError
from sif.statements.compute import compute_statements
from sif.statements.model import Statement, StatementError
from sif.statements.parallel import map_statements
from sif.statements.render import (
    render_html,
    render_pdf,
    statement_view,
    templates_folder,
)

OUT_DIR = STATEMENTS_OUT_DIR


@dataclass
class StatementsResult:
    """What `write_statements` did.

    Attributes:
      month: The month.
      folder: Where the files are.
      statements: The statements made, by member id.
      files: The files written.
      unmade: Members whose statement could not be made, and why (the others were).
    """

    month: Month
    folder: Path
    statements: list[Statement] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    unmade: list[Unmade] = field(default_factory=list)


@dataclass(frozen=True)
class Unmade:
    """A member whose statement could not be made.

    Attributes:
      member: Member id.
      reason: Why, with the file and line to correct when known.
    """

    member: str
    reason: str

    def __str__(self) -> str:
        return f"{self.member}: {self.reason}"


#: Typst's words when a PDF/A document holds a character no font can show.
UNPRINTABLE = "could not be displayed"


def default_folder(root: Path, month: Month) -> Path:
    return root / OUT_DIR / str(month)


def checked_books(root: Path) -> Books:
    """The books, refusing ones with errors (a statement of wrong books misleads).

    Raises:
      StatementError: the books have errors.
    """
    books = load_books(root)
    if books.errors:
        raise StatementError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check). The first: "
            + format_error(books.errors[0], root)
        )
    return books


def write_statements(
    root: Path,
    month: Month,
    as_of: datetime.date,
    *,
    members: Iterable[str] | None = None,
    out: Path | None = None,
    templates: Path | None = None,
    progress: Callable[[Statement], None] | None = None,
    workers: int | None = None,
) -> StatementsResult:
    """Write the statements of `month`, made on `as_of`, as PDF and HTML.

    Args:
      root: The books.
      month: The month.
      as_of: The statement date (what is open is computed on this day).
      members: Only these members (default: everyone with something to report).
      out: The folder (default: out/statements/YYYY-MM below the books).
      templates: The templates folder (default: the books' templates/).
      progress: Called after each statement is written.
      workers: Processes to render with (default: one per core, for many statements).

    Raises:
      StatementError: the books have errors, the month is not invoiced, a
        member is unknown.
      TemplateError: a template has an error.
    """
    books = checked_books(root)
    statements = compute_statements(books.entries, books.community, month, as_of, members)
    folder = out if out is not None else default_folder(root, month)
    folder_templates = templates_folder(books.community, templates)
    result = StatementsResult(month, folder, statements)
    context = (books.community, folder_templates)
    rendered = map_statements(render_or_unmade, statements, context, workers)
    for statement, made in zip(statements, rendered, strict=True):
        if isinstance(made, str):
            why = unprintable_reason(statement, books.community, folder_templates, made)
            result.unmade.append(Unmade(statement.member.id, why))
            continue
        pdf, html = made
        pdf_path = folder / f"{statement.member.id}.pdf"
        html_path = folder / f"{statement.member.id}.html"
        atomic_write(pdf_path, pdf, sync=False)  # made again from the books whenever needed
        atomic_write(html_path, html, sync=False)
        result.files += [pdf_path, html_path]
        if progress is not None:
            progress(statement)
    return result


def render_or_unmade(
    statement: Statement, community: Community, templates: Path
) -> tuple[bytes, str] | str:
    """(PDF, HTML) of a statement, or Typst's message when it holds a character no font shows.

    Any other template error stops the run: it is the template's, not the member's.
    """
    try:
        return render_statement(statement, community, templates)
    except TemplateError as error:
        if UNPRINTABLE not in str(error):
            raise
        return str(error).splitlines()[-1] if str(error).strip() else UNPRINTABLE


def unprintable_reason(
    statement: Statement, community: Community, templates: Path, message: str
) -> str:
    """Why a statement cannot be printed: the member's field at its line, or Typst's words."""
    from sif.documents.glyphs import unprintable  # noqa: PLC0415 (Typst only when needed)

    found = unprintable(community, templates, members=[statement.member.id], concepts=())
    if found:
        return "; ".join(format_error(error, community.root) for error in found)
    return f"the statement cannot be printed ({message.removeprefix('error: ')})"


def render_statement(
    statement: Statement, community: Community, templates: Path
) -> tuple[bytes, str]:
    """(PDF, HTML) of a statement."""
    shown = statement_view(statement, community, templates)
    return render_pdf(statement, shown, templates), render_html(shown, templates)
