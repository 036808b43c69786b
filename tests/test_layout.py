"""The layout of the trades: a file per trade while a month is open, one file once invoiced."""

from __future__ import annotations

from pathlib import Path

import pytest

from sif.ledger.books import load_books
from sif.ledger.migrate import MigrationError, compact, migrate
from sif.ledger.trades import iter_trades
from tests.conftest import Repo, snapshot


def record(repo: Repo, day: int, provider: str = "an-claes") -> None:
    result = repo.run(
        "record", "coaching-hour", "--date", f"2026-10-{day:02d}",
        "--provider", provider, "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def prints(root: Path) -> list[str]:
    from sif.ledger.locks import fingerprint

    return sorted(fingerprint(t.entry) for t in iter_trades(load_books(root).entries, "SIF"))


def test_the_month_end_puts_an_invoiced_month_into_one_file(books: Repo) -> None:
    """`books` has October's trades; booked a file each, they become one when invoiced."""
    october = books.trades / "2026-10.beancount"
    october.unlink()
    for day, provider in ((3, "an-claes"), (7, "an-claes"), (7, "bram-peeters"), (21, "an-claes")):
        record(books, day, provider)
    before = prints(books.root)
    assert len(list((books.trades / "2026-10").iterdir())) == 4
    result = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    assert (
        "Wrote the 4 trade files of 2026-10 into ledger/trades/2026-10.beancount." in result.output
    )
    assert not (books.trades / "2026-10").exists()
    assert october.read_text(encoding="utf-8").startswith("; Trades of 2026-10: invoiced")
    assert prints(books.root) == before
    assert books.check()["ok"], books.errors()


def test_an_open_month_is_not_compacted(repo: Repo) -> None:
    record(repo, 3)
    before = snapshot(repo.root)
    with pytest.raises(MigrationError, match="2026-10 is not invoiced"):
        compact(repo.root, "2026-10")
    assert snapshot(repo.root) == before
    assert compact(repo.root, "2026-09") == 0  # nothing there: nothing to do


def test_migrate_moves_month_files_and_feedback_and_proves_the_books_unchanged(
    books: Repo,
) -> None:
    before = prints(books.root)
    done = migrate(books.root)
    assert done.trades == len(before) and done.month_files >= 1
    assert not list(books.trades.glob("2026-10.beancount"))
    assert len(list((books.trades / "2026-10").iterdir())) == len(before)
    assert prints(books.root) == before
    assert books.check()["ok"], books.errors()
    assert migrate(books.root).trades == 0  # a second run has nothing to do


def test_migrate_refuses_books_with_errors_and_changes_nothing(books: Repo) -> None:
    books.write("ledger/trades/2026-11.beancount", '2026-11-02 * "kapot"\n  service: "x"\n')
    before = snapshot(books.root)
    with pytest.raises(MigrationError, match="error"):
        migrate(books.root)
    assert snapshot(books.root) == before
