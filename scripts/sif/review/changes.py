"""What a change does to the books, in words, and whether it may (`sif check --base REF`).

Before (a pull request that books a session and edits an issued invoice)::

    $ sif check --base origin/main
    What this change does to the books, compared with origin/main:
      ledger/trades/2026-11.beancount:3: adds a trade: 2026-11-04: an-claes to
        de-buurtkeuken, strengthening-session x 1, 2.50 SIF ("Versterkingssessie")
    ledger/documents/2026-10.beancount:4: F2026-00001 was issued on 2026-11-03 and
      its ledger entry is changed here (...); undo this change ...

and the exit code is 1.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sif.documents.booking import issued_documents
from sif.documents.plugin import Scope, scope
from sif.ledger.accounts import MEMBER_ROOTS, member_of
from sif.ledger.books import Books, BooksNotFoundError, load_books, main_file, relative
from sif.ledger.locks import read_locks
from sif.model.community import load_community
from sif.model.errors import SifError, source
from sif.model.menu import Dated, MenuCard
from sif.paths import CONCEPTS_DIR, DOCUMENTS_DIR, MEMBERS_DIR, MENU_FILE
from sif.review.documents import trusted_scope
from sif.review.frozen import (
    LockedMonthChangedError,
    identical_files,
    issued_entry_errors,
    issued_file_errors,
    locked_month_errors,
    tariff_errors,
)
from sif.review.gitbase import changed_paths, export_books
from sif.review.trades import describe, differences, place, trade_changes

_NOT_COMPARED = frozenset(("id", "filename", "line", "partners_line"))


class MemberStillNamedError(SifError):
    """A member file was deleted while the books still name the member."""


class Change(NamedTuple):
    """One thing a change does to the books.

    Attributes:
      kind: "trade", "member", "concept", "menu", "document" or "lock".
      action: "added", "changed", "removed" (a document: "issued").
      where: `path:line` (or `path`) in the working tree, or "" when it is gone.
      text: What it does, as a sentence that starts with a verb ("adds a trade: ...").
    """

    kind: str
    action: str
    where: str
    text: str


@dataclass(frozen=True)
class Review:
    """The difference between the books at a git ref and in the working tree.

    Attributes:
      ref: The git ref compared with.
      changes: What the change does, in the order of the kinds above.
      errors: Changes to what is issued or locked, and deleted members still named.
    """

    ref: str
    changes: list[Change] = field(default_factory=list)
    errors: list[SifError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Changes per "kind action", like {"trade added": 2}."""
        result: dict[str, int] = {}
        for change in self.changes:
            key = f"{change.kind} {change.action}"
            result[key] = result.get(key, 0) + 1
        return result


def load_and_review(root: Path, ref: str, *, fresh: bool = False) -> tuple[Books, Review]:
    """Load the books at `root`, reading only the issued files changed since `ref`; review them.

    The books at `ref` are loaded first; the issued files that git says are
    unchanged since `ref`, booked as they were there, are not read again
    (`sif.review.documents`). With `fresh`, nothing comes from a cache and
    every issued file is read.

    Raises:
      BaseRefError: as `review_change`.
      BooksNotFoundError: `root` holds no books.
    """
    with tempfile.TemporaryDirectory(prefix="sif-base-") as tmp:
        base_root = export_books(root, ref, Path(tmp))
        try:
            base: Books | None = parsed_books(base_root)
        except BooksNotFoundError:
            base = None  # the change creates the books
        issued = changed_paths(root, ref, DOCUMENTS_DIR)
        chosen = (
            Scope(everything=True)
            if fresh
            else trusted_scope(root, ref, base, issued, DOCUMENTS_DIR)
        )
        with scope(chosen):
            head = load_books(root, fresh=fresh, keep=fresh or not chosen.trusted)
        return head, compare(base, head, ref, issued)


def parsed_books(root: Path) -> Books:
    """The books at `root` as written: parsed, without the plugins, booking or checks.

    What a review compares with (trades, the month-end's entries, locks,
    members, the menu card) is all in the text; the base ref's books were
    checked when it was. Parsing alone is what loading the base costs here,
    instead of a second full load (`load_books`) in every pull request.

    Raises:
      BooksNotFoundError: `root` holds no books.
    """
    from beancount import loader  # noqa: PLC0415
    from beancount.core import data  # noqa: PLC0415

    main = main_file(root)
    # Beancount's loader parses a file and its includes so (its public `load_file`
    # would book, run the plugins and validate as well).
    entries, errors, options = loader._parse_recursive([(str(main), True)], None, None)
    entries.sort(key=data.entry_sortkey)
    return Books(root, entries, errors, options, load_community(root))


