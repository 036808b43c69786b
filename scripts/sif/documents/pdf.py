"""Documents as PDF, rendered by Typst from templates staff can edit.

The layout is `templates/document.typ` and the words are `templates/labels.yaml`
in the books repository; a file missing there is taken from the copy shipped in
this package (`sif/documents/templates/`), the default. Python turns a Document
into a view of strings (numbers, dates and sentences already written in the
document's language) and hands it to Typst as JSON through `sys.inputs`: the
template reads it with `json(bytes(...))`, so a member's name is always text,
never Typst markup.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import segno
import typst
import yaml

from sif.documents import references
from sif.documents.amounts import quantity_text
from sif.documents.model import (
    INVOICE,
    SELF_BILLING,
    SETTLEMENT,
    STANDARD,
    Document,
    Party,
)
from sif.documents.texts import title
from sif.errors import SifException
from sif.model.community import Community
from sif.model.countries import mentions

PACKAGE_TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "document.typ"
LABELS = "labels.yaml"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class TemplateError(SifException):
    """A template or the labels cannot be used; the message says where and why."""


def template_file(name: str, templates: Path, package: Path = PACKAGE_TEMPLATES) -> Path:
    """`templates/name` if it exists, else the default copy in `package`."""
    path = templates / name
    return path if path.is_file() else package / name


@functools.lru_cache(maxsize=8)
def _labels(path: Path, mtime_ns: int) -> dict[str, dict[str, Any]]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TemplateError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
        raise TemplateError(f"{path}: write one section per language (nl:, fr:, en:) of labels")
    return loaded


def labels(
    language: str,
    templates: Path,
    name: str = LABELS,
    package: Path = PACKAGE_TEMPLATES,
    country: str | None = None,
) -> dict[str, Any]:
    """The labels of `language` in `name`: the defaults in `package`, the legal mentions
    of the operator's `country` (with `country`), then the books' own."""
    default = _labels(package / name, 0)
    path = template_file(name, templates, package)
    own = _labels(path, path.stat().st_mtime_ns)
    legal = mentions(country, language) if country is not None else {}
    return {**default.get(language, default["en"]), **legal, **own.get(language, {})}


def fill(words: Mapping[str, Any], key: str, **values: str) -> str:
    """Label `key` with its {placeholders} replaced by `values` (no other formatting)."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise TemplateError(
                f'{LABELS}, label "{key}": unknown placeholder {match.group(0)}; '
                f"it may use {', '.join('{' + v + '}' for v in values) or 'none'}"
            )
        return values[match.group(1)]

    return _PLACEHOLDER.sub(one, str(words[key]))


def number(value: Decimal, places: int, words: Mapping[str, Any]) -> str:
    """`value` with `places` decimals in the language's separators: 1.234,50."""
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    whole = whole.replace(",", str(words["thousands"]))
    return f"{whole}{words['decimal']}{fraction}" if places else whole


def long_date(date: datetime.date, words: Mapping[str, Any]) -> str:
    """ "3 november 2026", or as the language's `date_format` label orders it ("3. November 2026")."""
    pattern = str(words.get("date_format", "{day} {month} {year}"))
    month = words["months"][date.month - 1]
    return pattern.format(day=date.day, month=month, year=date.year)


def percent(value: Decimal, words: Mapping[str, Any]) -> str:
    text = f"{value.normalize():f}".replace(".", str(words["decimal"]))
    return fill(words, "percent", value=text)


