"""Invoiced months, checked once: their trades' rule checks remembered by content.

An invoiced month is locked and its trades are written into one month file
(`ledger/trades/YYYY-MM.beancount`, see `sif.ledger.migrate.compact`) that no
change may touch any more. Checking its trades against the rules again on
every load would find what it found the first time, so the plugin remembers,
per month file, the SHA-256 of its bytes and of the rules' inputs (the
version of sif and every member, concept, request and menu card file) with
which all its trades passed. While both stay the same the file's trades skip
`TradeRules.check`; a changed byte in the file, a changed member or tariff, or
another version of sif checks them again. Kept in the user's cache folder
(`sif.model.cache`, SIF_NO_CACHE=1 turns it off), never in the books.

Only the rule checks are skipped: the locks (a trade added to, changed in or
removed from an invoiced month), the credit limits and the feedback are
checked on the whole books as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from beancount.core import data

from sif import __version__
from sif.ledger.layout import MONTH_FILE
from sif.ledger.locks import month_of
from sif.model.cache import Verified
from sif.model.community import yaml_files


def rules_inputs(root: Path) -> str:
    """A digest of what the rules read besides the trade: sif's version and the YAML files."""
    digest = hashlib.sha256(__version__.encode())
    for path in yaml_files(root):
        if path.is_file():
            digest.update(f"{path}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Settled:
    """The locked month files whose trades all passed the rules with the same inputs.

    Args:
      root: The books.
      locked: The months that are locked ("YYYY-MM").
      entries: The ledger's entries.
    """

    def __init__(self, root: Path, locked: Iterable[str], entries: data.Directives) -> None:
        self.memory = Verified(root, "settled")
        months = set(locked)
        # A month file qualifies when every trade in it is of a locked month.
        candidates: dict[str, bool] = {}
        for entry in entries:
            if isinstance(entry, data.Transaction):
                name = entry.meta.get("filename")
                if isinstance(name, str) and MONTH_FILE.match(Path(name).name):
                    ok = month_of(entry.date) in months
                    candidates[name] = candidates.get(name, True) and ok
        self.keys: dict[str, str] = {}
        inputs = rules_inputs(root) if any(candidates.values()) else ""
        for name, ok in candidates.items():
            if not ok:
                continue
            try:
                content = hashlib.sha256(Path(name).read_bytes()).hexdigest()
            except OSError:
                continue
            self.keys[name] = f"{content}:{inputs}"
        self.skipped = {name for name, key in self.keys.items() if self.memory.holds(name, key)}
        self.failed: set[str] = set()

    def passed_before(self, entry: data.Transaction) -> bool:
        """True if `entry` lies in a locked month file that passed the rules unchanged."""
        return entry.meta.get("filename") in self.skipped

    def failed_in(self, entry: data.Transaction) -> None:
        """Note that a trade of `entry`'s file broke a rule: its file is not remembered."""
        name = entry.meta.get("filename")
        if isinstance(name, str):
            self.failed.add(name)

    def save(self) -> None:
        """Remember the locked month files all of whose trades passed."""
        for name, key in self.keys.items():
            if name not in self.failed:
                self.memory.keep(name, key)
        self.memory.save()