def review_change(head: Books, ref: str) -> Review:
    """Compare the books `head` (the working tree) with the books committed at `ref`.

    Raises:
      BaseRefError: git is missing, the folder is not in a repository, or the
        ref names no commit.
    """
    with tempfile.TemporaryDirectory(prefix="sif-base-") as tmp:
        base_root = export_books(head.root, ref, Path(tmp))
        try:
            base: Books | None = load_books(base_root)
        except BooksNotFoundError:
            base = None  # the change creates the books
        issued = changed_paths(head.root, ref, DOCUMENTS_DIR)
        return compare(base, head, ref, issued)


def compare(
    base: Books | None, head: Books, ref: str, issued: list[tuple[str, str]] | None = None
) -> Review:
    """The review of `head` against `base` (None: there were no books at `ref`).

    `issued` holds (git status, path) of the files below documents/ that differ
    from `ref`.
    """
    code = head.community.menu.currency.code if head.community.menu else ""
    review = Review(ref)
    same = identical_files(base, head) if base is not None else set()
    changes = trade_changes(base, head, same)
    verbs = {"added": "adds", "changed": "changes", "removed": "removes"}
    for change in changes:
        if change.action == "added" and change.new is not None:
            text = f"adds a trade: {describe(change.new, code)}"
            where = place(change.new.entry, head.root)
        elif change.action == "changed" and change.old is not None and change.new is not None:
            text = (
                f"changes a trade: {describe(change.new, code)}; "
                f"{differences(change.old, change.new, code)}"
            )
            where = place(change.new.entry, head.root)
        else:
            assert change.old is not None and base is not None
            text = (
                f"removes a trade (it was {place(change.old.entry, base.root)}): "
                f"{describe(change.old, code)}"
            )
            where = ""
        review.changes.append(Change("trade", change.action, where, text))
    review.changes.extend(_yaml_changes(base, head, verbs))
    review.changes.extend(_issued(base, head))
    if base is not None:
        errors = issued_entry_errors(base, head, ref, same)
        errors += issued_file_errors(head, issued or [], ref)
        errors += tariff_errors(base, head, ref)
        # The plugin already reports a trade added or changed in a month locked in the
        # working tree, at the same line; say it once.
        flagged = {_at(e) for e in head.errors if type(e).__name__ == "LockedMonthError"}
        errors += [
            e
            for e in locked_month_errors(base, head, changes, ref)
            if not (isinstance(e, LockedMonthChangedError) and _at(e) in flagged)
        ]
        errors += _deleted_members(base, head)
        review.errors.extend(errors)
    return review


def _at(error: SifError) -> tuple[str, int]:
    return str(error.source.get("filename")), int(error.source.get("lineno") or 0)


def _fields(record: Any) -> dict[str, Any]:
    return {
        f.name: getattr(record, f.name)
        for f in dataclasses.fields(record)
        if f.name not in _NOT_COMPARED
    }


def _yaml_changes(base: Books | None, head: Books, verbs: dict[str, str]) -> list[Change]:
    old_members = base.community.members if base else {}
    old_concepts = base.community.concepts if base else {}
    result = []
    for kind, folder, old, new in (
        ("member", MEMBERS_DIR, old_members, head.community.members),
        ("concept", CONCEPTS_DIR, old_concepts, head.community.concepts),
    ):
        for key in sorted(set(old) | set(new)):
            before, after = old.get(key), new.get(key)
            where = f"{folder}/{key}.yaml"
            if before is None and after is not None:
                result.append(Change(kind, "added", where, f"adds {kind} {key} ({after.name})"))
            elif after is None and before is not None:
                if (head.root / where).is_file():
                    # The file is there but cannot be read: its error is the news.
                    text = f"{where} cannot be read (see its error above): fix it; not a removal"
                    result.append(Change(kind, "changed", where, text))
                else:
                    text = f"removes {kind} {key} ({before.name})"
                    result.append(Change(kind, "removed", "", text))
            elif before is not None and after is not None:
                a, b = _fields(before), _fields(after)
                changed = [name for name in a if a[name] != b[name]]
                if changed:
                    text = f"changes {kind} {key}: {', '.join(changed)}"
                    result.append(Change(kind, "changed", where, text))
    old_menu = base.community.menu if base else None
    new_menu = head.community.menu
    if new_menu is not None and old_menu is None:
        text = "adds the menu card" if base is None else "repairs the menu card"
        result.append(Change("menu", "added", MENU_FILE, text))
    elif new_menu is not None and old_menu is not None:
        parts = _menu_parts(old_menu, new_menu)
        if parts:
            text = "changes the menu card: " + "; ".join(parts)
            result.append(Change("menu", "changed", MENU_FILE, text))
    return result


