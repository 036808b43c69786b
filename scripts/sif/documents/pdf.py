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
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from sif.documents.qr import epc_qr
from sif.documents.texts import title
from sif.model.community import Community
from sif.model.countries import mentions
from sif.render import templates as render_templates
from sif.render.formats import (
    enterprise,
    grouped,
    long_date,
    lowered,
    money,
    number,
    percent,
    period_text,
    short_date,
    units,
)
from sif.render.pdf import compile_pdf
from sif.render.templates import fill, template_file

PACKAGE_TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "document.typ"
LABELS = "labels.yaml"


def labels(language: str, folder: Path, country: str | None = None) -> dict[str, Any]:
    """The documents' labels in `language`: the package's, the legal mentions of the
    operator's `country` (with `country`), then those in the books' `folder`.

    They hold the number and date formats (`sif.render.formats`) that the
    statements use too.
    """
    legal = mentions(country, language) if country is not None else {}
    return render_templates.labels(language, folder, LABELS, PACKAGE_TEMPLATES, legal)


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


def view(doc: Document, community: Community, words: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the template shows, as strings in the document's language."""
    assert community.menu is not None, "check the books first"
    operator, member = (doc.buyer, doc.seller) if doc.self_billed else (doc.seller, doc.buyer)
    code, fiat, places = doc.community_currency, doc.currency, community.menu.currency.decimals

    def eur(value: Decimal) -> str:
        return money(value, fiat, words)

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
        "document": lowered(heading, doc.language),
        "period": period,
        "sif": units(doc.sif_total, code, places, words),
        "value": ", ".join(
            eur(p) if len(prices) == 1 else f"{eur(p)} ({short_date(min(d))}–{short_date(max(d))})"
            for p, d in prices.items()
        ),
        "net": eur(doc.net),
        "tax": eur(doc.tax),
        "total": eur(doc.total),
        "payable": eur(doc.payable),
        "percent": " / ".join(percent(r, words) for r in rates),
        "due_date": long_date(doc.due_date, words),
        "iban": grouped((operator if doc.kind == INVOICE else member).iban or "")
        or str(words["your_account"]),
        "reference": doc.reference,
        "original": doc.original or "",
        "original_title": lowered(corrected, doc.language),
        "purchase": lowered(title(purchase_kind, doc.language), doc.language),
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
        [fill(words, "setoff_with", number=s.number), f"−{eur(s.amount)}"] for s in doc.setoffs
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
                short_date(line.date),
                line.name,
                line.counterpart,
                *service_quantity(line),
                units(line.sif, code, places, words),
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
                eur(s.taxable),
                eur(s.tax),
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
    template = template_file(TEMPLATE, folder, PACKAGE_TEMPLATES)
    return template, {"document": json.dumps(view(doc, community, words)), "qr": epc_qr(doc)}
