"""A Dutch community currency: a euro value, 9% VAT, RF references, invoices but no self-billing.

Stichting Kennisruil Utrecht, made with `sif init --invoicing invoices`,
records a trade and runs its month-end: the recipient gets an invoice at 9%
with an ISO 11649 creditor reference, the provider gets nothing (providers
invoice the stichting themselves), and `sif vat` sums by rate instead of
filling Belgian grids.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from lxml import etree
from stdnum import iso11649

from sif.documents.stored import embedded_pdf
from sif.model.community import load_community
from tests.conftest import run_cli

INIT = (
    "--name", "Kennisruil Utrecht", "--code", "KRU", "--value", "25", "--vat", "9",
    "--invoicing", "invoices", "--operator-id", "kennisruil",
    "--operator-name", "Stichting Kennisruil Utrecht", "--legal-form", "stichting",
    "--vat-number", "NL004495445B01", "--street", "Oudegracht 1", "--postcode", "3511 AA",
    "--city", "Utrecht", "--country", "NL", "--iban", "NL91ABNA0417164300",
    "--email", "info@kennisruil.example", "--start", "2026-01-01",
)  # fmt: skip
UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


@pytest.fixture
def books(tmp_path: Path) -> Path:
    target = tmp_path / "kennisruil"
    result = run_cli(tmp_path, "init", str(target), *INIT)
    assert result.exit_code == 0, result.output
    for name, form in (("Buurthuis De Linde", "vereniging"), ("Adviesbureau Smit", "bv")):
        result = run_cli(
            target, "member", "add", "--name", name, "--kind", "organisation",
            "--legal-form", form, "--vat-status", "not-taxable", "--language", "nl",
            "--street", "Lindelaan 4", "--postcode", "3581 AB", "--city", "Utrecht",
            "--country", "NL", "--email", "post@example.nl", "--joined", "2026-01-01",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return target


def test_dutch_legal_forms_and_vat_numbers_are_accepted(books: Path) -> None:
    community = load_community(books)
    assert community.errors == []
    operator = community.operator
    assert operator is not None
    assert (operator.legal_form, operator.vat_number, operator.peppol) == (
        "stichting",
        "NL004495445B01",
        None,
    )
    assert community.members["buurthuis-de-linde"].legal_form == "vereniging"


def test_a_dutch_vat_number_with_a_wrong_check_is_refused(books: Path) -> None:
    member = books / "members" / "adviesbureau-smit.yaml"
    text = member.read_text(encoding="utf-8")
    member.write_text(
        text.replace(
            "vat: {status: not-taxable}", "vat: {status: registered, number: NL004495444B01}"
        ),
        encoding="utf-8",
    )
    result = run_cli(books, "check")
    assert result.exit_code == 1
    assert '"NL004495444B01" is not a valid VAT or enterprise number' in result.stderr


def test_month_end_issues_invoices_at_9_percent_with_rf_references_and_no_self_billing(
    books: Path,
) -> None:
    result = run_cli(
        books, "record", "coaching-session", "--date", "2026-10-05", "--quantity", "2",
        "--provider", "adviesbureau-smit", "--recipient", "buurthuis-de-linde",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run_cli(books, "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    # 2 KRU x EUR 25 = EUR 50.00, plus 9% VAT = EUR 54.50, for the recipient only.
    assert "54.50 EUR" in result.stdout
    listed = run_cli(books, "invoice", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    ledger = (books / "ledger" / "documents" / "2026-10.beancount").read_text(encoding="utf-8")
    assert re.findall(r'number: "([A-Z]+\d{4}-\d{5})"', ledger) == ["F2026-00001"]
    (reference,) = re.findall(r'reference: "([^"]*)"', ledger)
    assert reference.startswith("RF")
    assert iso11649.is_valid(reference)
    assert "+++" not in ledger
    files = sorted(p.name for p in (books / "documents" / "2026-10").iterdir())
    assert files == ["F2026-00001.xml"]  # stored once: the PDF is inside
    ubl = etree.parse(books / "documents" / "2026-10" / "F2026-00001.xml")
    assert ubl.findtext(".//cbc:PaymentID", namespaces=UBL) == reference
    assert ubl.findtext(".//cbc:PayableAmount", namespaces=UBL) == "54.50"
    assert ubl.findtext(".//cbc:Percent", namespaces=UBL) in ("9", "9.00")
    pdf = pypdf.PdfReader(
        io.BytesIO(
            embedded_pdf((books / "documents" / "2026-10" / "F2026-00001.xml").read_bytes())
        )
    )
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert f"Betalingskenmerk {reference}" in " ".join(text.split())
    assert "autofactu" not in text.lower()
    assert "Gestructureerde mededeling" not in text
    assert run_cli(books, "check").exit_code == 0

    made = run_cli(books, "statements", "--month", "2026-10", "--as-of", "2026-11-04")
    assert made.exit_code == 0, made.output
    for member in ("adviesbureau-smit", "buurthuis-de-linde"):
        page = (books / "out" / "statements" / "2026-10" / f"{member}.html").read_text("utf-8")
        assert "Voor wat u gaf, stuurt u zelf een factuur aan Stichting Kennisruil" in page
        assert "autofactu" not in page.lower()
        assert "verreken" not in page.lower()

    vat = run_cli(books, "vat", "--quarter", "2026Q4")
    assert vat.exit_code == 0, vat.output
    assert "sif fills no VAT return grids for NL" in vat.stdout
    assert re.search(r"sales\s+9%\s+base\s+50\.00\s+VAT\s+4\.50", vat.stdout), vat.stdout
    assert "grid 03" not in vat.stdout


def test_a_bank_payment_with_the_rf_reference_pays_the_invoice(
    books: Path, tmp_path: Path
) -> None:
    run_cli(
        books, "record", "coaching-session", "--date", "2026-10-05", "--quantity", "2",
        "--provider", "adviesbureau-smit", "--recipient", "buurthuis-de-linde",
    )  # fmt: skip
    issued = run_cli(books, "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert issued.exit_code == 0, issued.output
    ledger = (books / "ledger" / "documents" / "2026-10.beancount").read_text(encoding="utf-8")
    (reference,) = re.findall(r'reference: "([^"]*)"', ledger)
    spaced = " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))
    typo = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "date,amount,currency,reference,name,iban,id\n"
        f"2026-11-20,54.50,EUR,{spaced},Buurthuis,,B1\n"
        f"2026-11-21,1.00,EUR,{typo},Buurthuis,,B2\n",
        encoding="utf-8",
    )
    result = run_cli(books, "payment", "import", str(bank))
    assert result.exit_code == 1  # one line not booked
    assert "paid              54.50 on F2026-00001 (buurthuis-de-linde)" in result.output
    assert f'"{typo}": the check digits are wrong' in result.output
    assert run_cli(books, "check").exit_code == 0


def test_a_german_member_gets_a_german_invoice(books: Path) -> None:
    """A German member of the Dutch community (language de): the invoice's title,
    labels and payment reference label are German, the stichting's legal data Dutch."""
    result = run_cli(
        books, "member", "add", "--name", "Werkstatt Aachen", "--kind", "organisation",
        "--legal-form", "e-v", "--vat-status", "not-taxable", "--language", "de",
        "--street", "Pontstraße 1", "--postcode", "52062", "--city", "Aachen",
        "--country", "DE", "--email", "post@werkstatt.example", "--joined", "2026-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run_cli(
        books, "record", "coaching-session", "--date", "2026-10-05", "--quantity", "2",
        "--provider", "adviesbureau-smit", "--recipient", "werkstatt-aachen",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run_cli(books, "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    xml = (books / "documents" / "2026-10" / "F2026-00001.xml").read_bytes()
    pdf = pypdf.PdfReader(io.BytesIO(embedded_pdf(xml)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for german in ("Rechnung", "Zahlungsreferenz RF", "Leistungszeitraum", "Oktober 2026", "3. November 2026",
                   "Summe ohne USt."):  # fmt: skip
        assert german in text, german
    for dutch in ("Factuur", "Betalingskenmerk", "Te betalen", "btw"):
        assert dutch not in text, dutch
    ubl = etree.parse(books / "documents" / "2026-10" / "F2026-00001.xml")
    assert ubl.findtext(".//cbc:PayableAmount", namespaces=UBL) == "54.50"


def test_the_site_is_the_community_s_own(books: Path) -> None:
    """The operator speaks nl, fr, en (the default): a Dutch site at the root with
    Dutch page names and the other two below it, without a word of the Fabriek,
    the time bank or the SIF."""
    result = run_cli(books, "site", "build", "--today", "2026-11-02")
    assert result.exit_code == 0, result.output
    public = books / "public"
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in home
    assert "Kennisruil Utrecht" in home
    assert (public / "menukaart.html").is_file() and (public / "en" / "menukaart.html").is_file()
    assert '<html lang="en"' in (public / "en" / "index.html").read_text(encoding="utf-8")
    for path in sorted(public.rglob("*.html")):
        if path.parent.name in ("search", "assets"):
            continue
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", path.read_text("utf-8"), flags=re.S)
        for word in ("Fabriek", "SIF", "Riverside", "HOUR", "Bootcamp", "Solution Lab"):
            assert word not in visible, (path.relative_to(public), word)
