"""Which trades a change adds, changes and removes, and how to say it.

Trades are matched by their lock fingerprint (date, narration, metadata and
postings, not their place), so moving or reformatting a trade is no change.
What is left on both sides is paired into "changed" trades when an old and a
new one share their date, service and narration, or else their date and
service; the rest was added or removed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from beancount.core import data

from sif.ledger.books import Books, relative
from sif.ledger.locks import fingerprint
from sif.ledger.trades import Trade, iter_trades
from sif.review.files import in_files

_IGNORED = frozenset(("filename", "lineno", "service", "quantity", "concept"))


class TradeChange(NamedTuple):
    """A trade that differs between the base and the working tree.

    Attributes:
      action: "added", "changed" or "removed".
      old: The trade at the base (changed, removed), or None.
      new: The trade in the working tree (added, changed), or None.
    """

    action: str
    old: Trade | None
    new: Trade | None

    @property
    def date(self) -> datetime.date:
        trade = self.new or self.old
        assert trade is not None
        return trade.date


def trades_of(books: Books | None) -> list[Trade]:
    if books is None or books.community.menu is None:
        return []
    return list(iter_trades(books.entries, books.community.menu.currency.code))


def trade_changes(
    base: Books | None, head: Books, same: set[str] | None = None
) -> list[TradeChange]:
    """The trades added, changed and removed, in the order of their dates.

    The trades of the files `same` (relative to the books), byte for byte the
    same on both sides, are left out: they are the same trades.
    """
    old = trades_of(base)
    new = trades_of(head)
    if same and base is not None:
        old = _outside(old, base.root, same)
        new = _outside(new, head.root, same)
    kept = Counter(fingerprint(t.entry) for t in old) & Counter(fingerprint(t.entry) for t in new)
    removed = _unmatched(old, kept.copy())
    added = _unmatched(new, kept.copy())
    changes: list[TradeChange] = []
    for key in (_strict_key, _loose_key):
        for before in list(removed):
            after = next((t for t in added if key(t) == key(before)), None)
            if after is not None:
                removed.remove(before)
                added.remove(after)
                changes.append(TradeChange("changed", before, after))
    changes += [TradeChange("added", None, t) for t in added]
    changes += [TradeChange("removed", t, None) for t in removed]
    return sorted(changes, key=lambda c: (c.date, c.action))


def _outside(trades: list[Trade], root: Path, same: set[str]) -> list[Trade]:
    kept = {id(entry) for entry in in_files([t.entry for t in trades], root, same)}
    return [trade for trade in trades if id(trade.entry) in kept]


def _unmatched(trades: Iterable[Trade], kept: Counter[str]) -> list[Trade]:
    result = []
    for trade in trades:
        print_ = fingerprint(trade.entry)
        if kept[print_]:
            kept[print_] -= 1
        else:
            result.append(trade)
    return result


def _strict_key(trade: Trade) -> tuple[object, ...]:
    return (trade.date, trade.service, trade.entry.narration)


def _loose_key(trade: Trade) -> tuple[object, ...]:
    return (trade.date, trade.service)


def place(entry: data.Directive, root: Path) -> str:
    """`path:line` of an entry, relative to the books' folder."""
    return f"{relative(str(entry.meta.get('filename', '')), root)}:{entry.meta.get('lineno', 0)}"


def _parties(side: tuple[tuple[str, Decimal], ...]) -> str:
    return ", ".join(member for member, _ in side) or "nobody"


def describe(trade: Trade, code: str) -> str:
    """A trade in words: date, who to whom, service, quantity, value, narration."""
    concept = f" for {trade.concept}" if trade.concept else ""
    return (
        f"{trade.date}: {_parties(trade.providers)} to {_parties(trade.recipients)}, "
        f"{trade.service} x {trade.quantity:f}{concept}, {trade.total} {code} "
        f'("{trade.entry.narration}")'
    )


def differences(old: Trade, new: Trade, code: str) -> str:
    """What changed between two versions of a trade, field by field."""
    parts = []
    fields: list[tuple[str, Callable[[Trade], object]]] = [
        ("date", lambda t: t.date),
        ("service", lambda t: t.service),
        ("quantity", lambda t: f"{t.quantity:f}"),
        ("concept", lambda t: t.concept or "none"),
        ("narration", lambda t: f'"{t.entry.narration}"'),
        ("providers", lambda t: _amounts(t.providers, code)),
        ("recipients", lambda t: _amounts(t.recipients, code)),
        ("other metadata", _other_meta),
    ]
    for name, get in fields:
        if get(old) != get(new):
            parts.append(f"{name} {get(old)} -> {get(new)}")
    return "; ".join(parts) or "postings reordered or rewritten"


def _amounts(side: tuple[tuple[str, Decimal], ...], code: str) -> str:
    return ", ".join(f"{member} {amount} {code}" for member, amount in side) or "none"


def _other_meta(trade: Trade) -> str:
    items = sorted(
        (key, str(value))
        for key, value in trade.entry.meta.items()
        if key not in _IGNORED and not key.startswith("__")
    )
    return ", ".join(f"{key}: {value}" for key, value in items) or "none"