def _menu_parts(old: MenuCard, new: MenuCard) -> list[str]:
    parts = []
    for service_id in sorted(set(old.services) | set(new.services)):
        before, after = old.services.get(service_id), new.services.get(service_id)
        if before is None:
            parts.append(f"adds service {service_id}")
        elif after is None:
            parts.append(f"removes service {service_id}")
        else:
            a, b = _fields(before), _fields(after)
            for name in (n for n in a if a[n] != b[n]):
                parts.append(f"{service_id} {name} {_dated(a[name])} -> {_dated(b[name])}")
    for name, value in _fields(old).items():
        if name != "services" and value != getattr(new, name):
            parts.append(f"{name} {_dated(value)} -> {_dated(getattr(new, name))}")
    return parts


def _dated(value: Any) -> str:
    """A value of the menu card in words: dated lines as "2.5 from 2026-01-01"."""
    if value is None:
        return "none"
    if isinstance(value, tuple) and all(isinstance(v, Dated) for v in value):
        return ", ".join(f"{v.value} from {v.start}" for v in value) or "none"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return "(" + ", ".join(f"{k} {_dated(v)}" for k, v in _fields(value).items()) + ")"
    if isinstance(value, dict):
        return "(" + ", ".join(f"{k} {_dated(v)}" for k, v in value.items()) + ")"
    return str(value)


def _issued(base: Books | None, head: Books) -> list[Change]:
    before = {doc.number for doc in issued_documents(base.entries)} if base else set()
    old_locks = read_locks(base.entries)[0] if base else {}
    result = []
    for doc in issued_documents(head.entries):
        if doc.number in before:
            continue
        currency = next((p.units.currency for p in doc.entry.postings if p.units), "")
        text = (
            f"issues {doc.number}: {doc.kind} for {doc.member}, services of {doc.period}, "
            f"{doc.total} {currency} ({doc.net} + VAT {doc.tax})"
        )
        result.append(Change("document", "issued", place(doc.entry, head.root), text))
    for month, lock in sorted(read_locks(head.entries)[0].items()):
        if month not in old_locks:
            count = len(lock.fingerprints)
            text = f"locks {month}: its {count} trade(s) are invoiced and may no longer change"
            result.append(Change("lock", "added", place(lock.entry, head.root), text))
    return result


def _deleted_members(base: Books, head: Books) -> list[SifError]:
    gone = {
        member
        for member in set(base.community.members) - set(head.community.members)
        if not (head.root / MEMBERS_DIR / f"{member}.yaml").is_file()  # unreadable, not deleted
    }
    if not gone:
        return []
    named: dict[str, list[dict[str, Any]]] = {member: [] for member in gone}
    for entry in head.entries:
        filename = str(entry.meta.get("filename", ""))
        if not filename.endswith(".beancount"):
            continue  # the plugin's own opens and prices
        members = {str(entry.meta.get("member", ""))}
        for posting in getattr(entry, "postings", None) or []:
            members.update(member_of(posting.account, root) or "" for root in MEMBER_ROOTS)
        for member in members & gone:
            named[member].append(entry.meta)
    for concept in head.community.concepts.values():
        for member in set(concept.partners) & gone:
            named[member].append(source(concept.filename, concept.partners_line))
    menu = head.community.menu
    if menu is not None and menu.operator in gone:
        named[menu.operator].append(source(menu.filename, 0))
    errors: list[SifError] = []
    for member, places in sorted(named.items()):
        if not places:
            continue
        listed = ", ".join(
            f"{relative(str(p['filename']), head.root)}:{p['lineno']}" for p in places[:5]
        )
        more = f" and {len(places) - 5} more" if len(places) > 5 else ""
        errors.append(
            MemberStillNamedError(
                places[0],
                f"members/{member}.yaml is deleted, but the books still name {member} "
                f"({listed}{more}): restore the file; a member who leaves gets `left: DATE`",
                None,
            )
        )
    return errors
