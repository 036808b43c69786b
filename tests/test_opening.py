"""`sif opening import`: going live with the balances and open documents of the previous system."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sif.ledger.balances import compute_balances
from sif.ledger.books import load_books
from tests.conftest import Repo

BALANCES = """\
member,balance
an-claes,4.50
de-buurtkeuken,-2.00
fabriek,-2.50
"""
DOCUMENTS = """\
member,document,date,due,amount,side
an-claes,F-2026-117,2026-06-30,2026-07-30,121.00,receivable
atelier-soleil,AF-2026-88,2026-06-30,,50.00,payable
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_balances_and_open_documents_are_booked_and_read_back(repo: Repo, tmp_path: Path) -> None:
    result = repo.run(
        "opening", "import", "--date", "2026-07-01",
        "--balances", str(write(tmp_path, "b.csv", BALANCES)),
        "--documents", str(write(tmp_path, "d.csv", DOCUMENTS)),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 member balance(s): owed 4.50 in the CSV, 4.50 in the books" in result.output
    assert "receivable 121.00 EUR in the CSV, 121.00 in the books" in result.output
    assert "payable 50.00 in the CSV, 50.00 in the books" in result.output
    assert "The totals match." in result.output
    books = load_books(repo.root)
    assert books.errors == [], [e.message for e in books.errors]
    import datetime

    balances = {
        b.member: b.balance
        for b in compute_balances(books.entries, books.community, datetime.date(2026, 7, 1))
    }
    assert balances["an-claes"] == Decimal("4.50")
    assert balances["de-buurtkeuken"] == Decimal("-2.00")
    assert repo.check()["ok"]
    again = repo.run(
        "opening", "import", "--date", "2026-07-01", "--balances", str(tmp_path / "b.csv")
    )
    assert again.exit_code == 1
    assert "opening balances of 2026-07-01 are booked already" in again.output


@pytest.mark.parametrize(
    ("balances", "expected"),
    [
        ("member,balance\nan-claes,4.50\nfabriek,-4.00\n", "the balances sum to 0.50 SIF, not 0"),
        (
            "member,balance\nan-clais,4.50\nfabriek,-4.50\n",
            'b.csv:2: no member "an-clais" in members/',
        ),
        (
            "member,balance\nan-claes,4.505\nfabriek,-4.505\n",
            'b.csv:2: "4.505" has more than 2 decimals',
        ),
        ("member,balance\nan-claes,NaN\n", 'b.csv:2: "NaN" is not an amount'),
        ("member,balance\nan-claes,1e400\n", 'b.csv:2: "1e400" is not an amount'),
        ("member,balance\nan-claes,1\nan-claes,-1\n", 'b.csv:3: "an-claes" is listed twice'),
        ("lid,saldo\nan-claes,1\n", "b.csv:1: the header lacks member, balance"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    repo: Repo, tmp_path: Path, balances: str, expected: str
) -> None:
    before = repo.snapshot()
    result = repo.run(
        "opening", "import", "--date", "2026-07-01",
        "--balances", str(write(tmp_path, "b.csv", balances)),
    )  # fmt: skip
    assert result.exit_code == 1
    assert expected in result.output
    assert "nothing was written" in result.output
    assert "Traceback" not in result.output
    assert repo.snapshot() == before


def test_a_bad_document_row_is_named(repo: Repo, tmp_path: Path) -> None:
    before = repo.snapshot()
    rows = (
        DOCUMENTS
        + "an-claes,F-2026-118,30/06/2026,,10.00,receivable\nan-claes,F-2026-119,2026-06-30,,10.00,owed\n"
    )
    result = repo.run(
        "opening",
        "import",
        "--date",
        "2026-07-01",
        "--documents",
        str(write(tmp_path, "d.csv", rows)),
    )
    assert result.exit_code == 1
    assert "d.csv:4: write the dates as YYYY-MM-DD" in result.output
    assert 'd.csv:5: side "owed" must be receivable or payable' in result.output
    assert repo.snapshot() == before
