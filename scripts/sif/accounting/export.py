"""`sif export`: one folder per period for the accountant, written completely or not at all.

    <out>/<period>/
      sales.zip      the UBL files (PDF inside) of the invoices and credit notes issued
      purchases.zip  the UBL files of the self-billed documents, settlement statements
                     and their credit notes
      journal.csv    one line per EUR posting of the period (sif.accounting.journal)
      accounts.csv   the chart accounts used, with the period's debit and credit
      parties.csv    the members in the journal: name, address, numbers, IBAN, Peppol id
      README.txt     what each file is and how they reconcile (nl, en)

The folder is built next to its final place and renamed into it; a folder of
the same period written before is replaced only once the new one is whole.
Documents count in the period of their issue date. Nothing is written when
the books have errors, an EUR account has no number, or nothing was issued
in the period.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sif.accounting.journal import (
    COLUMNS,
    JournalError,
    JournalLine,
    check_balanced,
    journal_lines,
)
from sif.accounting.mapping import (
    ChartAccount,
    Mapping,
    eur_accounts,
    load_mapping,
    unmapped_message,
)
from sif.documents.booking import Issued, issued_documents
from sif.documents.model import SELF_BILLED
from sif.errors import SifException
from sif.ledger.books import Books
from sif.model.period import Period
from sif.paths import MAPPING_FILE

ZERO = Decimal(0)
SALES_ZIP, PURCHASES_ZIP = "sales.zip", "purchases.zip"
FILES = (SALES_ZIP, PURCHASES_ZIP, "journal.csv", "accounts.csv", "parties.csv", "README.txt")
PARTY_COLUMNS = (
    "member", "name", "street", "postcode", "city", "country", "enterprise_number",
    "vat_number", "vat_status", "iban", "peppol", "email", "language",
)  # fmt: skip


class ExportError(SifException, ValueError):
    """The export cannot be made; the message names the member, account or period."""


@dataclass(frozen=True)
class ExportResult:
    """What `export_period` wrote.

    Attributes:
      folder: The period's folder.
      sales, purchases: Number of documents in each zip.
      lines: Number of journal lines.
      debit, credit: Journal totals.
    """

    folder: Path
    sales: int
    purchases: int
    lines: int
    debit: Decimal
    credit: Decimal


def _csv(rows: Iterable[Iterable[object]], header: Iterable[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _zip(path: Path, root: Path, docs: list[Issued]) -> None:
    """The documents' UBL files as issued (checked against the SHA-256 booked)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for doc in docs:
            content = (root / doc.ubl).read_bytes()
            if hashlib.sha256(content).hexdigest() != doc.sha256:
                raise ExportError(
                    f"{doc.ubl}: {doc.number} was changed after it was issued (its SHA-256 is "
                    "not the one booked); restore it from git (sif check says more)"
                )
            info = zipfile.ZipInfo(f"{doc.number}.xml", (*doc.date.timetuple()[:3], 0, 0, 0))
            # Fastest deflate: UBL text shrinks well even so (the PDF inside is base64).
            bundle.writestr(info, content, zipfile.ZIP_DEFLATED, compresslevel=1)


def _accounts(lines: list[JournalLine], mapping: Mapping) -> bytes:
    chart: dict[str, list[object]] = {}
    ledger: dict[str, set[str]] = defaultdict(set)
    for row in lines:
        entry = chart.setdefault(row.account, [row.account, row.account_name, ZERO, ZERO])
        entry[2] = Decimal(str(entry[2])) + row.debit
        entry[3] = Decimal(str(entry[3])) + row.credit
        ledger[row.account].add(_ledger_root(row.ledger_account, mapping) or "(clearing)")
    rows = []
    for number in sorted(chart):
        _, name, debit, credit = chart[number]
        assert isinstance(debit, Decimal) and isinstance(credit, Decimal)
        rows.append(
            [number, name, " ".join(sorted(ledger[number])), f"{debit:.2f}", f"{credit:.2f}",
             f"{debit - credit:.2f}"]
        )  # fmt: skip
    header = ("account", "account_name", "ledger_accounts", "debit", "credit", "change")
    return _csv(rows, header)


