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

from sif.errors import SifException

FIELDS = ("date", "amount", "currency", "reference", "name", "iban", "id")
REQUIRED = ("date", "amount")


class BankFileError(SifException):
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
    return read_csv(read_text(raw), path.name, columns or {})


def read_text(raw: bytes) -> str:
    """A CSV export's text: UTF-8 (with or without a byte order mark), else Latin-1."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


#: Decimals of a currency's smallest unit (ISO 4217), where it is not 2.
MINOR_UNITS = {"BHD": 3, "JOD": 3, "KWD": 3, "OMR": 3, "TND": 3, "JPY": 0, "KRW": 0, "ISK": 0}


def _amount(text: str) -> Decimal:
    """A bank amount: 1234.56, 1.234,56, 1,234.56 or -12,50.

    One dot and three digits ("10.005") is read with the dot as the decimal
    point, never as a thousands separator: it then has too many decimals for
    the currency and is refused, instead of being read as ten thousand.

    Raises:
      InvalidOperation: not a finite number.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if (
        re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+", cleaned)
        or re.fullmatch(r"[+-]?\d{1,3}(\.\d{3}){2,}", cleaned)
        or re.fullmatch(r"[+-]?\d+,\d+", cleaned)
    ):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    number = Decimal(cleaned)
    if not number.is_finite():
        raise InvalidOperation(text)
    return number


def exact_amount(text: str, currency: str, where: str) -> Decimal:
    """`text` as an amount of `currency`, refused with `where` unless exact to its smallest unit.

    Raises:
      BankFileError: not a finite number (NaN, Infinity), or more decimals than
        the currency has (10.005 EUR): rounding it would book another amount.
    """
    try:
        number = _amount(text)
    except InvalidOperation:
        raise BankFileError(f'{where}: "{text.strip()}" is not an amount') from None
    places = MINOR_UNITS.get(currency, 2)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise BankFileError(
            f'{where}: "{text.strip()}" has more decimals than {currency} allows ({places}); '
            "correct the file (a typo, or a thousands separator?)"
        )
    return number


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
        currency = (values.get("currency") or "EUR").upper()
        amount = exact_amount(values["amount"], currency, f"{name}:{number}")
        ident = (
            values.get("id") or "csv:" + hashlib.sha256("\x1f".join(row).encode()).hexdigest()[:16]
        )
        lines.append(
            BankLine(
                id=ident,
                date=date,
                amount=amount,
                currency=currency,
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
    for entry in _nodes(root, "//c:Stmt/c:Ntry", ns):
        lines += _camt_entry(entry, ns, name)
    return lines


def _camt_entry(entry: etree._Element, ns: dict[str, str], name: str) -> list[BankLine]:
    """The transactions of one <Ntry>: one per <TxDtls>, or the entry itself.

    A batch entry bundles several transfers (several <TxDtls>, each with its
    own amount and reference): each becomes a line of its own, and together
    they must add up to the entry's amount.
    """
    where = f"{name}:{entry.sourceline}"
    amounts = _nodes(entry, "c:Amt", ns)
    if not amounts:
        raise BankFileError(f"{where}: the entry has no <Amt>")
    currency = str(amounts[0].get("Ccy", "")).upper()
    total = exact_amount(str(amounts[0].text or ""), currency, f"{name}:{amounts[0].sourceline}")
    direction = _join(entry, "c:CdtDbtInd/text()", ns)
    if direction not in ("CRDT", "DBIT"):
        raise BankFileError(f'{where}: <CdtDbtInd> should be CRDT or DBIT, not "{direction}"')
    date_text = _join(entry, "c:BookgDt/c:Dt/text() | c:BookgDt/c:DtTm/text()", ns)[:10]
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError:
        raise BankFileError(f"{where}: no booking date (<BookgDt><Dt>)") from None
    entry_id = _join(entry, "c:AcctSvcrRef/text()", ns)
    details = _nodes(entry, "c:NtryDtls/c:TxDtls", ns)
    lines = []
    for position, tx in enumerate(details or [entry], start=1):
        amount, way = total, direction
        if len(details) > 1:
            found = _nodes(tx, "c:AmtDtls/c:TxAmt/c:Amt | c:Amt", ns)
            if not found:
                raise BankFileError(
                    f"{name}:{tx.sourceline}: a transaction of a batch entry has no amount "
                    "(<AmtDtls><TxAmt><Amt> or <Amt>)"
                )
            amount = exact_amount(
                str(found[0].text or ""), currency, f"{name}:{found[0].sourceline}"
            )
            way = _join(tx, "c:CdtDbtInd/text()", ns) or direction
        signed = -amount if way == "DBIT" else amount
        reference = _join(tx, ".//c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref/text()", ns)
        if not reference:
            reference = _join(tx, ".//c:RmtInf/c:Ustrd/text()", ns, " ")
        party = "Dbtr" if way == "CRDT" else "Cdtr"
        other = _join(tx, f".//c:RltdPties/c:{party}//c:Nm/text()", ns)
        iban = _join(tx, f".//c:RltdPties/c:{party}Acct/c:Id/c:IBAN/text()", ns)
        ident = _line_id(tx, ns, entry_id, position if len(details) > 1 else None)
        if not ident:
            digest = hashlib.sha256(etree.tostring(entry)).hexdigest()[:16]
            ident = f"camt:{digest}" + (f"/{position}" if len(details) > 1 else "")
        source = f"{name}:{tx.sourceline}"
        lines.append(BankLine(ident, date, signed, currency, reference, other, iban, source))
    if len(details) > 1:
        signed_total = -total if direction == "DBIT" else total
        added = sum((line.amount for line in lines), Decimal(0))
        if added != signed_total:
            raise BankFileError(
                f"{where}: the {len(details)} transactions of the entry add up to {added}, "
                f"the entry says {signed_total}: a damaged file?"
            )
    return lines


def _line_id(tx: etree._Element, ns: dict[str, str], entry_id: str, position: int | None) -> str:
    """The bank's id of a transaction: of the entry, or of one transaction of a batch entry."""
    if position is None:  # as always read, so that a file imported before is recognised
        return entry_id or _join(
            tx, ".//c:Refs/c:AcctSvcrRef/text() | .//c:Refs/c:EndToEndId/text()", ns
        )
    own = _join(tx, "c:Refs/c:AcctSvcrRef/text()", ns)
    if own:
        return own
    if entry_id:
        return f"{entry_id}/{position}"
    for path in ("c:Refs/c:TxId/text()", "c:Refs/c:EndToEndId/text()"):
        value = _join(tx, path, ns)
        if value and value != "NOTPROVIDED":
            return value
    return ""