def grouped(code: str) -> str:
    """An IBAN or VAT number in groups of four: BE12 0000 0000 9292."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def enterprise(digits: str) -> str:
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else digits


def party_view(who: Party, heading: str, words: Mapping[str, Any], home: str) -> dict[str, Any]:
    lines = [who.street, f"{who.postcode} {who.city}".strip()]
    if who.country != home:
        lines.append(who.country)
    ids = []
    if who.vat_number and who.vat_status != "not-taxable":
        vat = who.vat_number
        number_part = enterprise(vat[2:]) if vat.startswith("BE") else vat[2:]
        ids.append(f"{words['vat_number']}{words['colon']}{vat[:2]} {number_part}")
    elif who.enterprise_number:
        ids.append(
            f"{words['enterprise_number']}{words['colon']}{enterprise(who.enterprise_number)}"
        )
    if who.vat_status == "not-taxable":
        ids.append(str(words["not_taxable"]))
    return {"heading": heading, "name": who.name, "lines": [x for x in lines if x], "ids": ids}


def _reference_label(reference: str) -> str:
    """The label of a payment reference: the Belgian structured one, or an RF reference."""
    return "reference_rf" if references.is_rf(reference) else "reference"


def epc_qr(doc: Document) -> str:
    """The EPC QR code (SEPA credit transfer) of an invoice as SVG, or "" for other kinds.

    It asks for what is left to pay after any set-off, so that paying what it
    says settles the invoice.
    """
    structured = references.is_valid(doc.reference)
    if doc.kind != INVOICE or not doc.seller.iban or doc.payable <= 0:
        return ""
    if not structured and not doc.number:
        return ""  # a draft: nothing to pay yet
    return epc_svg(doc.seller.name, doc.seller.iban, doc.payable, doc.reference, doc.number)


#: The mask pattern of every EPC QR code. An encoder may pick any of the eight:
#: the symbol names its mask, and every reader undoes it. Segno otherwise tries
#: all eight and scores each (four fifths of the drawing's time), to avoid
#: patterns that are merely harder to read; tests/test_qrcode.py decodes the
#: codes of many payloads, and the code on a rendered invoice page.
EPC_MASK = 0
#: The character sets of the EPC format, by number: UTF-8, then ISO 8859-1.
_EPC_CHARSETS = {"1": "utf-8", "2": "iso-8859-1"}


def epc_payload(name: str, iban: str, amount: Decimal, reference: str, text: str = "") -> bytes:
    """The data of an EPC QR code (EPC069-12, version 002): a SEPA credit transfer.

    A valid structured `reference` goes in the reference field (digits only),
    anything else in the free text (`text`, or the reference as written). The
    character set is ISO 8859-1 when the text fits it, else UTF-8.
    """
    if not Decimal("0.01") <= amount <= Decimal("999999999.99"):
        raise ValueError(f"an EPC QR code pays EUR 0.01 to 999999999.99, not {amount}")
    structured = references.is_valid(reference)
    figures = f"{amount:.2f}".rstrip("0").rstrip(".")
    fields = [
        "BCD",  # service tag
        "002",  # version
        "",  # character set, below
        "SCT",  # SEPA credit transfer
        "",  # BIC: optional within the EEA
        name.strip()[:70],
        iban.replace(" ", ""),
        f"EUR{figures}",
        "",  # purpose
        references.epc(reference) if structured else "",
    ]
    if not structured:
        fields.append((text or reference).strip()[:140])
    for number, charset in reversed(_EPC_CHARSETS.items()):
        try:
            fields[2] = number
            return "\n".join(fields).encode(charset)
        except UnicodeEncodeError:
            continue
    raise AssertionError("UTF-8 encodes every text")  # pragma: no cover


def epc_code(
    name: str, iban: str, amount: Decimal, reference: str, text: str = ""
) -> segno.QRCode:
    """An EPC QR code (SEPA credit transfer): pay `amount` to `name` at `iban`.

    Error correction level M, as the EPC guideline requires, with the fixed
    mask `EPC_MASK`. See `epc_payload` for what it carries.
    """
    data = epc_payload(name, iban, amount, reference, text)
    return segno.make_qr(data, error="m", boost_error=False, mask=EPC_MASK)


def epc_svg(name: str, iban: str, amount: Decimal, reference: str, text: str = "") -> str:
    """The EPC QR code of `epc_code` as SVG."""
    out = io.BytesIO()
    epc_code(name, iban, amount, reference, text).save(out, kind="svg", xmldecl=False, border=2)
    return out.getvalue().decode("ascii")


def period_text(start: datetime.date, end: datetime.date, words: Mapping[str, Any]) -> str:
    """ "oktober 2026" for a whole calendar month, else "1 oktober 2026 – 15 oktober 2026"."""
    whole = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if whole and (start.year, start.month) == (end.year, end.month):
        return f"{words['months'][start.month - 1]} {start.year}"
    return f"{long_date(start, words)} – {long_date(end, words)}"


def lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def view(doc: Document, community: Community, words: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the template shows, as strings in the document's language."""
    assert community.menu is not None, "check the books first"
    operator, member = (doc.buyer, doc.seller) if doc.self_billed else (doc.seller, doc.buyer)
    code, fiat, places = doc.community_currency, doc.currency, community.menu.currency.decimals

    def money(value: Decimal) -> str:
        return f"{fiat}\u00a0{number(value, 2, words)}"

    def short(date: datetime.date) -> str:
        return date.strftime("%d/%m/%Y")

    def rate(category: str, value: Decimal) -> str:
        return (
            percent(value, words) if category == STANDARD else str(words[f"category_{category}"])
        )

    not_taxable = doc.self_billed and doc.seller.vat_status == "not-taxable"
    heading = title(doc.kind, doc.language, not_taxable_seller=not_taxable)
    original_kind = SETTLEMENT if doc.settlement else SELF_BILLING if doc.self_billed else INVOICE
    corrected = title(original_kind, doc.language, not_taxable)
    self_billing = doc.self_billed and not doc.settlement
    # What the member gets for what they delivered: a self-billed invoice, or
    # a settlement statement when they are not a taxable person.
    purchase_kind = SETTLEMENT if member.vat_status == "not-taxable" else SELF_BILLING
    period = period_text(doc.period_start, doc.period_end, words)
    prices: dict[Decimal, list[datetime.date]] = {}
    for line in doc.lines:
        prices.setdefault(line.unit_price, []).append(line.date)
    rates = sorted({s.percent for s in doc.vat if s.category == STANDARD and s.tax}, reverse=True)
    values = {
        "code": code,
        "currency": fiat,
        "currency_name": community.menu.currency.names.get(doc.language, code),
        "operator": operator.name,
        "seller": doc.seller.name,
        "document": lowered(heading),
        "period": period,
        "sif": f"{number(doc.sif_total, places, words)}\u00a0{code}",
        "value": ", ".join(
            money(p) if len(prices) == 1 else f"{money(p)} ({short(min(d))}–{short(max(d))})"
            for p, d in prices.items()
        ),
        "net": money(doc.net),
        "tax": money(doc.tax),
        "total": money(doc.total),
        "payable": money(doc.payable),
        "percent": " / ".join(percent(r, words) for r in rates),
        "due_date": long_date(doc.due_date, words),
        "iban": grouped((operator if doc.kind == INVOICE else member).iban or "")
        or str(words["your_account"]),
        "reference": doc.reference,
        "original": doc.original or "",
        "original_title": lowered(corrected),
        "purchase": lowered(title(purchase_kind, doc.language)),
        "original_date": long_date(doc.original_date, words) if doc.original_date else "",
        "reason": doc.reason or "",
    }

    def say(key: str) -> str:
        return fill(words, key, **values)

    # Only an invoice asks for payment: a due date and a payment reference.
    asks_payment = doc.kind == INVOICE
    info = [
        [words["number"], doc.number],
        [words["issue_date"], long_date(doc.issue_date, words)],
        [words["period"], period],
        *([[words["due_date"], values["due_date"]]] if asks_payment else []),
        [words["member"], doc.member],
    ] + (
        [[words[_reference_label(doc.reference)], doc.reference]]
        if doc.reference and asks_payment
        else []
    )
    kind = (
        "credit_note"
        if doc.credit_note
        else "self_billing"
        if doc.self_billed
        else doc.kind.replace("-", "_")
    )
    sif_text = [
        say("sif_what"),
        say(f"sif_{kind}") + " " + say("sif_vat" if rates else "sif_no_vat"),
    ]
    if not doc.credit_note and community.menu.self_billing:  # set-offs need self-billing
        sif_text.append(say("sif_set_off"))
    details = []
    if doc.kind == INVOICE and doc.payable > 0:
        details = [
            [words["pay_amount"], values["payable"]],
            [words["pay_account"], values["iban"]],
            [words["pay_beneficiary"], operator.name],
        ] + ([[words["pay_reference"], doc.reference]] if doc.reference else [])
    credit = doc.credit_note
    columns = ("date", "service", "quantity", "unit", "unit_price", "sif", "vat", "amount")

    def service_quantity(line: Any) -> list[str]:
        if line.quantity is None or not line.unit:
            return ["", "", ""]
        price = number(line.unit_value, 2, words) if line.unit_value is not None else ""
        return [quantity_text(line.quantity, str(words["decimal"])), line.unit, price]

    setoffs = [
        [fill(words, "setoff_with", number=s.number), f"−{money(s.amount)}"] for s in doc.setoffs
    ]
    payable_label = "to_pay" if doc.kind == INVOICE else "to_receive"
    return {
        "language": doc.language,
        "kind": doc.kind,
        "title": heading,
        "number": doc.number,
        "issuer": operator.name,
        "self_billing": str(words["self_billing"]) if self_billing else "",
        "self_billing_issuer": say("self_billing_issuer") if self_billing else "",
        "info": info,
        "seller": party_view(doc.seller, words["seller"], words, operator.country),
        "buyer": party_view(doc.buyer, words["buyer"], words, operator.country),
        "credit": say("credit_of") if credit and doc.original else "",
        "reason": say("reason") if credit and doc.reason else "",
        "credit_vat": str(words["credit_vat"]) if credit and doc.tax else "",
        "columns": [fill(words, f"col_{c}", code=code) for c in columns],
        "lines": [
            [
                short(line.date),
                line.name,
                line.counterpart,
                *service_quantity(line),
                f"{number(line.sif, places, words)}\u00a0{code}",
                rate(line.vat_category, line.vat_percent),
                number(line.amount, 2, words),
            ]
            for line in doc.lines
        ],
        "amounts_note": say("amounts_note"),
        "vat_columns": [words["vat_rate"], words["vat_base"], words["vat_amount"]],
        "vat": [
            [
                percent(s.percent, words)
                + ("" if s.category == STANDARD else f" ({rate(s.category, s.percent)})"),
                money(s.taxable),
                money(s.tax),
            ]
            for s in doc.vat
        ],
        "totals": [[words["net"], values["net"]], [words["tax"], values["tax"]]],
        "total": [words["total"], values["total"]],
        "setoffs": setoffs,
        "payable": [words[payable_label], values["payable"]] if setoffs else [],
        "exemption": doc.exemption or "",
        "sif_title": say("sif_title"),
        "sif_text": sif_text,
        "payment_title": words["payment"],
        "payment": say(
            "pay_settled"
            if doc.kind == INVOICE and doc.payable <= 0
            else "pay_invoice"
            if doc.kind == INVOICE
            else "pay_self_billing_credit"
            if doc.self_billed and credit
            else "pay_settled_purchase"
            if doc.self_billed and doc.payable <= 0
            else "pay_self_billing"
            if doc.self_billed
            else "pay_credit_note"
        ),
        "payment_details": details,
        "scan": words["pay_scan"],
        "qr_alt": say("qr_alt"),
        "operator": party_view(operator, "", words, operator.country)
        | {"iban": grouped(operator.iban or ""), "email": operator.email or ""},
        "page": words["page"],
        "labels": dict(words),
    }


