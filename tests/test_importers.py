"""The bank files as beangulp importers, on their own and on Fava's import page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from sif.ledger.books import load_books
from sif.payments.importers import CamtImporter, CsvImporter
from tests.conftest import Repo, documents, issue
from tests.test_payments import _camt

IMPORT_CONFIG = """\
from pathlib import Path

from sif.payments.importers import CamtImporter, CsvImporter

BOOKS = Path(__file__).resolve().parent
CONFIG = [CamtImporter(BOOKS), CsvImporter(BOOKS, columns={"date": "Datum", "amount": "Bedrag"})]
"""


def _invoices(repo: Repo) -> dict[str, dict[str, str]]:
    return {row["member"]: row for row in documents(repo).values() if row["type"] == "invoice"}


def _statement(repo: Repo, folder: Path) -> Path:
    """A CAMT.053 file: Bram pays his invoice, and a transfer without a reference."""
    reference = _invoices(repo)["bram-peeters"]["reference"]
    folder.mkdir(parents=True, exist_ok=True)
    return _camt(
        folder,
        {"amount": "28.25", "date": "2026-11-20", "id": "B1", "reference": reference},
        {"amount": "5.00", "date": "2026-11-21", "id": "B2", "reference": "bedankt"},
    )


def test_the_importers_follow_beangulps_protocol(books: Repo, tmp_path: Path) -> None:
    issue(books)
    camt_file = str(_statement(books, tmp_path))
    csv_file = tmp_path / "bank.csv"
    csv_file.write_text("Datum;Bedrag;reference\n20/11/2026;28,25;x\n", encoding="utf-8")
    camt, csv = (
        CamtImporter(books.root),
        CsvImporter(books.root, columns={"date": "Datum", "amount": "Bedrag"}),
    )
    assert camt.identify(camt_file) and not csv.identify(camt_file)
    assert csv.identify(str(csv_file)) and not camt.identify(str(csv_file))
    assert not CsvImporter(books.root).identify(str(csv_file))  # its headers are mapped
    assert camt.account(camt_file) == "Assets:Bank"
    assert camt.date(camt_file) == datetime.date(2026, 11, 21)

    entries = camt.extract(camt_file, load_books(books.root).entries)
    paid, unmatched = entries
    assert isinstance(paid, data.Transaction) and isinstance(unmatched, data.Transaction)
    number = _invoices(books)["bram-peeters"]["number"]
    assert paid.meta["payment"] == number and paid.meta["bank-id"] == "B1"
    eur = [p for p in paid.postings if p.units is not None and p.units.currency == "EUR"]
    assert {p.account: p.units.number for p in eur if p.units is not None} == {
        "Assets:Bank": Decimal("28.25"),
        "Assets:Receivables:Bram-peeters": Decimal("-28.25"),
    }
    assert unmatched.flag == "!" and "no structured reference" in str(unmatched.narration)
    assert (paid.meta["filename"], unmatched.meta["filename"]) == ("statement.xml",) * 2


def test_fava_lists_and_extracts_a_bank_file(books: Repo, tmp_path: Path) -> None:
    from fava.core import FavaLedger

    issue(books)
    books.write("importers.py", IMPORT_CONFIG)
    main = books.root / "ledger" / "main.beancount"
    main.write_text(
        main.read_text(encoding="utf-8")
        + '2013-10-01 custom "fava-option" "import-config" "../importers.py"\n'
        + '2013-10-01 custom "fava-option" "import-dirs" "../bank"\n',
        encoding="utf-8",
    )
    path = _statement(books, books.root / "bank")
    ledger = FavaLedger(str(main))
    assert not ledger.ingest.errors
    [listed] = [f for f in ledger.ingest.import_data() if f.name == str(path)]
    [info] = listed.importers
    assert info.importer_name == "sif.payments.importers.CamtImporter"
    assert (info.account, info.date) == ("Assets:Bank", datetime.date(2026, 11, 21))
    extracted = ledger.ingest.extract(str(path), info.importer_name)
    assert [e.meta.get("bank-id") for e in extracted] == ["B1", "B2"]
    # What `sif payment import` books is what Fava proposes.
    result = books.run("payment", "import", str(path))
    assert "1 booked, 1 not booked" in result.output
    ledger = FavaLedger(str(main))
    assert [
        e.meta.get("bank-id") for e in ledger.ingest.extract(str(path), info.importer_name)
    ] == ["B2"]
