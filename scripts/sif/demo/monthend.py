"""The main job on the demo books: a month-end run in a scratch copy.

The committed books never change: the repository's ledger, members, concepts,
menu card, templates and issued documents are copied to a scratch folder, and
the latest month that has ended and is not invoiced yet is invoiced there.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from sif.documents.run import RunResult, run_month
from sif.errors import SifException
from sif.ledger.books import load_books
from sif.ledger.locks import read_locks
from sif.ledger.trades import iter_trades
from sif.mail.outbox import MailResult, mail_month
from sif.model.period import Month

COPIED = (
    "services.yaml", "ledger", "members", "concepts", "requests", "feedback",
    "documents", "templates", "mail",
)  # fmt: skip


class NothingToInvoiceError(SifException):
    """Every month that has ended is invoiced."""


def copy_books(root: Path, scratch: Path) -> None:
    """Replace `scratch` with a copy of the books at `root`."""
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            # Not Beancount's cache of the books: the scratch books change at once.
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("*.picklecache"))
        elif source.is_file():
            shutil.copy2(source, scratch / name)


def latest_uninvoiced(root: Path, today: datetime.date) -> Month:
    books = load_books(root)
    menu = books.community.menu
    if menu is None:
        raise NothingToInvoiceError("services.yaml has errors; run `sif check`")
    locks, _ = read_locks(books.entries)
    months = {
        Month(t.date.year, t.date.month) for t in iter_trades(books.entries, menu.currency.code)
    }
    open_months = [m for m in months if str(m) not in locks and m.end < today]
    if not open_months:
        raise NothingToInvoiceError("every month that has ended is invoiced")
    return max(open_months, key=str)


def scratch_month_end(
    root: Path, scratch: Path, today: datetime.date
) -> tuple[RunResult, MailResult]:
    """Copy the books to `scratch` and run the month-end there, issued `today`.

    Then write every member's statement (PDF and HTML) and e-mail (.eml, with
    the statement and the month's documents attached) into the scratch copy's
    out/ folder, as `sif mail --month` does without --send.
    """
    copy_books(root, scratch)
    month = latest_uninvoiced(scratch, today)
    issued = run_month(scratch, month, today)
    mailed = mail_month(scratch, month, today)
    return issued, mailed
