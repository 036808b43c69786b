"""`sif documents archive`: older years of issued documents out of the working repository.

Every issued document is one UBL file whose SHA-256 the ledger books
(`sif.documents.stored`). After some years they are most of the repository.
`archive_documents` moves the files of the periods before a year into an
archive: a git repository of its own (a folder beside the books, say
`../books-archive`, pushed to its own remote), laid out as the books are
(`documents/YYYY-MM/<number>.xml`). The ledger keeps every booking, hash and
path, and records where the files went, once::

    2027-01-10 custom "sif-archive" "2025" "../books-archive"

(documents of periods before 2025 are in the archive at that path, relative to
the books; `SIF_ARCHIVE` names another place for it on one machine).

The documents plugin then verifies an archived document in the archive when
the archive is there (the very check, against the very hash booked), and
otherwise skips it and says so (`archive_warnings`): the weekly full
verification clones the archive beside the books. `sif check --base` accepts
the pull request that deletes the archived files only when each is in the
archive with its booked hash (`sif.review.frozen`).

The steps are ordered so that a kill leaves valid books: the archive is
written and committed, each copy checked; then the ledger records the
archive; then the files leave the working tree. Before the record every file is
still in the books; after it, a file still there is verified in place.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beancount.core import data

from sif.documents.booking import Issued, issued_documents
from sif.documents.migrate import MigratePdfError, remove_links
from sif.documents.stored import StoredDocumentError, issued_ubl
from sif.errors import SifException
from sif.fsutil import atomic_write, sync_folder
from sif.ledger.books import format_error, load_books
from sif.paths import LEDGER_DIR

ARCHIVE = "sif-archive"
#: The archive's place on this machine, when it is not where the ledger says.
ARCHIVE_ENV = "SIF_ARCHIVE"
#: Set by the documents plugin: {archive folder: archived documents it could not verify}.
SKIPPED_KEY = "sif_archive_skipped"
RECORD = "documents/archive.beancount"  # below ledger/


class ArchiveError(SifException):
    """The documents cannot be archived; the message says why, and nothing was changed."""


@dataclass(frozen=True)
class Archive:
    """Where the files of older documents are.

    Attributes:
      before: Documents of periods before this year are in the archive.
      path: The archive's folder, as the ledger gives it (relative to the books).
      entry: The `custom` entry.
    """

    before: int
    path: str
    entry: data.Custom


def read_archives(entries: Iterable[data.Directive]) -> list[Archive]:
    """The archives the ledger records, by year."""
    found = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == ARCHIVE and len(entry.values) >= 2:
            year, path = (str(value.value) for value in entry.values[:2])
            if year.isdigit():
                found.append(Archive(int(year), path, entry))
    return sorted(found, key=lambda archive: archive.before)


def archive_folder(root: Path, archive: Archive) -> Path:
    """The archive's folder on this machine (`SIF_ARCHIVE`, else the path the ledger gives)."""
    chosen = os.environ.get(ARCHIVE_ENV)
    return Path(chosen).resolve() if chosen else (root / archive.path).resolve()


def archive_of(doc: Issued, archives: list[Archive]) -> Archive | None:
    """The archive that holds `doc`'s file, if the ledger records one for its period."""
    year = int(doc.period[:4]) if doc.period[:4].isdigit() else doc.date.year
    return next((a for a in archives if year < a.before), None)


def ubl_folder(root: Path, doc: Issued, archives: list[Archive]) -> Path | None:
    """The archive folder that holds `doc`'s UBL file, or None when it is in the books."""
    archive = archive_of(doc, archives) if archives else None
    if archive is None or (root / doc.ubl).exists():
        return None
    return archive_folder(root, archive)


def archive_warnings(options: dict[str, Any]) -> list[str]:
    """What a load did not verify because an archive was not there."""
    skipped: dict[str, int] = options.get(SKIPPED_KEY) or {}
    return [
        f"{count} archived document(s) were not verified: their archive {folder} is not here. "
        f"Clone it there (or name its place with {ARCHIVE_ENV}=...) to verify them"
        for folder, count in sorted(skipped.items())
    ]


@dataclass
class ArchiveResult:
    """What `archive_documents` did.

    Attributes:
      before: The year.
      folder: The archive's folder.
      archived: The files moved (paths relative to the books).
      record: The ledger file recording the archive, or None if none was written.
    """

    before: int
    folder: Path
    archived: list[str] = field(default_factory=list)
    record: Path | None = None


