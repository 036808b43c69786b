"""What a change may not touch: everything issued, and the months already invoiced.

Issued means frozen. Every entry the month-end run booked (in
`ledger/documents/`: documents, set-offs, locks) must still be in the books,
unchanged; every file below `documents/` (the UBL and PDF of each document)
must still be there, byte for byte (but for a separate copy of a PDF that
is byte-identical to the one inside its UBL file: `embedded_copies`); and no trade of a month locked at the
base may be added, changed or removed. The plugins catch most of this in the
working tree alone, but not all: a change that edits a document *and* its
file, or removes a lock together with the trades it covered, checks clean on
its own. Comparing with the base catches it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path
from typing import Any

from beancount.core import data
from beancount.parser import printer

from sif.documents.archive import archive_folder, archive_of, read_archives
from sif.documents.booking import Issued, issued_documents
from sif.documents.issue import LEDGER_DOCUMENTS
from sif.documents.model import KINDS
from sif.documents.stored import StoredDocumentError, issued_pdf, issued_ubl, pdf_name
from sif.ledger.books import Books, relative
from sif.ledger.locks import LOCK, Lock, month_of, read_locks
from sif.model.errors import SifError, source
from sif.model.menu import Dated, MenuCard
from sif.paths import DOCUMENTS_DIR, LEDGER_DIR
from sif.review.files import folder_of as _folder_of
from sif.review.files import relative_name as _relative
from sif.review.gitbase import blob_id, blob_ids
from sif.review.trades import TradeChange, describe, place

RESTORE = "undo this change: issued documents never change (correct one with `sif invoice credit`)"


class IssuedChangedError(SifError):
    """Something already issued was changed or removed."""


class LockedMonthChangedError(SifError):
    """A trade of a month invoiced at the base was added, changed or removed."""


class TariffChangedError(SifError):
    """A dated value of the menu card in force in an invoiced month was changed."""


def _under(path: Any, folder: Path) -> bool:
    try:
        return _folder_of(str(path)).is_relative_to(folder.resolve())
    except OSError:
        return False


def _digest(entry: data.Directive, root: Path) -> str:
    """What an entry says, without where it is written (paths relative to the books).

    A link to a separate PDF file below documents/ (as books issued before
    wrote one) says what the documents plugin's link to the PDF produced from
    the UBL file says (`sif.documents.stored`): `sif documents migrate` turns
    the one into the other.
    """
    if isinstance(entry, data.Document):
        name = _relative(entry.filename, root)
        if name.lower().endswith(".pdf") and name.startswith(f"{DOCUMENTS_DIR}/"):
            name = pdf_name(name)
        elif entry.links and name.lower().endswith(".xml"):
            # An issued UBL file is proven by the hash its booking holds, wherever it
            # is: in the books, or in an archive (`sif.documents.archive`).
            name = f"{DOCUMENTS_DIR}/.../{Path(name).name}"
        entry = entry._replace(filename=name)
    return printer.format_entry(entry)


def _base_source(entry: data.Directive, base: Books, head: Books) -> dict[str, Any]:
    """An error source in the working tree at the place the entry had at the base."""
    path = relative(str(entry.meta.get("filename", "")), base.root)
    return source(str(head.root / path), int(entry.meta.get("lineno") or 0))


def _booked_by_file(books: Books) -> dict[str, list[data.Directive]]:
    """The entries of the files below ledger/documents/, by path relative to the books."""
    folder = books.root / LEDGER_DIR / LEDGER_DOCUMENTS
    by_name: dict[str, list[data.Directive]] = {}
    for entry in books.entries:
        by_name.setdefault(str(entry.meta.get("filename", "")), []).append(entry)
    return {
        _relative(filename, books.root): entries
        for filename, entries in by_name.items()
        if filename and _under(filename, folder)
    }


def identical_files(base: Books, head: Books) -> set[str]:
    """The ledger files (relative to the books) that are byte for byte the same at the base
    and now: their entries are the same on both sides, and need no comparing one by one."""
    names = {str(e.meta.get("filename", "")) for e in base.entries}
    same = set()
    for filename in names:
        if not filename or filename.startswith("<"):
            continue
        name = _relative(filename, base.root)
        try:
            if (base.root / name).read_bytes() == (head.root / name).read_bytes():
                same.add(name)
        except OSError:
            continue
    return same


def issued_entry_errors(
    base: Books, head: Books, ref: str, same: set[str] | None = None
) -> list[SifError]:
    """An error for each entry booked by the month-end run at `ref` that is not in the books now.

    A file below ledger/documents/ that is byte for byte the same at `ref` and
    now (`same`, see `identical_files`) holds the same entries on both sides (a
    locked month's bookings, in every pull request but the month-end's): only
    the entries of the files that differ are compared, so the cost follows the
    change, not the years.
    """
    at_base, at_head = _booked_by_file(base), _booked_by_file(head)
    if same is None:
        same = identical_files(base, head)
    frozen = [e for name, entries in at_base.items() if name not in same for e in entries]
    now = Counter(
        _digest(e, head.root)
        for name, entries in at_head.items()
        if name not in same
        for e in entries
    )
    elsewhere: Counter[str] | None = None  # entries moved out of ledger/documents/: rare
    documents = {doc.number: doc for doc in issued_documents(head.entries)}
    locks, _ = read_locks(head.entries)
    errors: list[SifError] = []
    for entry in frozen:
        digest = _digest(entry, base.root)
        if now[digest]:
            now[digest] -= 1
            continue
        if elsewhere is None:
            inside = {id(e) for entries in at_head.values() for e in entries}
            elsewhere = Counter(_digest(e, head.root) for e in head.entries if id(e) not in inside)
        if elsewhere[digest]:
            elsewhere[digest] -= 1
            continue
        was = f"{place(entry, base.root)} at {ref}"
        if isinstance(entry, data.Transaction) and entry.meta.get("document") in KINDS:
            number = str(entry.meta.get("number"))
            doc = documents.get(number)
            if doc is not None:
                errors.append(
                    IssuedChangedError(
                        doc.entry.meta,
                        f"{number} was issued on {entry.date} and its ledger entry is changed "
                        f"here (compare with {was}); {RESTORE}",
                        doc.entry,
                    )
                )
                continue
            message = f"{number} was issued on {entry.date} ({was}) and is removed here; {RESTORE}"
        elif isinstance(entry, data.Custom) and entry.type == LOCK:
            month = str(entry.values[0].value) if entry.values else "?"
            lock = locks.get(month)
            if lock is not None:
                errors.append(
                    IssuedChangedError(
                        lock.entry.meta,
                        f"the lock of {month} is changed here (compare with {was}): locks are "
                        "written by the month-end run; undo this change",
                        lock.entry,
                    )
                )
                continue
            message = (
                f"{month} was locked on {entry.date} ({was}) and the lock is removed here: "
                "an invoiced month stays locked; undo this change"
            )
        else:
            first = printer.format_entry(entry).splitlines()[0]
            message = (
                f"an entry the month-end run booked ({was}: {first}) is changed or removed "
                f"here; {RESTORE}"
            )
        errors.append(IssuedChangedError(_base_source(entry, base, head), message, None))
    return errors


def issued_file_errors(head: Books, changed: list[tuple[str, str]], ref: str) -> list[SifError]:
    """An error for each file below documents/ at `ref` that is changed or gone now.

    Args:
      head: The books in the working tree.
      changed: (git status, path) of the files below documents/ that differ
        from `ref` (see `gitbase.changed_paths`); added files are new documents.
    """
    if not [name for status, name in changed if status != "A"]:
        return []
    booked: dict[str, dict[str, Any]] = {}
    for entry in head.entries:
        if isinstance(entry, data.Document):
            booked.setdefault(_relative(entry.filename, head.root), entry.meta)
    issued = issued_documents(head.entries)
    for doc in issued:
        booked[doc.ubl] = doc.entry.meta
    embedded = embedded_copies(head, issued, changed, ref) | archived_files(head, issued, changed)
    errors: list[SifError] = []
    for status, name in sorted(changed, key=lambda item: item[1]):
        if status == "A" or name in embedded:
            continue
        what = "is deleted" if status == "D" else "is changed"
        where = booked.get(name) or source(str(head.root / name), 0)
        errors.append(
            IssuedChangedError(
                where, f"{name} was issued (it is in {ref}) and {what} here; {RESTORE}", None
            )
        )
    return errors


def embedded_copies(
    head: Books, issued: list[Issued], changed: list[tuple[str, str]], ref: str
) -> set[str]:
    """The PDF files deleted since `ref` that are byte-identical to the PDF inside their
    document's UBL file, itself unchanged since `ref` and checked against its booked hash.

    Such a file was a copy (books issued before stored each PDF twice): the
    document is still whole, in the one file the ledger's hash proves
    (`sif documents migrate`). Git's blob id of the file at `ref` is compared
    with the blob id of the embedded PDF, so the deleted file is not read.
    """
    differ = {name for _, name in changed}
    by_pdf = {
        str(Path(doc.ubl).with_suffix(".pdf")): doc
        for doc in issued
        if doc.ubl.startswith(f"{DOCUMENTS_DIR}/") and doc.ubl not in differ
    }
    deleted = {name: by_pdf[name] for status, name in changed if status == "D" and name in by_pdf}
    if not deleted:
        return set()
    at_ref = blob_ids(head.root, ref, DOCUMENTS_DIR)
    proven = set()
    for name, doc in deleted.items():
        try:
            pdf = issued_pdf(head.root, doc)
        except StoredDocumentError:
            continue  # the plugin reports the UBL file; the deletion stays an error
        known = at_ref.get(name, "")
        if known and known == blob_id(pdf, sha256=len(known) == 64):
            proven.add(name)
    return proven


def archived_files(head: Books, issued: list[Issued], changed: list[tuple[str, str]]) -> set[str]:
    """The UBL files deleted since the base that are in the archive the ledger records for
    them (`sif.documents.archive`), with the very SHA-256 their booking holds.

    An archive that is not here proves nothing: the deletion stays an error
    until it is cloned where the ledger says (or `SIF_ARCHIVE` names it).
    """
    archives = read_archives(head.entries)
    deleted = {name for status, name in changed if status == "D"}
    if not archives or not deleted:
        return set()
    proven = set()
    for doc in issued:
        archive = archive_of(doc, archives) if doc.ubl in deleted else None
        if archive is None:
            continue
        try:
            issued_ubl(archive_folder(head.root, archive), doc)
        except StoredDocumentError:
            continue
        proven.add(doc.ubl)
    return proven


def locked_month_errors(
    base: Books, head: Books, changes: list[TradeChange], ref: str
) -> list[SifError]:
    """An error for each trade added, changed or removed in a month locked at `ref`."""
    locks, _ = read_locks(base.entries)
    code = base.community.menu.currency.code if base.community.menu else ""
    errors: list[SifError] = []
    for change in changes:
        months = {month_of(t.date) for t in (change.old, change.new) if t is not None}
        lock: Lock | None = next((locks[m] for m in sorted(months) if m in locks), None)
        if lock is None:
            continue
        what = {"added": "adds", "changed": "changes", "removed": "removes"}[change.action]
        message = (
            f"{lock.month} was invoiced at {ref} (locked on {lock.entry.date}), and this change "
            f"{what} a trade of it: undo it, book the service in an open month, and correct "
            "issued documents with a credit note (`sif invoice credit`)"
        )
        if change.new is not None:
            errors.append(
                LockedMonthChangedError(change.new.entry.meta, message, change.new.entry)
            )
        else:
            assert change.old is not None
            message += (
                f". It was {place(change.old.entry, base.root)}: {describe(change.old, code)}"
            )
            errors.append(
                LockedMonthChangedError(_base_source(change.old.entry, base, head), message, None)
            )
    return errors


def tariff_errors(base: Books, head: Books, ref: str) -> list[SifError]:
    """Dated values in force in a month invoiced at `ref` that are changed or removed now."""
    old, new = base.community.menu, head.community.menu
    locks, _ = read_locks(base.entries)
    if old is None or new is None or not locks:
        return []
    last = max(locks)
    year, month = int(last[:4]), int(last[5:7])
    end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    errors: list[SifError] = []
    for what, line, before, after in _histories(old, new):
        gone = [d for d in before if d.start <= end and d not in after]
        for dated in gone:
            errors.append(
                TariffChangedError(
                    source(new.filename, line),
                    f"{what}: the line from {dated.start} ({dated.value}) is changed or removed, "
                    f"but it was in force in months already invoiced (up to {last}, at {ref}); "
                    "restore it and add a new dated line for the new value",
                    None,
                )
            )
    return errors


def _histories(
    old: MenuCard, new: MenuCard
) -> list[tuple[str, int, tuple[Dated, ...], tuple[Dated, ...]]]:
    result = [
        ("currency.values", 0, old.currency.values, new.currency.values),
        ("vat", 0, old.vat, new.vat),
    ]
    for service_id, service in old.services.items():
        now = new.services.get(service_id)
        result.append(
            (
                f'service "{service_id}" tariffs',
                now.line if now else 0,
                service.tariffs,
                now.tariffs if now else (),
            )
        )
    return result
