"""Reading bank statement exports: CSV with a column mapping, and CAMT.053 XML.

Both give `BankLine`s: one per transaction, with the amount signed (positive:
money in, negative: money out) and the bank's own id of the transaction, so
importing a file twice books nothing twice.

CSV: the first row names the columns. By default the columns are named like
the fields below; `--column date=Datum` maps a field to another header. Dates
may be written 2026-11-20 or 20/11/2026; amounts 1234.56, 1.234,56 or -12,50.
A file without an `id` column gets an id made of the file's name and the
row's content, so re-importing the same file matches the same rows.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from lxml import etree

FIELDS = ("date", "amount", "currency", "reference", "name", "iban", "id")
REQUIRED = ("date", "amount")


class BankFileError(Exception):
    """The file cannot be read as a bank statement; the message says where and why."""


class BankLine(NamedTuple):
    """One transaction on a bank statement.

    Attributes:
      id: The bank's id of the transaction (or a stable one made from the row).
      date: Booking date.
      amount: Positive: money in; negative: money out.
      currency: ISO code of the amount.
      reference: The structured or free communication, as written.
      name: The other party's name.
      iban: The other party's account.
      source: "file:line" (CSV) or "file:entry N" (CAMT), for messages.
    """

    id: str
    date: datetime.date
    amount: Decimal
    currency: str
    reference: str
    name: str
    iban: str
    source: str


def read_bank_file(path: Path, columns: dict[str, str] | None = None) -> list[BankLine]:
    """Read a CSV or CAMT.053 file, chosen by its content."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BankFileError(f"{path}: cannot read the file ({exc})") from exc
    if raw.lstrip().startswith(b"<"):
        return read_camt(raw, path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return read_csv(text, path.name, columns or {})


def _amount(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})*(,\d+)?", cleaned) or re.fullmatch(
        r"[+-]?\d+,\d+", cleaned
    ):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})*(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    return Decimal(cleaned)


def _date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(text)


def read_csv(text: str, name: str, columns: dict[str, str]) -> list[BankLine]:
    """Read a CSV export; `columns` maps our field names to the file's headers."""
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise BankFileError(
            f"unknown field(s) in the column mapping: {', '.join(sorted(unknown))}; "
            f"the fields are {', '.join(FIELDS)}"
        )
    try:
        dialect = csv.Sniffer().sniff(
            text.splitlines()[0] if text.strip() else ",", delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise BankFileError(f"{name}: the file is empty")
    header = [cell.strip() for cell in rows[0]]
    index = {}
    for field in FIELDS:
        wanted = columns.get(field, field)
        for position, cell in enumerate(header):
            if cell.lower() == wanted.lower():
                index[field] = position
    missing = [columns.get(f, f) for f in REQUIRED if f not in index]
    if missing:
        raise BankFileError(
            f"{name}:1: no column {', '.join(missing)} in the header ({', '.join(header)}); "
            'map the columns with --column FIELD=HEADER (see README, "Payments")'
        )
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise BankFileError(
                f"{name}:{number}: the row has {len(row)} of {len(header)} columns (a truncated file?)"
            )
        values = {field: row[position].strip() for field, position in index.items()}
        try:
            date = _date(values["date"])
        except ValueError:
            raise BankFileError(f'{name}:{number}: "{values["date"]}" is not a date') from None
        try:
            amount = _amount(values["amount"])
        except InvalidOperation:
            raise BankFileError(
                f'{name}:{number}: "{values["amount"]}" is not an amount'
            ) from None
        ident = (
            values.get("id") or "csv:" + hashlib.sha256("\x1f".join(row).encode()).hexdigest()[:16]
        )
        lines.append(
            BankLine(
                id=ident,
                date=date,
                amount=amount,
                currency=(values.get("currency") or "EUR").upper(),
                reference=values.get("reference", ""),
                name=values.get("name", ""),
                iban=values.get("iban", "").replace(" ", ""),
                source=f"{name}:{number}",
            )
        )
    return lines


def _nodes(node: etree._Element, path: str, ns: dict[str, str]) -> list[etree._Element]:
    result = node.xpath(path, namespaces=ns)
    return [n for n in result if isinstance(n, etree._Element)] if isinstance(result, list) else []


def _join(node: etree._Element, path: str, ns: dict[str, str], sep: str = "") -> str:
    result = node.xpath(path, namespaces=ns)
    texts = [str(t).strip() for t in result] if isinstance(result, list) else []
    return sep.join(t for t in texts if t)


def read_camt(raw: bytes, name: str) -> list[BankLine]:
    """Read an ISO 20022 CAMT.053 bank-to-customer statement (any version)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise BankFileError(
            f"{name}: not well-formed XML ({exc.msg}, line {exc.lineno}): a truncated file?"
        ) from exc
    namespace = etree.QName(root).namespace or ""
    if "camt.053" not in namespace:
        raise BankFileError(f"{name}: not a CAMT.053 statement (namespace {namespace or 'none'})")
    ns = {"c": namespace}
    lines = []
    for number, entry in enumerate(_nodes(root, "//c:Stmt/c:Ntry", ns), start=1):
        where = f"{name}:entry {number}"
        amounts = _nodes(entry, "c:Amt", ns)
        if not amounts:
            raise BankFileError(f"{where}: no <Amt>")
        try:
            amount = Decimal(str(amounts[0].text).strip())
        except InvalidOperation:
            raise BankFileError(f'{where}: "{amounts[0].text}" is not an amount') from None
        currency = str(amounts[0].get("Ccy", "")).upper()
        direction = _join(entry, "c:CdtDbtInd/text()", ns)
        if direction not in ("CRDT", "DBIT"):
            raise BankFileError(f'{where}: <CdtDbtInd> should be CRDT or DBIT, not "{direction}"')
        if direction == "DBIT":
            amount = -amount
        date_text = _join(entry, "c:BookgDt/c:Dt/text() | c:BookgDt/c:DtTm/text()", ns)[:10]
        try:
            date = datetime.date.fromisoformat(date_text)
        except ValueError:
            raise BankFileError(f"{where}: no booking date (<BookgDt><Dt>)") from None
        tx = (_nodes(entry, "c:NtryDtls/c:TxDtls", ns) or [entry])[0]
        reference = _join(tx, ".//c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref/text()", ns)
        if not reference:
            reference = _join(tx, ".//c:RmtInf/c:Ustrd/text()", ns, " ")
        party = "Dbtr" if direction == "CRDT" else "Cdtr"
        other = _join(tx, f".//c:RltdPties/c:{party}//c:Nm/text()", ns)
        iban = _join(tx, f".//c:RltdPties/c:{party}Acct/c:Id/c:IBAN/text()", ns)
        ident = _join(entry, "c:AcctSvcrRef/text()", ns) or _join(
            tx, ".//c:Refs/c:AcctSvcrRef/text() | .//c:Refs/c:EndToEndId/text()", ns
        )
        if not ident:
            ident = "camt:" + hashlib.sha256(etree.tostring(entry)).hexdigest()[:16]
        lines.append(BankLine(ident, date, amount, currency, reference, other, iban, where))
    return lines
