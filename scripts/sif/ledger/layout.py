"""Where trades live: one file per trade, in a folder per month.

    ledger/trades/2026-11/2026-11-04-strengthening-session-3f9a12c4.beancount

Two pull requests that each add trades, in the same month or not, by the same
person or not, add different files: git merges them with its default strategy,
in any order, with no conflict and no custom merge driver (GitHub's merge button
ignores those). A file holds one transaction; its name is the trade's date,
service and the first characters of a digest of its text, so the same trade
always gets the same name (a migration is repeatable) and two different trades
never do. The month folder keeps a month's trades together for people and for
`sif check --base`.

Beancount reads them all through `include "trades/**/*.beancount"` in
`ledger/main.beancount`; `ledger/trades/trades.beancount` (comments only) keeps
that glob matching in books without trades yet.

Once a month is invoiced it is locked: no pull request may add to it, so
`sif invoice run` writes its trades into one month file
(`ledger/trades/YYYY-MM.beancount`, see `sif.ledger.migrate.compact`); history
then loads as fast as one file per month, and only the open months pay
Beancount's cost of a file per trade (about 0.35 ms a file). Books from before
this layout kept every month in one file; the same glob reads those, and
`sif migrate` moves the open months into this layout.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from sif.model.period import label
from sif.paths import LEDGER_DIR, TRADES_DIR

#: The include line of ledger/main.beancount that reads every trade file.
TRADES_INCLUDE = 'include "trades/**/*.beancount"'
#: The include line of the older layout, one file per month.
MONTHLY_INCLUDE = 'include "trades/*.beancount"'
#: The file that keeps the include glob matching before the first trade.
KEEPER = "trades.beancount"
KEEPER_TEXT = (
    "; The trades: one file per trade, in a folder per month below this one\n"
    "; (ledger/trades/YYYY-MM/), written by `sif record`. This file holds no\n"
    "; trade; it keeps ledger/main.beancount's include glob matching.\n"
)
#: A month file of the older layout.
MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.beancount$")
_SLUG = re.compile(r"[^a-z0-9]+")


def trades_root(root: Path) -> Path:
    return root / LEDGER_DIR / TRADES_DIR


def month_folder(root: Path, date: datetime.date) -> Path:
    return trades_root(root) / label(date)


def trade_name(date: datetime.date, service: str, text: str) -> str:
    """The file name of a trade: its date, service and a digest of its text."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    slug = _SLUG.sub("-", service.lower()).strip("-")[:40] or "entry"
    return f"{date.isoformat()}-{slug}-{digest}.beancount"


def trade_path(root: Path, date: datetime.date, service: str, text: str) -> Path:
    """A new file for a trade; a second identical trade gets a numbered name."""
    path = month_folder(root, date) / trade_name(date, service, text)
    number = 2
    while path.exists():
        stem = trade_name(date, service, text).removesuffix(".beancount")
        path = path.with_name(f"{stem}-{number}.beancount")
        number += 1
    return path


def month_files(root: Path) -> list[Path]:
    """The month files of the older layout (`ledger/trades/YYYY-MM.beancount`)."""
    folder = trades_root(root)
    return sorted(p for p in folder.glob("*.beancount") if MONTH_FILE.match(p.name))