def archive_documents(root: Path, before: int, to: Path, today: datetime.date) -> ArchiveResult:
    """Move the files of documents of periods before `before` into the archive `to`.

    Raises:
      ArchiveError: the books have errors, a file is not the one issued, the
        archive holds another file at the same place, or git fails.
    """
    books = load_books(root)
    if books.errors:
        raise ArchiveError(
            f"the books have {len(books.errors)} error(s); fix them first (sif check). "
            "The first: " + format_error(books.errors[0], root)
        )
    archives = read_archives(books.entries)
    folder = (to if to.is_absolute() else Path.cwd() / to).resolve()
    path = os.path.relpath(folder, root.resolve())
    resumed = bool(archives) and archives[-1].before == before
    if archives and (before < archives[-1].before or (resumed and archives[-1].path != path)):
        raise ArchiveError(
            f"documents before {archives[-1].before} are archived already, in "
            f"{archives[-1].path}; name a later year"
        )
    if before > today.year:
        raise ArchiveError(f"{before} has not begun: archive only years that have ended")
    if folder.is_relative_to(root.resolve()):
        raise ArchiveError(f"{to} is inside the books: the archive must be a folder of its own")
    result = ArchiveResult(before, folder)
    files = {}
    for doc in issued_documents(books.entries):
        if archive_of(doc, [_new(before)]) is None or not (root / doc.ubl).exists():
            continue
        try:
            files[doc.ubl] = issued_ubl(root, doc)
        except StoredDocumentError as error:
            raise ArchiveError(f"{error}; nothing was archived") from None
    if not files:
        return result
    _write_archive(folder, files, before)
    record = root / LEDGER_DIR / RECORD
    if not resumed:  # a run that was stopped half-way wrote it already
        text = (
            record.read_text(encoding="utf-8")
            if record.exists()
            else (
                "; Where the files of older documents are: written by `sif documents archive`.\n"
                "; Each booking keeps its UBL file's path and SHA-256; the plugin verifies "
                "them there.\n"
            )
        )
        atomic_write(record, text + f'{today} custom "{ARCHIVE}" "{before}" "{path}"\n')
        result.record = record
    # The documents plugin links each archived file where it is now.
    try:
        remove_links(root, books.entries, set(files))
    except MigratePdfError as error:
        raise ArchiveError(str(error)) from None
    for name in sorted(files):
        (root / name).unlink(missing_ok=True)
        result.archived.append(name)
        with contextlib.suppress(OSError):
            (root / name).parent.rmdir()  # the month's folder, once empty
    return result


def _new(before: int) -> Archive:
    return Archive(before, "", data.Custom({}, datetime.date.min, ARCHIVE, []))


def _write_archive(folder: Path, files: dict[str, bytes], before: int) -> None:
    """Write `files` into the archive repository `folder` and commit them; check every copy."""
    for name, content in files.items():
        target = folder / name
        if target.exists() and target.read_bytes() != content:
            raise ArchiveError(f"the archive {folder} holds another {name}; nothing was archived")
    for name, content in files.items():
        atomic_write(folder / name, content, sync=False)
    for month in {(folder / name).parent for name in files}:
        sync_folder(month)
    for name, content in files.items():
        if (folder / name).read_bytes() != content:
            raise ArchiveError(f"{folder / name} was not written whole; nothing was archived")
    _git(folder, "init", "-q")
    _git(folder, "add", "--", *sorted({name.split("/", 1)[0] for name in files}))
    if _git(folder, "status", "--porcelain"):
        try:
            who: tuple[str, ...] = () if _git(folder, "config", "user.email").strip() else _SIF
        except ArchiveError:  # no identity configured: git would refuse to commit
            who = _SIF
        _git(
            folder, *who, "commit", "-q", "-m", f"Issued documents of the periods before {before}"
        )


_SIF = ("-c", "user.name=sif", "-c", "user.email=sif@localhost")


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(  # noqa: S603 (fixed git commands)
            ["git", *args],  # noqa: S607 (git from PATH, as staff and CI run it)
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise ArchiveError(f"git cannot be run ({exc}); install git") from exc
    if result.returncode != 0:
        raise ArchiveError(f"git {args[0]} in {cwd} failed: {result.stderr.strip()}")
    return result.stdout
