"""Documents as PDF: what a reader finds on them, in nl, fr and en.

The documents are the demo books' October 2026 drafts, numbered here; the text
is read back out of the PDF with pypdf, with every run of white space (line
breaks, no-break spaces) made one space.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest

from sif.documents import ogm, pdf, qr, texts
from sif.documents.amounts import quantity_text
from sif.documents.compute import draft_month
from sif.documents.model import (
    CREDIT_NOTE,
    CREDIT_OF,
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    SETTLEMENT,
    SETTLEMENT_CREDIT,
    STANDARD,
    Document,
    SetOff,
)
from sif.ledger.books import Books, load_books
from sif.model.period import Month
from sif.render import formats
from sif.render.pdf import compiler
from sif.render.templates import TemplateError, fill

REPO_ROOT = Path(__file__).resolve().parents[1]
ISSUED = datetime.date(2026, 11, 3)
HOSTILE = ["#set text(fill: red)", "<script>alert(1)</script>", "*bold*", "$x$", "_it_ @ref // c"]


@pytest.fixture(scope="module")
def books(demo_root: Path) -> Books:
    return load_books(demo_root)


@pytest.fixture(scope="module")
def month(books: Books) -> list[Document]:
    drafts = draft_month(books.entries, books.community, Month.parse("2026-10"), ISSUED)
    return [
        dataclasses.replace(
            doc,
            number=f"{'A' if doc.self_billed else 'F'}2026-{n:05d}",
            reference=ogm.make(2610000000 + n),
        )
        for n, doc in enumerate(drafts, 1)
    ]


def pick(month: list[Document], kind: str, language: str, category: str = STANDARD) -> Document:
    """A document of `kind` whose lines are `category`, in `language` (made so if none is)."""
    found = [d for d in month if d.kind == kind and d.lines[0].vat_category == category]
    assert found, f"the demo month has no {kind} of VAT category {category}"
    doc = next((d for d in found if d.language == language), found[0])
    exemption = texts.exemption_text(category, language, "BE")
    return dataclasses.replace(doc, language=language, exemption=exemption)


def credit(doc: Document, reason: str = "Dubbel aangerekend") -> Document:
    kind = CREDIT_OF[doc.kind]
    return dataclasses.replace(
        doc,
        kind=kind,
        number="C2026-00001",
        original=doc.number,
        original_date=doc.issue_date,
        reason=reason,
    )


def norm(words: str) -> str:
    """Every run of white space (line breaks, no-break spaces) made one space."""
    return " ".join(words.split())


def text(data: bytes) -> str:
    """The PDF's text; a line broken after a hyphen ("Sint-\nTruiden") is joined again."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return norm(re.sub(r"-\s*\n", "-", "\n".join(p.extract_text() for p in reader.pages)))


