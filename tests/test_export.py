"""`sif export`: the accountant's folder per period, and how it reconciles with the books.

The books are those of tests/exportbooks.py (2026Q3 and 2026Q4 invoiced, with
set-offs, credit notes and payments). What the accountant relies on: every
entry balances; per ledger account the journal equals the account's change
in Beancount over the period (asked of beanquery, not of our code); every
document issued in the period is in exactly one zip, byte for byte as
issued; the VAT grids of the lines add up to `sif vat`; bad input writes
nothing and says what to fix.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from beanquery import query

from sif.ledger.books import load_books
from tests.conftest import Repo, line_of, snapshot
from tests.exportbooks import build_export_books, documents, ok

PERIODS = ("2026Q3", "2026Q4", "2026-11", "2026")
ZERO = Decimal(0)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build_export_books(tmp_path_factory.mktemp("export") / "books")


@pytest.fixture(scope="module")
def exported(books: Repo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    for period in PERIODS:
        ok(books, "export", "--period", period, "--out", str(out))
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def amount(row: dict[str, str]) -> Decimal:
    return Decimal(row["debit"]) - Decimal(row["credit"])


def beancount_changes(repo: Repo, start: str, end: str) -> dict[str, Decimal]:
    loaded = load_books(repo.root)
    _, rows = query.run_query(
        loaded.entries,
        loaded.options,
        "SELECT account, sum(number) AS change WHERE currency = 'EUR' "
        f"AND date >= {start} AND date <= {end} GROUP BY account",
    )
    return {str(account): Decimal(change) for account, change in rows if change}


BOUNDS = {
    "2026Q3": ("2026-07-01", "2026-09-30"),
    "2026Q4": ("2026-10-01", "2026-12-31"),
    "2026-11": ("2026-11-01", "2026-11-30"),
    "2026": ("2026-01-01", "2026-12-31"),
}


def test_the_folder_holds_every_file(exported: Path) -> None:
    for period in PERIODS:
        names = sorted(path.name for path in (exported / period).iterdir())
        assert names == sorted(
            ["sales.zip", "purchases.zip", "journal.csv", "accounts.csv", "parties.csv",
             "README.txt"]
        )  # fmt: skip
    # No temporary folder is left behind.
    assert sorted(path.name for path in exported.iterdir()) == sorted(PERIODS)


@pytest.mark.parametrize("period", PERIODS)
def test_debits_equal_credits_in_every_entry(exported: Path, period: str) -> None:
    rows = read_csv(exported / period / "journal.csv")
    assert rows
    by_entry: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        by_entry[row["journal"], row["entry"]] += amount(row)
        assert (Decimal(row["debit"]) == 0) != (Decimal(row["credit"]) == 0), row
    assert all(total == 0 for total in by_entry.values()), by_entry
    assert sum(Decimal(r["debit"]) for r in rows) == sum(Decimal(r["credit"]) for r in rows)


@pytest.mark.parametrize("period", PERIODS)
def test_per_account_the_journal_is_the_ledgers_change(
    books: Repo, exported: Path, period: str
) -> None:
    rows = read_csv(exported / period / "journal.csv")
    journal: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        journal[row["ledger_account"]] += amount(row)
    # The clearing account (no ledger account) is back at zero after the set-offs.
    assert journal.pop("", ZERO) == 0
    assert {k: v for k, v in journal.items() if v} == beancount_changes(books, *BOUNDS[period])
    # accounts.csv sums the same lines per chart number.
    per_number: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        per_number[row["account"]] += amount(row)
    chart = {
        r["account"]: Decimal(r["change"]) for r in read_csv(exported / period / "accounts.csv")
    }
    assert chart == dict(per_number)


@pytest.mark.parametrize("period", PERIODS)
def test_every_document_of_the_period_is_in_exactly_one_zip(
    books: Repo, exported: Path, period: str
) -> None:
    start, end = BOUNDS[period]
    issued = {n: d for n, d in documents(books).items() if start <= d["issue_date"] <= end}
    assert issued
    bundles = {}
    for name in ("sales.zip", "purchases.zip"):
        with zipfile.ZipFile(exported / period / name) as bundle:
            bundles[name] = {info.filename: bundle.read(info) for info in bundle.infolist()}
    sales, purchases = bundles["sales.zip"], bundles["purchases.zip"]
    assert not set(sales) & set(purchases)
    assert sorted(set(sales) | set(purchases)) == sorted(f"{n}.xml" for n in issued)
    for name, content in {**sales, **purchases}.items():
        doc = issued[name.removesuffix(".xml")]
        in_sales = doc["type"] in ("invoice", "credit-note")
        assert (name in sales) == in_sales, (name, doc["type"])
        month = doc["period"]
        assert content == (books.root / "documents" / month / name).read_bytes()
        assert b"application/pdf" in content  # the PDF travels inside the UBL file


# Quarters: an invoice to a private person (an-claes) counts for VAT in the month
# of its services (October), while its journal lines carry the issue date
# (November); both fall in 2026Q4.
@pytest.mark.parametrize("period", ["2026Q3", "2026Q4"])
def test_the_vat_grids_of_the_lines_add_up_to_sif_vat(
    books: Repo, exported: Path, period: str
) -> None:
    option = "--month" if "-" in period else "--quarter"
    table = json.loads(ok(books, "vat", option, period, "--format", "json"))["grids"]
    rows = read_csv(exported / period / "journal.csv")
    by_grid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row["vat_grid"]:
            by_grid[row["vat_grid"]] += abs(amount(row))
    # Frame III is net of the credit notes received, which are also in grid 85.
    by_grid["82"] -= by_grid.get("85", ZERO)
    for grid in ("01", "02", "03", "49", "54", "64", "82", "59", "85", "63"):
        assert by_grid.get(grid, ZERO) == Decimal(table[grid]), grid


def test_the_journal_says_what_each_line_is(books: Repo, exported: Path) -> None:
    rows = read_csv(exported / "2026Q4" / "journal.csv")
    journals = {row["journal"] for row in rows}
    assert journals == {"sales", "purchases", "set-off", "bank"}
    invoice = [r for r in rows if r["document"] == "F2026-00003" and r["journal"] == "sales"]
    assert {(r["account"], r["debit"], r["credit"], r["vat_code"], r["vat_grid"]) for r in invoice} == {
        ("400000", "90.75", "0.00", "", ""),
        ("700000", "0.00", "75.00", "S21", "03"),
        ("451000", "0.00", "15.75", "S21", "54"),
    }  # fmt: skip
    assert {(r["member"], r["enterprise_number"], r["due_date"]) for r in invoice} == {
        ("bram-peeters", "0555123476", "2026-12-03")
    }
    payment = [r for r in rows if r["journal"] == "bank"]
    assert {(r["account"], r["document"], amount(r)) for r in payment} == {
        ("550000", "F2026-00003", Decimal("10.00")),
        ("400000", "F2026-00003", Decimal("-10.00")),
    }
    # A set-off settles the self-billed document and the invoice through the clearing account.
    setoff = [r for r in rows if r["journal"] == "set-off" and r["member"] == "bram-peeters"]
    bram = next(
        n for n, d in documents(books).items()
        if d["member"] == "bram-peeters" and d["type"] == "self-billing"
    )  # fmt: skip
    assert sorted((r["account"], r["document"], amount(r)) for r in setoff) == sorted(
        [
            ("400000", "F2026-00003", Decimal("-62.50")),
            ("440000", bram, Decimal("62.50")),
            ("580000", "F2026-00003", Decimal("62.50")),
            ("580000", bram, Decimal("-62.50")),
        ]
    )
    parties = {r["member"]: r for r in read_csv(exported / "2026Q4" / "parties.csv")}
    assert sorted(parties) == ["an-claes", "atelier-soleil", "bram-peeters", "de-buurtkeuken"]
    soleil = parties["atelier-soleil"]
    assert (soleil["enterprise_number"], soleil["vat_status"], soleil["peppol"]) == (
        "0876543270", "registered", "0208:0876543270",
    )  # fmt: skip
    readme = (exported / "2026Q4" / "README.txt").read_text(encoding="utf-8")
    debit = sum(Decimal(r["debit"]) for r in rows)
    assert f"= {debit:.2f} EUR" in readme


# ------------------------------------------------------------------ bad input

KAS = """\
    2013-10-01 open Assets:Kas EUR

    2026-11-15 * "Kasgeld afgehaald"
      Assets:Kas      50.00 EUR
      Assets:Bank    -50.00 EUR
    """


def test_an_unmapped_account_is_reported_and_blocks_the_export(tmp_path: Path) -> None:
    repo = build_export_books(tmp_path / "books")
    out = tmp_path / "out"
    ok(repo, "export", "--period", "2026Q4", "--out", str(out))
    before = snapshot(out)
    path = repo.write("ledger/payments/kas.beancount", KAS)
    errors = [e for e in repo.errors() if e["kind"] == "MappingError"]
    assert [(e["file"], e["line"]) for e in errors] == [
        ("ledger/payments/kas.beancount", line_of(path, "open Assets:Kas"))
    ]
    assert "the Assets:Kas account has no number" in errors[0]["message"]
    assert "accounting.yaml" in errors[0]["message"]
    result = repo.run("export", "--period", "2026Q4", "--out", str(out))
    assert result.exit_code == 1
    assert "Assets:Kas account has no number" in result.output
    assert "Nothing was written." in result.output
    assert snapshot(out) == before  # the earlier export stays whole
    assert sorted(p.name for p in out.iterdir()) == ["2026Q4"]

    # Staff give it a number: the check passes and the export books it.
    repo.write(
        "accounting.yaml",
        """\
        accounts:
          Assets:Kas: {number: "570000", name: Kas}
        clearing: {number: "499100", name: Verrekening SIF}
        """,
    )
    assert repo.check()["ok"], repo.errors()
    ok(repo, "export", "--period", "2026Q4", "--out", str(out))
    rows = read_csv(out / "2026Q4" / "journal.csv")
    kas = [r for r in rows if r["ledger_account"] == "Assets:Kas"]
    assert [(r["journal"], r["account"], r["account_name"], amount(r)) for r in kas] == [
        ("opening", "570000", "Kas", Decimal("50.00"))
    ]
    assert {r["account"] for r in rows if r["ledger_account"] == ""} == {"499100"}


def test_a_mistake_in_the_mapping_file_is_reported_at_its_line(repo: Repo) -> None:
    path = repo.write(
        "accounting.yaml",
        """\
        accounts:
          Income:Services: {number: 7000-00, name: Omzet}
          income:misc: {number: "700100", name: Varia}
        """,
    )
    errors = [e for e in repo.errors() if e["file"] == "accounting.yaml"]
    assert [(e["line"], e["message"].split(":")[0]) for e in errors] == [
        (line_of(path, "Income:Services"), 'field "accounts.Income'),
        (line_of(path, "income:misc"), 'field "accounts.income'),
    ]
    assert '"7000-00" should be 2 to 10 digits' in errors[0]["message"]
    assert "is not a Beancount account name" in errors[1]["message"]


def test_a_period_with_nothing_issued_writes_nothing(books: Repo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = books.run("export", "--period", "2026-10", "--out", str(out))
    assert result.exit_code == 1
    assert "2026-10: nothing was issued from 2026-10-01 to 2026-10-31" in result.output
    assert not (out / "2026-10").exists()
    assert not out.exists() or not any(out.iterdir())


def test_a_member_file_that_breaks_writes_nothing(tmp_path: Path) -> None:
    repo = build_export_books(tmp_path / "books")
    path = repo.root / "members" / "bram-peeters.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: person", "kind: persoon"))
    out = tmp_path / "out"
    result = repo.run("export", "--period", "2026Q4", "--out", str(out))
    assert result.exit_code == 1
    assert "bram-peeters.yaml" in result.output and "Nothing was written." in result.output
    assert not (out / "2026Q4").exists()


@pytest.mark.parametrize("text", ["2026-13", "26Q4", "2026Q5", "Q4", "2026-1"])
def test_a_wrong_period_says_how_to_write_it(repo: Repo, text: str) -> None:
    result = repo.run("export", "--period", text)
    assert result.exit_code == 2
    assert f'"{text}" is not a period; write a month (2026-10), a quarter (2026Q4)' in (
        result.output
    )


def test_exporting_again_replaces_the_folder_whole(tmp_path: Path) -> None:
    repo = build_export_books(tmp_path / "books")
    out = tmp_path / "out"
    ok(repo, "export", "--period", "2026Q4", "--out", str(out))
    first = read_csv(out / "2026Q4" / "journal.csv")
    ok(repo, "payment", "record", "--document", "F2026-00003", "--amount", "8.25",
       "--date", "2026-12-01")  # fmt: skip
    ok(repo, "export", "--period", "2026Q4", "--out", str(out))
    second = read_csv(out / "2026Q4" / "journal.csv")
    assert len(second) == len(first) + 2
    assert sorted(p.name for p in out.iterdir()) == ["2026Q4"]
