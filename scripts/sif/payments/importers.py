"""Bank statements as beangulp importers: for `sif payment import` and Fava's import page.

Two importers, one per file format, follow beangulp's `Importer` protocol
(identify, account, date, filename, extract), so the Beancount ecosystem can
drive them: `sif payment import` picks the one that identifies the file, and
Fava's import page lists them from an import configuration like this one (see
docs/operations/bank-import.md)::

    from pathlib import Path
    from sif.payments.importers import CamtImporter, CsvImporter

    BOOKS = Path(__file__).resolve().parent
    CONFIG = [CamtImporter(BOOKS), CsvImporter(BOOKS, columns={"date": "Datum"})]

`extract` matches every line by its structured reference exactly as `sif
payment import` does (`sif.payments.matcher.Matcher`) and gives the booking
of each line it can book with certainty. A line it cannot is given as an
incomplete transaction flagged "!", with the reason as its narration, for
staff to complete or delete; a line whose bank id is already in the books is
left out, so importing a file twice proposes nothing twice.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data
from beancount.core.amount import Amount
from beancount.parser import parser

from sif.ledger.books import Books
from sif.model.community import load_community
from sif.payments.bankfile import (
    REQUIRED,
    BankFileError,
    BankLine,
    read_camt,
    read_csv,
    read_text,
)
from sif.payments.booking import BANK
from sif.payments.matcher import Matcher

#: How much of a file `identify` reads.
HEAD = 4096


class BankImporter(beangulp.Importer):  # type: ignore[misc] # beangulp ships no type information
    """What both importers share: the books they match against and the extraction."""

    def __init__(self, books: Path | str, account: str = BANK) -> None:
        """An importer for the books at `books` (the folder with ledger/, members/, services.yaml)."""
        self.books = Path(books)
        self.bank = account

    def lines(self, filepath: str) -> list[BankLine]:
        """The transactions of the file.

        Raises:
          BankFileError: the file cannot be read, with file:line.
        """
        raise NotImplementedError

    def account(self, filepath: str) -> str:
        return self.bank

    def date(self, filepath: str) -> datetime.date | None:
        """The date of the latest transaction in the file."""
        try:
            return max((line.date for line in self.lines(filepath)), default=None)
        except BankFileError:
            return None

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        """The bookings of the file's lines, matched against the books in `existing`."""
        community = load_community(self.books)
        books = Books(self.books, list(existing), [], {}, community)
        matcher = Matcher(books)
        entries: list[Any] = []
        for line in sorted(self.lines(filepath), key=lambda item: item.date):
            outcome, text = matcher.match(line)
            if text is not None:
                parsed, _, _ = parser.parse_string(text, report_filename=filepath)
                entries += [_at(entry, line) for entry in parsed]
            elif outcome.status != "skipped":
                entries.append(self._unmatched(line, outcome.message))
        return entries

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        """Nothing to do: a line whose bank id is already booked is not extracted at all."""

    def _unmatched(self, line: BankLine, reason: str) -> data.Transaction:
        meta = data.new_metadata(line.source.rpartition(":")[0], _line_number(line))
        meta["bank-id"] = line.id
        posting = data.Posting(
            self.bank, Amount(line.amount, line.currency), None, None, None, None
        )
        narration = f"{line.name} {line.reference}".strip()
        return data.Transaction(
            meta,
            line.date,
            "!",
            None,
            f"{reason}: {narration}",
            frozenset(),
            frozenset(),
            [posting],
        )


def _line_number(line: BankLine) -> int:
    number = line.source.rpartition(":")[2]
    return int(number) if number.isdigit() else 0


def _at(entry: Any, line: BankLine) -> Any:
    """An extracted entry pointing at its line in the bank file."""
    meta = dict(entry.meta)
    meta["filename"], meta["lineno"] = line.source.rpartition(":")[0], _line_number(line)
    return entry._replace(meta=meta)


class CamtImporter(BankImporter):
    """ISO 20022 CAMT.053 bank-to-customer statements (XML, any version)."""

    def identify(self, filepath: str) -> bool:
        try:
            with Path(filepath).open("rb") as file:
                head = file.read(HEAD)
        except OSError:
            return False
        return head.lstrip().startswith(b"<") and b"camt.053" in head

    def lines(self, filepath: str) -> list[BankLine]:
        path = Path(filepath)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise BankFileError(f"{path}: cannot read the file ({exc})") from exc
        return read_camt(raw, path.name)

    def filename(self, filepath: str) -> str | None:
        return None


class CsvImporter(BankImporter):
    """CSV exports whose first row names the columns.

    Args:
      books: The books' folder.
      account: The bank account (default Assets:Bank).
      columns: The file's header of each field, where it differs from the
        field's name ({"date": "Datum", "amount": "Bedrag"}).
    """

    def __init__(
        self, books: Path | str, account: str = BANK, columns: dict[str, str] | None = None
    ) -> None:
        super().__init__(books, account)
        self.columns = dict(columns or {})

    @property
    def name(self) -> str:
        """Unique per column mapping, so a configuration may hold one per bank."""
        mapping = ",".join(f"{k}={v}" for k, v in sorted(self.columns.items()))
        return f"{super().name}({mapping})" if mapping else str(super().name)

    def identify(self, filepath: str) -> bool:
        try:
            with Path(filepath).open("rb") as file:
                head = file.read(HEAD)
        except OSError:
            return False
        if head.lstrip().startswith(b"<"):
            return False
        first = read_text(head).splitlines()[:1]
        cells = (
            {c.strip().strip('"').lower() for c in first[0].replace(";", ",").split(",")}
            if first
            else set()
        )
        return all(self.columns.get(f, f).lower() in cells for f in REQUIRED)

    def lines(self, filepath: str) -> list[BankLine]:
        path = Path(filepath)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise BankFileError(f"{path}: cannot read the file ({exc})") from exc
        return read_csv(read_text(raw), path.name, self.columns)


def importer_for(path: Path, books: Path, columns: dict[str, str] | None = None) -> BankImporter:
    """The importer of a bank file: CAMT.053 for XML, else CSV (whose reading says what is wrong)."""
    try:
        with path.open("rb") as file:
            xml = file.read(HEAD).lstrip().startswith(b"<")
    except OSError as exc:
        raise BankFileError(f"{path}: cannot read the file ({exc})") from exc
    return CamtImporter(books) if xml else CsvImporter(books, columns=columns)
