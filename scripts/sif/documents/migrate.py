"""`sif documents migrate`: remove the separate PDF copies of documents already issued.

Books issued before stored each PDF twice: as `documents/YYYY-MM/<number>.pdf`
and, base64, inside `<number>.xml`, the UBL file whose SHA-256 the ledger
books. Now the UBL file is the one stored file and the PDF is produced from it
(`sif.documents.stored`). For every issued document this

1. checks its UBL file against the booked SHA-256 and decodes the PDF inside;
2. compares it byte for byte with the separate PDF file: if any one differs,
   nothing at all is changed and the command names them (then the separate
   file is not a copy, and a person must look);
3. removes the `document` lines that linked the separate PDFs for Fava from
   the ledger (each file rewritten atomically; the documents plugin links the
   produced PDF instead), then deletes the PDF files.

The bookings, their hashes and the UBL files are not touched. A kill at any
moment leaves valid books: a link line is removed before its file, and a PDF
file that no line links is still a copy a second run proves and removes.
Running it again changes nothing. `sif check --base` accepts the deletions
(`sif.review.frozen.embedded_copies`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from beancount.core import data
from beancount.parser import parser, printer

from sif.documents.booking import issued_documents
from sif.documents.stored import OUT_DIR, StoredDocumentError, issued_pdf
from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.books import format_error, load_books
from sif.paths import DOCUMENTS_DIR, LEDGER_DIR


class MigratePdfError(SifException):
    """The PDF copies cannot be removed; the message says why, and nothing was changed."""


@dataclass
class PdfMigration:
    """What `migrate_pdfs` did.

    Attributes:
      documents: Issued documents whose UBL file was checked.
      removed: The PDF files removed (paths relative to the books).
      links: `document` lines removed from the ledger.
      ledger_files: Ledger files rewritten.
      ignored: True if `/out/` was added to the books' .gitignore.
    """

    documents: int = 0
    removed: list[str] = field(default_factory=list)
    links: int = 0
    ledger_files: list[str] = field(default_factory=list)
    ignored: bool = False


def migrate_pdfs(root: Path) -> PdfMigration:
    """Remove the PDF copies of the issued documents of the books at `root` (see the module).

    Raises:
      MigratePdfError: the books have errors, a UBL file is not the one issued,
        or a PDF file differs from the PDF inside its UBL file.
    """
    books = load_books(root)
    if books.errors:
        raise MigratePdfError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check). "
            "The first: " + format_error(books.errors[0], root)
        )
    result = PdfMigration()
    copies: dict[str, str] = {}  # PDF path -> document number
    problems = []
    for doc in issued_documents(books.entries):
        result.documents += 1
        if not doc.ubl.startswith(f"{DOCUMENTS_DIR}/"):
            continue
        name = str(Path(doc.ubl).with_suffix(".pdf"))
        try:
            embedded = issued_pdf(root, doc)
        except StoredDocumentError as error:
            problems.append(str(error))
            continue
        try:
            separate = (root / name).read_bytes()
        except FileNotFoundError:
            continue  # stored once already
        if separate != embedded:
            problems.append(
                f"{doc.number}: {name} is not the PDF inside {doc.ubl} (they differ); it is "
                "not a copy, so it stays: find out which one was sent"
            )
            continue
        copies[name] = doc.number
    if problems:
        raise MigratePdfError(
            f"{len(problems)} document(s) stop the migration, and nothing was changed: "
            + "; ".join(problems)
        )
    result.ignored = ignore_out(root)
    _remove_links(root, books.entries, set(copies), result)
    for name in sorted(copies):
        (root / name).unlink(missing_ok=True)
        result.removed.append(name)
    return result


def _remove_links(
    root: Path, entries: data.Directives, copies: set[str], result: PdfMigration
) -> None:
    """Remove the `document` lines that link the PDF files `copies`, file by file."""
    removed = remove_links(root, entries, copies)
    result.links += sum(removed.values())
    result.ledger_files += sorted(removed)


def remove_links(root: Path, entries: data.Directives, files: set[str]) -> dict[str, int]:
    """Remove the `document` lines that link `files` (relative to the books) from the ledger.

    Each ledger file is rewritten atomically, after proving (by parsing it)
    that nothing but those lines changes. Returns the lines removed by ledger file.

    Raises:
      MigratePdfError: a link is not a line of its own, or the proof fails.
    """
    lines: dict[Path, set[int]] = {}
    for entry in entries:
        if not isinstance(entry, data.Document):
            continue
        try:
            name = str(Path(entry.filename).resolve().relative_to(root.resolve()))
        except ValueError:
            continue
        source = Path(str(entry.meta.get("filename", "")))
        if name in files and source.is_file():
            lines.setdefault(source, set()).add(int(entry.meta["lineno"]))
    ledger = (root / LEDGER_DIR).resolve()
    removed: dict[str, int] = {}
    for source, numbers in sorted(lines.items()):
        if not source.resolve().is_relative_to(ledger):
            continue
        before = source.read_text(encoding="utf-8")
        rows = before.splitlines(keepends=True)
        if any(rows[n - 1].split()[1:2] != ["document"] for n in numbers):
            raise MigratePdfError(f"{source}: a document link is not on a line of its own")
        after = "".join(row for n, row in enumerate(rows, 1) if n not in numbers)
        _prove(source, before, after, len(numbers))
        atomic_write(source, after)
        removed[str(source.resolve().relative_to(root.resolve()))] = len(numbers)
    return removed


def _prove(source: Path, before: str, after: str, removed: int) -> None:
    """Check that `after` holds every entry of `before` but `removed` document links."""

    def said(text: str) -> tuple[list[str], int]:
        entries, errors, _ = parser.parse_string(text, report_filename=str(source))
        if errors:
            raise MigratePdfError(
                f"{source} would not parse after the change; nothing was changed"
            )
        links = [e for e in entries if isinstance(e, data.Document)]
        return [printer.format_entry(e) for e in entries if not any(e is p for p in links)], len(
            links
        )

    (old, links_before), (new, links_after) = said(before), said(after)
    if old != new or links_before - links_after != removed:
        raise MigratePdfError(
            f"{source}: removing the document links would change other entries; "
            "nothing was changed"
        )


def ignore_out(root: Path) -> bool:
    """Add `/out/` (where PDFs are produced) to the books' .gitignore; True if it was added."""
    path = root / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if any(line.strip() in {"/out/", "out/", "/out"} for line in text.splitlines()):
        return False
    addition = f"# What sif makes again whenever needed (statements, the PDFs of issued documents).\n/{OUT_DIR}/\n"
    atomic_write(path, text + ("\n" if text and not text.endswith("\n") else "") + addition)
    return True