@functools.lru_cache(maxsize=8)
def _compiler(template: Path, mtime_ns: int) -> typst.Compiler:
    # Only the fonts built into Typst, plus any font file staff put next to the
    # template: the same PDF on every machine, and no system font scan per call.
    fonts = typst.Fonts(include_system_fonts=False, font_paths=[template.parent])
    return typst.Compiler(template, root=template.parent, font_paths=fonts)


def render_pdf(doc: Document, community: Community, templates: Path | None = None) -> bytes:
    """The PDF of `doc`, with the templates in `templates` (default: the books' templates/).

    Raises:
      TemplateError: the template or the labels have an error; the message says where.
    """
    template, inputs = typst_inputs(doc, community, templates)
    return compile_pdf(template, inputs, doc.issue_date)


def typst_inputs(
    doc: Document, community: Community, templates: Path | None = None
) -> tuple[Path, dict[str, str]]:
    """The template of `doc` and its `sys.inputs`: the view as JSON, the QR code as SVG."""
    folder = templates if templates is not None else community.root / "templates"
    operator = doc.buyer if doc.self_billed else doc.seller
    words = labels(doc.language, folder, country=operator.country)
    template = template_file(TEMPLATE, folder)
    return template, {"document": json.dumps(view(doc, community, words)), "qr": epc_qr(doc)}


def compile_pdf(template: Path, inputs: dict[str, str], date: datetime.date) -> bytes:
    """Typeset `template` with `inputs` (its sys.inputs) as PDF/A-2b, dated noon UTC on `date`.

    Raises:
      TemplateError: the template has an error; the message says where.
    """
    issued = datetime.datetime.combine(date, datetime.time(12), datetime.UTC)
    try:
        pdf = _compiler(template, template.stat().st_mtime_ns).compile(
            sys_inputs=inputs, timestamp=issued, pdf_standards="a-2b"
        )
    except typst.TypstError as error:
        raise TemplateError(f"{template}: {error.message}\n{error.diagnostic}") from None
    assert isinstance(pdf, bytes)
    return pdf