def _ledger_root(account: str, mapping: Mapping) -> str:
    """The mapped prefix a ledger account takes its number from."""
    name = account
    while name:
        if name in mapping.accounts:
            return name
        name = name.rsplit(":", 1)[0] if ":" in name else ""
    return account


def _parties(books: Books, lines: list[JournalLine], docs: list[Issued]) -> bytes:
    ids = sorted({row.member for row in lines if row.member} | {doc.member for doc in docs})
    rows = []
    for member_id in ids:
        member = books.community.members.get(member_id)
        if member is None:
            raise ExportError(
                f"members/{member_id}.yaml: {member_id} is in the books of the period but has no "
                "readable member file; restore it (sif check says more)"
            )
        address = member.address
        rows.append(
            [member.id, member.name, address.street if address else "",
             address.postcode if address else "", address.city if address else "",
             address.country if address else "", member.enterprise_number or "",
             member.vat_number or "", member.vat_status, member.iban or "", member.peppol or "",
             member.email or "", member.language]
        )  # fmt: skip
    return _csv(rows, PARTY_COLUMNS)


def export_period(books: Books, period: Period, out: Path) -> ExportResult:
    """Write the period's folder below `out`; see the module docstring.

    Raises:
      ExportError: The books have errors, an EUR account has no number, a file
        was changed, or nothing was issued in the period. Nothing is written then.
    """
    if books.errors:
        raise ExportError(
            f"the books have {len(books.errors)} error(s); run `sif check` and fix them first"
        )
    menu = books.community.menu
    mapping = load_mapping(books.root, menu.currency.code if menu else "")
    if mapping.errors:
        first = mapping.errors[0]
        raise ExportError(f"{MAPPING_FILE}:{first.source.get('lineno', 0)}: {first.message}")
    fiat = books.community.menu.currency.fiat if books.community.menu else "EUR"
    for account, opened in eur_accounts(books.entries, fiat).items():
        if mapping.lookup(account) is None:
            where = f"{opened.meta.get('filename')}:{opened.meta.get('lineno')}"
            raise ExportError(f"{where}: {unmapped_message(account)}")
    docs = [doc for doc in issued_documents(books.entries) if doc.date in period]
    if not docs:
        raise ExportError(
            f"{period.label}: nothing was issued from {period.start} to {period.end}; "
            "there is nothing to export (see `sif invoice list`)"
        )
    try:
        lines = journal_lines(books.entries, books.community, mapping, period)
    except JournalError as exc:
        raise ExportError(str(exc)) from exc
    unbalanced = check_balanced(lines)
    if unbalanced:  # the ledger balances, so this is a bug here; never write it
        raise ExportError("the journal does not balance: " + "; ".join(unbalanced))
    sales = [doc for doc in docs if doc.kind not in SELF_BILLED]
    purchases = [doc for doc in docs if doc.kind in SELF_BILLED]
    debit = sum((row.debit for row in lines), ZERO)
    credit = sum((row.credit for row in lines), ZERO)

    out.mkdir(parents=True, exist_ok=True)
    target = out / period.label
    work = Path(tempfile.mkdtemp(prefix=f".{period.label}.", dir=out))
    try:
        _zip(work / SALES_ZIP, books.root, sales)
        _zip(work / PURCHASES_ZIP, books.root, purchases)
        journal = _csv(([_cell(v) for v in row] for row in lines), COLUMNS)
        (work / "journal.csv").write_bytes(journal)
        (work / "accounts.csv").write_bytes(_accounts(lines, mapping))
        (work / "parties.csv").write_bytes(_parties(books, lines, docs))
        readme = readme_text(
            period,
            sales=len(sales),
            purchases=len(purchases),
            lines=len(lines),
            debit=debit,
            clearing=mapping.clearing,
            operator=books.community.operator.name if books.community.operator else "",
        )
        (work / "README.txt").write_text(readme, encoding="utf-8")
        umask = os.umask(0)  # mkdtemp makes the folder private; give it the usual mode
        os.umask(umask)
        work.chmod(0o777 & ~umask)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{period.label}.old.", dir=out))
            target.replace(old / period.label)
            work.replace(target)
            shutil.rmtree(old)
        else:
            work.replace(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ExportResult(target, len(sales), len(purchases), len(lines), debit, credit)


def readme_text(
    period: Period,
    *,
    sales: int,
    purchases: int,
    lines: int,
    debit: Decimal,
    clearing: ChartAccount,
    operator: str,
) -> str:
    """README.txt of a period's folder, Dutch then English."""
    return f"""\
Export voor de boekhouding / Export for the accountant: {period.label} ({period.start} - {period.end})
Gemaakt door `sif export` uit de boeken. / Written by `sif export` from the books.

NEDERLANDS

sales.zip      {sales} verkoopdocument(en): facturen en creditnota's zoals uitgereikt, als UBL
               (Peppol BIS Billing 3.0 / EN 16931) met de PDF erin. Importeer ze in het
               verkoopdagboek.
purchases.zip  {purchases} aankoopdocument(en): autofacturen, afrekeningsnota's en hun
               creditnota's, uitgereikt door {operator} namens het lid. Aankoopdagboek.
journal.csv    {lines} boekingslijnen (UTF-8, komma, punt als decimaalteken), een per
               EUR-boeking van de periode, per dagboek: sales (verkopen), purchases
               (aankopen), set-off (verrekeningen), bank (betalingen), opening (overige,
               met de hand). Kolommen: dagboek, boekingsnummer, datum, document, vervaldag,
               lid, ondernemingsnummer, rekening, rekeningnaam, debet, credit, btw-code,
               btw-rooster, omschrijving, rekening in Beancount.
accounts.csv   de gebruikte rekeningen van het rekeningstelsel (MAR) met debet, credit en
               verschil over de periode. Nummers uit accounting.yaml (standaard: MAR).
parties.csv    klanten/leveranciers: de leden in het journaal, met adres,
               ondernemingsnummer, btw-status, IBAN en Peppol-id.

Hoe het aansluit:
- Totaal debet = totaal credit = {debit:.2f} EUR; elke boeking is in evenwicht.
- Per rekening en lid is debet - credit de wijziging van die rekening in de boeken
  (Beancount) over de periode. Beginsaldi komen uit de vorige export.
- Een verrekening loopt over de rekening {clearing.name} ({clearing.number}): die staat na elke
  verrekening weer op nul.
- Elk document uitgereikt in de periode zit in precies een van de twee zips; de
  boekingen in sales/purchases dragen zijn nummer.
- De btw-roosters per lijn tellen op tot `sif vat` voor dezelfde periode (82 is na aftrek
  van de ontvangen creditnota's, die ook in 85 staan).

ENGLISH

sales.zip      {sales} sales document(s): invoices and credit notes as issued, as UBL (PDF
               inside). Import them into the sales journal.
purchases.zip  {purchases} purchase document(s): self-billed invoices, settlement
               statements and their credit notes, issued by {operator} on the
               member's behalf. Purchase journal.
journal.csv    {lines} lines, one per EUR posting of the period, by journal: sales,
               purchases, set-off, bank, opening (anything else, by hand).
accounts.csv   the chart accounts used, with debit, credit and change over the period.
parties.csv    customers/suppliers: the members in the journal.

How it reconciles:
- Total debit = total credit = {debit:.2f} EUR; every entry balances.
- Per account and member, debit - credit is that ledger account's change over the
  period. Opening balances come from the previous export.
- A set-off passes through the clearing account {clearing.name} ({clearing.number}), back to zero after each.
- Every document issued in the period is in exactly one of the two zips.
- The VAT grids of the lines add up to `sif vat` for the same period.
"""
