"""Month locks: once a month is invoiced, its trades may not change.

Invoicing a month appends a lock to the ledger, a `custom` directive listing
the fingerprint of every trade it covered::

    2026-11-03 custom "sif-lock" "2026-10" "3f9a0c1d2e4b 9be01f2a7c3d ..."

A fingerprint is a short SHA-256 of everything that matters in a trade: date,
narration, metadata and postings (not its file or line, so moving a trade
between files or reformatting it is harmless). The plugin then reports every
trade of a locked month whose fingerprint is not in the lock (added or changed
after invoicing), and every fingerprint of the lock that no trade has any more
(changed or removed). Corrections of an invoiced month are made with credit
notes in a later month, never by editing the month.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from beancount.core import data

from sif.model.errors import SifError
from sif.model.period import label

LOCK = "sif-lock"
_IGNORED_META = frozenset(("filename", "lineno"))


class LockedMonthError(SifError):
    """A trade in an invoiced month was added, changed or removed."""


class Lock(NamedTuple):
    """A lock on one month.

    Attributes:
      month: "YYYY-MM".
      fingerprints: The fingerprints of the month's trades when it was locked, one per
        trade: two equal trades (say two coaching hours on one day) appear twice.
      entry: The custom directive.
    """

    month: str
    fingerprints: tuple[str, ...]
    entry: data.Custom


def month_of(date: datetime.date) -> str:
    """The label of the month that holds `date`, as the locks name months."""
    return label(date)


def fingerprint(entry: data.Transaction) -> str:
    """A short digest of what a trade says, independent of where it is written."""
    meta = sorted(
        (key, str(value))
        for key, value in entry.meta.items()
        if key not in _IGNORED_META and not key.startswith("__")
    )
    postings = sorted(
        (p.account, str(p.units.number), p.units.currency) if p.units else (p.account, "", "")
        for p in entry.postings
    )
    text = repr((entry.date.isoformat(), entry.narration, entry.payee, meta, postings))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def lock_entry(
    month: str, trades: Iterable[data.Transaction], date: datetime.date, filename: str = "<sif>"
) -> data.Custom:
    """The lock directive for `month` covering `trades`."""
    prints = " ".join(sorted(fingerprint(entry) for entry in trades))
    return data.Custom(
        data.new_metadata(filename, 0),
        date,
        LOCK,
        [(month, str), (prints, str)],
    )


def read_locks(entries: Iterable[data.Directive]) -> tuple[dict[str, Lock], list[SifError]]:
    """The locks in the ledger, by month."""
    locks: dict[str, Lock] = {}
    errors: list[SifError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != LOCK:
            continue
        values = [value for value, _ in entry.values]
        if len(values) != 2 or not all(isinstance(v, str) for v in values):
            errors.append(
                LockedMonthError(
                    entry.meta,
                    'a lock reads: DATE custom "sif-lock" "YYYY-MM" "FINGERPRINTS"; '
                    "locks are written by the month-end run, do not edit them",
                    entry,
                )
            )
            continue
        month, prints = values
        if month in locks:
            errors.append(
                LockedMonthError(
                    entry.meta, f"month {month} is locked twice; keep the first lock", entry
                )
            )
            continue
        locks[month] = Lock(month, tuple(sorted(prints.split())), entry)
    return locks, errors


def check_locks(locks: dict[str, Lock], trades: Iterable[data.Transaction]) -> list[SifError]:
    """Report trades of locked months that the lock does not cover, and vanished ones."""
    if not locks:
        return []
    errors: list[SifError] = []
    # Multisets, not sets: a copy of a locked trade is an added trade.
    locked = {month: Counter(lock.fingerprints) for month, lock in locks.items()}
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in trades:
        month = month_of(entry.date)
        lock = locks.get(month)
        if lock is None:
            continue
        print_ = fingerprint(entry)
        found[month][print_] += 1
        if found[month][print_] > locked[month][print_]:
            errors.append(
                LockedMonthError(
                    entry.meta,
                    f"{month} is already invoiced (locked on {lock.entry.date}), so this trade "
                    "cannot be added or changed: undo the change, book a new trade in an open "
                    "month, and correct an issued document with a credit note",
                    entry,
                )
            )
    for month, lock in sorted(locks.items()):
        missing = (locked[month] - found[month]).total()
        if missing:
            errors.append(
                LockedMonthError(
                    lock.entry.meta,
                    f"{missing} trade(s) invoiced for {month} were changed or removed: "
                    "restore them as they were (see the history in git)",
                    lock.entry,
                )
            )
    return errors