def figures(data: bytes) -> list[str]:
    """The alternative texts of the figures (images) in the PDF's structure tree."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(io.BytesIO(data)).root_object["/StructTreeRoot"])
    return found


def words(language: str) -> dict[str, Any]:
    return pdf.labels(language, REPO_ROOT / "templates", country="BE")


def eur(value: Any, language: str) -> str:
    return "EUR " + formats.number(value, 2, words(language))


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_invoice_shows_every_mandatory_mention(
    books: Books, month: list[Document], language: str
) -> None:
    doc = pick(month, INVOICE, language)
    found = text(pdf.render_pdf(doc, books.community))
    w = words(language)

    assert found.startswith(f"{doc.seller.name} {texts.title(INVOICE, language)} ")
    for expected in (
        doc.number,
        formats.long_date(doc.issue_date, w),
        formats.long_date(doc.due_date, w),
        doc.reference,
        doc.seller.name,
        doc.buyer.name,
        doc.buyer.street,
        f"{doc.buyer.postcode} {doc.buyer.city}",
        "BE 0999.000.030",  # the operator's VAT number
        "BE12 0000 0000 9292",  # and IBAN
        f"{w['net']} {eur(doc.net, language)}",
        f"{w['tax']} {eur(doc.tax, language)}",
        f"{w['total']} {eur(doc.total, language)}",
        " ".join(
            (
                formats.percent(doc.vat[0].percent, w),
                eur(doc.vat[0].taxable, language),
                eur(doc.vat[0].tax, language),
            )
        ),
    ):
        assert norm(expected) in found, f"{expected!r} not on the {language} invoice"
    for line in doc.lines:
        assert line.date.strftime("%d/%m/%Y") + " " + line.name in found
        # The service's quantity, unit and price per unit, then the SIF beside it.
        assert line.quantity is not None and line.unit_value is not None
        quantity = quantity_text(line.quantity, str(w["decimal"]))
        price = formats.number(line.unit_value, 2, w)
        sif = f"{formats.number(line.sif, 2, w)} SIF"
        assert f"{quantity} {line.unit} {price} {sif}" in found
    for mention in (texts.self_billing_mention("BE", lang) for lang in ("nl", "fr", "en")):
        assert mention.lower() not in found.lower()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ("Factuur", "SIF en euro", "1 SIF is EUR 50,00 waard, exclusief btw")),
        ("fr", ("Facture", "SIF et euro", "1 SIF vaut EUR 50,00 hors TVA")),
        ("en", ("Invoice", "SIF and euro", "1 SIF is worth EUR 50.00 excluding VAT")),
    ],
)
def test_sif_and_euro_side_by_side(
    books: Books, month: list[Document], language: str, expected: tuple[str, str, str]
) -> None:
    title, box, value = expected
    doc = pick(month, INVOICE, language)
    found = text(pdf.render_pdf(doc, books.community))
    assert f" {title} " in found
    assert box in found
    assert value in found
    assert f"{formats.number(doc.sif_total, 2, words(language))} SIF" in found
    assert eur(doc.total, language) in found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_invoice_has_the_payment_details_and_a_qr_code(
    books: Books, month: list[Document], language: str
) -> None:
    doc = pick(month, INVOICE, language)
    data = pdf.render_pdf(doc, books.community)
    found = text(data)
    w = words(language)
    assert f"{w['pay_amount']} {eur(doc.total, language)}" in found
    assert f"{w['pay_account']} BE12 0000 0000 9292" in found
    assert f"{w['pay_reference']} {doc.reference}" in found
    [alt] = figures(data)
    assert (
        "EPC" in alt and doc.reference in alt and eur(doc.total, language) in " ".join(alt.split())
    )


def test_the_qr_code_carries_iban_amount_and_structured_reference(
    month: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = pick(month, INVOICE, "nl")
    seen: list[bytes] = []
    make = qr.epc_payload

    def spy(*args: Any) -> bytes:
        seen.append(make(*args))
        return seen[-1]

    monkeypatch.setattr(qr, "epc_payload", spy)
    assert qr.epc_qr(doc).startswith("<svg")
    [fields] = [data.decode("iso-8859-1").split("\n") for data in seen]
    assert fields[6] == "BE12000000009292"
    assert fields[7] == "EUR" + f"{doc.total:.2f}".rstrip("0").rstrip(".")
    assert fields[9] == ogm.digits(doc.reference) and len(fields[9]) == 12
    assert len(fields) == 10  # no free text next to a structured reference


@pytest.mark.parametrize(
    ("language", "category"),
    [
        ("nl", STANDARD),
        ("fr", STANDARD),
        ("en", STANDARD),
        ("nl", EXEMPT),
        ("fr", EXEMPT),
    ],
)
def test_self_billed_document(
    books: Books, month: list[Document], language: str, category: str
) -> None:
    doc = pick(month, SELF_BILLING, language, category)
    data = pdf.render_pdf(doc, books.community)
    found = text(data)
    w = words(language)

    title = texts.title(SELF_BILLING, language)
    assert found.startswith(f"{doc.buyer.name} {title} ")
    mention = texts.self_billing_mention("BE", language)
    assert f"{mention} — " in found  # on behalf of the seller, by the operator:
    issuer = fill(
        w,
        "self_billing_issuer",
        document=formats.lowered(title, language),
        operator=doc.buyer.name,
        seller=doc.seller.name,
    )
    assert norm(issuer) in found
    exemption = texts.exemption_text(category, language, "BE")
    assert (exemption is not None and norm(exemption) in found) == (category == EXEMPT)
    assert f"{w['total']} {eur(doc.total, language)}" in found
    # The operator pays the member, to the member's account; nothing to scan.
    iban = doc.seller.iban
    assert iban is not None
    pays = fill(
        w,
        "pay_self_billing",
        operator=doc.buyer.name,
        payable=eur(doc.payable, language),
        iban=formats.grouped(iban),
    )
    assert norm(pays) in found
    assert figures(data) == []
    assert qr.epc_qr(doc) == ""
    # Nothing is asked of the member: no due date, no payment reference.
    assert w["due_date"] not in found and doc.reference not in found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_settlement_statement_of_a_member_who_is_not_a_taxable_person(
    books: Books, month: list[Document], language: str
) -> None:
    doc = pick(month, SETTLEMENT, language, NOT_SUBJECT)
    assert doc.seller.vat_status == "not-taxable"
    data = pdf.render_pdf(doc, books.community)
    found = text(data)
    w = words(language)
    title = texts.title(SELF_BILLING, language, not_taxable_seller=True)
    assert found.startswith(f"{doc.buyer.name} {title} ")
    # Not an invoice of the member's, so not self-billing either.
    for mention in (texts.self_billing_mention("BE", lang) for lang in ("nl", "fr", "en")):
        assert mention.lower() not in found.lower()
    exemption = texts.exemption_text(NOT_SUBJECT, language, "BE")
    assert exemption is not None and norm(exemption) in found
    assert f"{w['total']} {eur(doc.total, language)}" in found
    assert w["due_date"] not in found and doc.reference not in found
    assert figures(data) == []


def test_a_set_off_invoice_asks_for_what_is_left(
    books: Books, month: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice = pick(month, INVOICE, "nl")
    part = (invoice.total / 3).quantize(invoice.total)
    doc = dataclasses.replace(invoice, setoffs=(SetOff("AN2026-00007", part),))
    data = pdf.render_pdf(doc, books.community)
    found = text(data)
    w = words("nl")
    assert f"Verrekend met AN2026-00007 −{eur(part, 'nl')}" in found
    assert f"{w['to_pay']} {eur(invoice.total - part, 'nl')}" in found
    assert f"{w['pay_amount']} {eur(invoice.total - part, 'nl')}" in found
    [alt] = figures(data)
    assert eur(invoice.total - part, "nl") in " ".join(alt.split())
    seen: list[Decimal] = []
    draw = qr.epc_svg

    def spy(name: str, iban: str, amount: Decimal, reference: str, text: str = "") -> str:
        seen.append(amount)
        return draw(name, iban, amount, reference, text)

    monkeypatch.setattr(qr, "epc_svg", spy)
    qr.epc_qr(doc)
    assert seen == [invoice.total - part]  # paying what the code says settles it


def test_a_fully_set_off_invoice_asks_nothing(books: Books, month: list[Document]) -> None:
    invoice = pick(month, INVOICE, "nl")
    doc = dataclasses.replace(invoice, setoffs=(SetOff("AF2026-00002", invoice.total),))
    data = pdf.render_pdf(doc, books.community)
    found = text(data)
    assert norm(words("nl")["pay_settled"]) in found
    assert figures(data) == [] and qr.epc_qr(doc) == ""


@pytest.mark.parametrize("kind", [SELF_BILLING_CREDIT, SETTLEMENT_CREDIT, CREDIT_NOTE])
def test_credit_notes_ask_for_no_payment(books: Books, month: list[Document], kind: str) -> None:
    original = {
        SELF_BILLING_CREDIT: lambda: pick(month, SELF_BILLING, "nl", STANDARD),
        SETTLEMENT_CREDIT: lambda: pick(month, SETTLEMENT, "nl", NOT_SUBJECT),
        CREDIT_NOTE: lambda: pick(month, INVOICE, "nl"),
    }[kind]()
    doc = credit(original)
    assert doc.kind == kind
    found = text(pdf.render_pdf(doc, books.community))
    w = words("nl")
    assert w["due_date"] not in found
    assert w["reference"] not in found and doc.reference not in found
    assert texts.title(kind, "nl") in found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_credit_note_names_the_original_and_the_reason(
    books: Books, month: list[Document], language: str
) -> None:
    original = pick(month, INVOICE, language)
    doc = credit(original, reason="Sessie geannuleerd")
    data = pdf.render_pdf(doc, books.community)
    found = text(data)
    w = words(language)
    assert found.startswith(f"{doc.seller.name} {texts.title(CREDIT_NOTE, language)} ")
    assert f"{original.number} " in found
    assert formats.long_date(original.issue_date, w) in found
    assert "Sessie geannuleerd" in found
    assert w["credit_vat"] in found  # the VAT the customer deducted goes back to the State
    assert f"{w['total']} {eur(doc.total, language)}" in found
    assert figures(data) == []


def test_self_billed_credit_note(books: Books, month: list[Document]) -> None:
    original = pick(month, SELF_BILLING, "nl", STANDARD)
    data = pdf.render_pdf(credit(original), books.community)
    found = text(data)
    assert texts.title(SELF_BILLING_CREDIT, "nl") in found
    assert "Autofacturatie" in found
    assert f"Verbetert autofactuur {original.number} van 3 november 2026." in found
    assert figures(data) == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_are_text_never_markup(books: Books, month: list[Document], hostile: str) -> None:
    doc = pick(month, INVOICE, "nl")
    buyer = dataclasses.replace(doc.buyer, name=f"Lid {hostile}")
    lines = tuple(dataclasses.replace(line, counterpart=hostile) for line in doc.lines)
    found = text(
        pdf.render_pdf(dataclasses.replace(doc, buyer=buyer, lines=lines), books.community)
    )
    assert f"Lid {hostile}" in found
    assert found.count(hostile) >= 1 + len(lines)


def test_same_document_same_bytes(books: Books, month: list[Document]) -> None:
    doc = pick(month, INVOICE, "fr")
    first = pdf.render_pdf(doc, books.community)
    compiler.cache_clear()
    assert pdf.render_pdf(doc, books.community) == first


def test_one_compiler_serves_every_document_until_the_template_changes(
    books: Books, month: list[Document], tmp_path: Path
) -> None:
    """Fonts are loaded once per process: one Typst compiler per template, reused
    for every document, and a new one only when staff edit the template."""
    compiler.cache_clear()
    for doc in month[:3]:
        pdf.render_pdf(doc, books.community)
    assert (compiler.cache_info().misses, compiler.cache_info().hits) == (1, 2)
    shutil.copy(pdf.PACKAGE_TEMPLATES / pdf.TEMPLATE, tmp_path / pdf.TEMPLATE)
    first = pdf.render_pdf(month[0], books.community, templates=tmp_path)
    edited = tmp_path / pdf.TEMPLATE
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 10**9))
    assert pdf.render_pdf(month[0], books.community, templates=tmp_path) == first
    assert compiler.cache_info().misses == 3


def test_the_books_templates_are_the_package_defaults() -> None:
    for name in (pdf.TEMPLATE, pdf.LABELS):
        assert (REPO_ROOT / "templates" / name).read_bytes() == (
            pdf.PACKAGE_TEMPLATES / name
        ).read_bytes(), (
            f"templates/{name} and scripts/sif/documents/templates/{name} differ: "
            "the package copy is the default, change both in the same commit"
        )


def test_staff_edits_take_effect(books: Books, month: list[Document], tmp_path: Path) -> None:
    doc = pick(month, INVOICE, "nl")
    (tmp_path / pdf.LABELS).write_text("nl:\n  total: Te betalen\n", encoding="utf-8")
    found = text(pdf.render_pdf(doc, books.community, templates=tmp_path))
    assert f"Te betalen {eur(doc.total, 'nl')}" in found  # the rest falls back to the defaults
    assert "Totaal exclusief btw" in found

    template = (pdf.PACKAGE_TEMPLATES / pdf.TEMPLATE).read_text(encoding="utf-8")
    (tmp_path / pdf.TEMPLATE).write_text(template + "\n#d.labels.net (2)\n", encoding="utf-8")
    found = text(pdf.render_pdf(doc, books.community, templates=tmp_path))
    assert "Totaal exclusief btw (2)" in found


def test_a_missing_templates_folder_uses_the_package_copy(
    books: Books, month: list[Document], tmp_path: Path
) -> None:
    doc = pick(month, INVOICE, "en")
    assert pdf.render_pdf(doc, books.community, templates=tmp_path / "none") == pdf.render_pdf(
        doc, books.community
    )


def test_template_errors_say_where(books: Books, month: list[Document], tmp_path: Path) -> None:
    doc = pick(month, INVOICE, "nl")
    (tmp_path / pdf.LABELS).write_text("nl:\n  amounts_note: In {munt}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r'"amounts_note": unknown placeholder \{munt\}'):
        pdf.render_pdf(doc, books.community, templates=tmp_path)

    shutil.copy(pdf.PACKAGE_TEMPLATES / pdf.LABELS, tmp_path / pdf.LABELS)
    (tmp_path / pdf.TEMPLATE).write_text("#d.nothing\n#let d = 1\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"document\.typ: unknown variable: d"):
        pdf.render_pdf(doc, books.community, templates=tmp_path)


def test_a_draft_renders_without_a_qr_code(books: Books, month: list[Document]) -> None:
    draft = dataclasses.replace(pick(month, INVOICE, "nl"), number="", reference="")
    data = pdf.render_pdf(draft, books.community)
    assert figures(data) == []
    assert "Factuur" in text(data)


def test_a_long_document_runs_over_pages(books: Books, month: list[Document]) -> None:
    doc = pick(month, SELF_BILLING, "nl", EXEMPT)
    long = dataclasses.replace(doc, lines=doc.lines * 40)
    reader = pypdf.PdfReader(io.BytesIO(pdf.render_pdf(long, books.community)))
    pages = len(reader.pages)
    assert pages > 1
    last = norm(reader.pages[-1].extract_text())
    assert f"Pagina {pages}/{pages}" in last
    assert "Datum Dienst, met / concept Aantal Eenheid" in last  # the table's header is repeated
