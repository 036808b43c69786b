"""The Beancount plugin that guards issued documents.

Named in `ledger/main.beancount` after `sif.ledger.plugin`::

    plugin "sif.documents.plugin"

An issued document never changes. For every document booked in the ledger it
checks that the UBL file is there, that its SHA-256 is the one booked, and that
the amounts booked are those in the file; and per series and year, that the
numbers run 1, 2, 3, ... without a gap or a duplicate, in the order of their
issue dates (two branches that both issued documents and were merged fail
here). It also opens the operator's EUR accounts for members' receivables and
payables (done by sif.ledger.plugin).

Before: someone edits `Assets:Receivables:X 30.25 EUR` into `25.00 EUR` in an
issued document's entry. After: an error at that line, `F2026-00012: the
ledger books 25.00 EUR but the issued UBL file says 30.25 EUR ...`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount.core import data

from sif.documents.archive import SKIPPED_KEY, archive_folder, archive_of, read_archives
from sif.documents.booking import Issued, issued_documents
from sif.documents.numbering import Number, parse
from sif.ledger.plugin import PARTIAL_KEY, WATCHED_KEY, file_state, root_of
from sif.model.cache import Verified
from sif.model.errors import SifError

__plugins__ = ("validate",)


@dataclass(frozen=True)
class Scope:
    """Which issued files a load reads and hashes again.

    Attributes:
      trusted: (UBL path, booking) pairs verified before and unchanged since,
        as Git tells (`sif.review.documents`): not read again. A file is only
        trusted with the very booking it was verified against.
      everything: Read every file, even one the cache of verified files knows.
      files: False to read no file at all (the books of a base ref, whose files
        are not exported).
    """

    trusted: frozenset[tuple[str, str]] = frozenset()
    everything: bool = False
    files: bool = True


_scope = Scope()


@contextmanager
def scope(chosen: Scope) -> Iterator[None]:
    """Loads in this block verify the issued files as `chosen` says."""
    global _scope  # noqa: PLW0603 (plugins take no arguments from the command that loads)
    before, _scope = _scope, chosen
    try:
        yield
    finally:
        _scope = before


def booking_key(doc: Issued) -> str:
    """What a document's file is verified against: its number and booked hash and amounts."""
    return f"{doc.number}:{doc.sha256}:{doc.total}:{doc.net}"


class DocumentError(SifError):
    """An issued document's file or booking was changed, or is missing."""


class NumberingError(SifError):
    """Document numbers have a gap, a duplicate, or run against the dates."""


def validate(
    entries: data.Directives, options_map: dict[str, Any], config: str | None = None
) -> tuple[data.Directives, list[SifError]]:
    root = root_of(options_map, config)
    # The UBL files are not among the ledger's inputs (Fava would list thousands
    # of them as sources): `load_books` compares them with what was read here
    # before it trusts a cached load.
    watched: dict[str, str] = options_map.setdefault(WATCHED_KEY, {})
    skipped: list[str] = []
    issued = issued_documents(entries)
    archived: dict[str, int] = {}
    errors = check_documents(
        root, entries, watched=watched, skipped=skipped, issued=issued, archive_skipped=archived
    )
    if archived:
        options_map[SKIPPED_KEY] = archived
    if skipped:
        # Not every file was read: no cache may keep this load for a full check.
        options_map[PARTIAL_KEY] = f"{len(skipped)} issued files trusted to git"
    return with_links(root, entries, issued), errors


def with_links(root: Path, entries: data.Directives, issued: list[Issued]) -> data.Directives:
    """`entries` with a `document` entry for the PDF, and the UBL file, of every issued document
    that the ledger does not link itself.

    An issued document is stored once, as its UBL file with the PDF inside
    (`sif.documents.stored`); the PDF is produced below `out/` on demand. The
    link lets Fava list it as it listed the separate PDF file that books
    issued before kept (those keep their own `document` line until
    `sif documents migrate` removes file and line). The UBL file of an archived
    document (`sif.documents.archive`) is linked where the archive is.
    """
    from sif.documents.stored import document_link, pdf_link  # noqa: PLC0415

    linked: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if isinstance(entry, data.Document):
            suffix = entry.filename.rsplit(".", 1)[-1].lower()
            for link in entry.links or ():
                linked[link].add(suffix)
    archives = read_archives(entries)
    links = []
    for doc in issued:
        have = linked.get(doc.number, set())
        if "xml" not in have:
            archive = archive_of(doc, archives)
            where = root
            if archive is not None and not (root / doc.ubl).exists():
                where = archive_folder(root, archive)
            links.append(document_link(doc, where / doc.ubl))
        if "pdf" not in have:
            links.append(pdf_link(root, doc))
    if not links:
        return entries
    return sorted([*entries, *links], key=data.entry_sortkey)


def check_documents(
    root: Path,
    entries: data.Directives,
    files_of: set[str] | None = None,
    *,
    watched: dict[str, str] | None = None,
    skipped: list[str] | None = None,
    issued: list[Issued] | None = None,
    archive_skipped: dict[str, int] | None = None,
) -> list[SifError]:
    """The errors of the documents booked in `entries`.

    Args:
      root: The repository.
      entries: The ledger's entries.
      files_of: Check the files of these document numbers only (all when None);
        the numbering is always checked in full.
      watched: Filled with the state (`file_state`) of every file checked.
      skipped: Filled with the files left unread because the scope (`scope`)
        trusts them.
      issued: The documents booked in `entries`, when the caller has them.
      archive_skipped: Filled with the archived documents not verified because
        their archive is not here, by archive folder.
    """
    if issued is None:
        issued = issued_documents(entries)
    errors: list[SifError] = []
    numbered: dict[tuple[str, int], list[tuple[Number, Issued]]] = defaultdict(list)
    verified = Verified(root, "documents")
    archives = read_archives(entries)
    for doc in issued:
        number = parse(doc.number)
        if number is None or number.kind != doc.kind:
            errors.append(
                DocumentError(
                    doc.entry.meta,
                    f'"{doc.number}" is not a number of the {doc.kind} series; '
                    "document entries are written by `sif invoice`, do not edit them",
                    doc.entry,
                )
            )
            continue
        numbered[number.series].append((number, doc))
        if files_of is None or doc.number in files_of:
            # An unchanged file that matched this very booking before matches it still.
            against = booking_key(doc)
            if not _scope.files or (
                (doc.ubl, against) in _scope.trusted and not _scope.everything
            ):
                if skipped is not None:
                    skipped.append(doc.ubl)
                continue
            where = root
            archive = archive_of(doc, archives) if archives else None
            if archive is not None and not (root / doc.ubl).exists():
                # Archived (`sif.documents.archive`): verified there, when it is here.
                where = archive_folder(root, archive)
                if watched is not None:
                    watched[str(where)] = file_state(where)
                if not where.is_dir():
                    if archive_skipped is not None:
                        archive_skipped[str(where)] = archive_skipped.get(str(where), 0) + 1
                    continue
            if watched is not None:
                watched[str(where / doc.ubl)] = file_state(where / doc.ubl)
            if not _scope.everything and verified.passed(where / doc.ubl, against):
                continue
            file_errors = _check_file(where, doc)
            errors.extend(file_errors)
            if not file_errors:
                verified.remember(where / doc.ubl, against)
    verified.save()
    for (kind, year), docs in sorted(numbered.items()):
        errors.extend(_check_series(kind, year, docs))
    return errors


def _check_file(root: Path, doc: Issued) -> list[SifError]:
    from sif.documents.ubl import UblError, read_ubl  # noqa: PLC0415 (lxml only when needed)

    path = root / doc.ubl
    restore = (
        "restore it from git: an issued document never changes (correct it with a credit note)"
    )
    try:
        content = path.read_bytes()
    except OSError:
        return [
            DocumentError(
                doc.entry.meta,
                f"{doc.number}: its UBL file {doc.ubl} is missing; {restore}",
                doc.entry,
            )
        ]
    if hashlib.sha256(content).hexdigest() != doc.sha256:
        return [
            DocumentError(
                doc.entry.meta,
                f"{doc.number}: the UBL file {doc.ubl} was changed after it was issued "
                f"(its SHA-256 is not the one booked); {restore}",
                doc.entry,
            )
        ]
    try:
        ubl = read_ubl(content)
    except UblError as exc:
        return [
            DocumentError(
                doc.entry.meta, f"{doc.number}: {doc.ubl} cannot be read ({exc})", doc.entry
            )
        ]
    booked = (doc.number, doc.total, doc.net)
    filed = (ubl.number, ubl.total, ubl.net)
    if booked != filed:
        return [
            DocumentError(
                doc.entry.meta,
                f"{doc.number}: the ledger books {doc.total} (net {doc.net}) but the issued UBL "
                f"file {ubl.number} says {ubl.total} (net {ubl.net}): the booking was edited; "
                f"{restore}",
                doc.entry,
            )
        ]
    return []


def _check_series(kind: str, year: int, docs: list[tuple[Number, Issued]]) -> list[SifError]:
    errors: list[SifError] = []
    seen: dict[int, Issued] = {}
    for number, doc in docs:
        if number.sequence in seen:
            errors.append(
                NumberingError(
                    doc.entry.meta,
                    f"{doc.number} is issued twice (also at {seen[number.sequence].entry.meta.get('filename')}:"
                    f"{seen[number.sequence].entry.meta.get('lineno')}); two branches issued documents: "
                    "keep one branch's run and issue the other again",
                    doc.entry,
                )
            )
        seen[number.sequence] = doc
    ordered = sorted(seen.items())
    for expected, (sequence, doc) in enumerate(ordered, start=1):
        if sequence != expected:
            errors.append(
                NumberingError(
                    doc.entry.meta,
                    f"{doc.number}: the {kind} numbers of {year} skip from {expected - 1} to "
                    f"{sequence}; numbers must have no gaps (a document was removed?)",
                    doc.entry,
                )
            )
            break
    for (_, before), (_, after) in itertools.pairwise(ordered):
        if after.date < before.date:
            errors.append(
                NumberingError(
                    after.entry.meta,
                    f"{after.number} is dated {after.date}, before {before.number} ({before.date}): "
                    "numbers must follow the issue dates",
                    after.entry,
                )
            )
    return errors
