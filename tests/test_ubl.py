"""UBL 2.1 output (sif.documents.ubl) against the offline Peppol validator.

Every draft of the demo month 2026-10 (numbered, some with a PDF embedded) and
a set of edge cases are written to files and checked in ONE run of
`validate_peppol.py --json` per session (its start-up costs about 1.2 s):
XSD, EN 16931 (CEN) and the Peppol BIS Billing or Self-Billing rules.

Known gap: a party with no Peppol id and no enterprise number (a private
person) gets the EndpointID scheme EM (its e-mail). EN 16931 accepts EM, the
Peppol rules do not (PEPPOL-EN16931-CL008), and no Peppol scheme fits a
private person. Such a document cannot travel over Peppol anyway (its receiver
has no access point); the tests assert that CL008 is then the ONLY fatal
finding, and that every other document has none.

The validator is found through SIF_PEPPOL_DIR, else <repo>/../shared/peppol;
the tests fail (not skip) when it is missing. Golden files live in
tests/golden/ubl/; rewrite them with SIF_UPDATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from sif.documents import ogm
from sif.documents.amounts import line_amount, totals
from sif.documents.compute import Month, draft_month
from sif.documents.model import (
    CREDIT_NOTE,
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    STANDARD,
    Document,
    Line,
    Party,
)
from sif.documents.texts import exemption_text
from sif.documents.ubl import CAC, CBC, UblError, endpoint, read_ubl, to_ubl
from sif.ledger.books import load_books

REPO_ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "ubl"
MONTH = Month.parse("2026-10")
ISSUE = datetime.date(2026, 11, 3)
NS = {"cac": CAC, "cbc": CBC}
#: The one Peppol finding a party without any Peppol-capable identifier causes (see above).
NO_PEPPOL_ADDRESS = "PEPPOL-EN16931-CL008"
FATAL = ("fatal", "error")


def fake_pdf(label: str) -> bytes:
    """A small stand-in for a rendered PDF; the validator only checks the mime code."""
    return b"%PDF-1.4\n% " + label.encode() + b"\n%%EOF\n"


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    doc: Document
    pdf: bytes | None = None

    @property
    def xml(self) -> bytes:
        return to_ubl(self.doc, self.pdf)

    @property
    def member_party(self) -> Party:
        return self.doc.seller if self.doc.self_billed else self.doc.buyer


# ---------------------------------------------------------------- documents


def numbered(docs: list[Document]) -> list[Document]:
    """The drafts with numbers and structured references, as issuing would give them."""
    series = {INVOICE: "F", SELF_BILLING: "AF"}
    count = dict.fromkeys(series, 0)
    result = []
    for doc in docs:
        count[doc.kind] += 1
        prefix = 2610000000 if doc.kind == INVOICE else 2620000000
        result.append(
            dataclasses.replace(
                doc,
                number=f"{series[doc.kind]}2026-{count[doc.kind]:05d}",
                reference=ogm.make(prefix + count[doc.kind]),
            )
        )
    return result


def demo_month(root: Path) -> list[Document]:
    books = load_books(root)
    return numbered(draft_month(books.entries, books.community, MONTH, ISSUE))


def first(docs: list[Document], what: str, test: Callable[[Document], bool]) -> Document:
    for doc in docs:
        if test(doc):
            return doc
    pytest.fail(f"the demo month {MONTH} has no {what}; the UBL edge cases need one")


def credit(doc: Document, kind: str, number: str, reason: str) -> Document:
    return dataclasses.replace(
        doc,
        kind=kind,
        number=number,
        issue_date=datetime.date(2026, 11, 20),
        due_date=datetime.date(2026, 12, 20),
        original=doc.number,
        original_date=doc.issue_date,
        reason=reason,
    )


OPERATOR = Party(
    id="fabriek",
    name="Sociale InnovatieFabriek vzw",
    street="Kerkstraat 1",
    postcode="9000",
    city="Gent",
    country="BE",
    vat_number="BE0123456749",
    enterprise_number="0123456749",
    vat_status="registered",
    iban="BE12 0000 0000 9292",
    peppol="0208:0123456749",
    email="boekhouding@fabriek.example",
    language="nl",
)
REGISTERED = Party(
    id="coaching-voorbeeld",
    name="Coaching Voorbeeld bv",
    street="Veldstraat 12",
    postcode="3000",
    city="Leuven",
    country="BE",
    vat_number="BE0447123478",
    enterprise_number="0447123478",
    vat_status="registered",
    iban="BE75068234567851",
    peppol=None,
    email="hallo@coaching-voorbeeld.example",
    language="nl",
)
SMALL = Party(
    id="atelier-exemple",
    name="Atelier Exemple SRL",
    street="Rue du Midi 5",
    postcode="1000",
    city="Bruxelles",
    country="BE",
    vat_number="BE0987654394",
    enterprise_number="0987654394",
    vat_status="small-enterprise",
    iban="BE71 0961 2345 6769",
    peppol=None,
    email="bonjour@atelier-exemple.example",
    language="fr",
)


def line(
    day: int, name: str, sif: str, price: str, *, vat: tuple[str, str], counterpart: str
) -> Line:
    category, percent = vat
    return Line(
        date=datetime.date(2026, 10, day),
        service=name.lower().replace(" ", "-"),
        name=name,
        counterpart=counterpart,
        sif=Decimal(sif),
        unit_price=Decimal(price),
        amount=line_amount(Decimal(sif), Decimal(price)),
        vat_category=category,
        vat_percent=Decimal(percent),
        trade=f"{day:012x}",
    )


def by_hand(
    kind: str, number: str, seller: Party, buyer: Party, lines: tuple[Line, ...]
) -> Document:
    """A document built without the books, so its bytes do not move with the demo."""
    subtotals, net, tax, total = totals(lines)
    member = buyer if kind == INVOICE else seller
    return Document(
        number=number,
        kind=kind,
        member=member.id,
        issue_date=ISSUE,
        due_date=ISSUE + datetime.timedelta(days=30),
        period_start=MONTH.start,
        period_end=MONTH.end,
        currency="EUR",
        community_currency="SIF",
        seller=seller,
        buyer=buyer,
        language=member.language,
        lines=lines,
        vat=subtotals,
        net=net,
        tax=tax,
        total=total,
        reference=ogm.make(2690000001 if kind == INVOICE else 2690000002),
        exemption=exemption_text(lines[0].vat_category, member.language),
    )


#: Two unit prices (the tariff changed mid-month) and two VAT rates on one invoice.
TWO_RATES = by_hand(
    INVOICE,
    "F2026-09001",
    OPERATOR,
    REGISTERED,
    (
        line(
            5,
            "Workshop",
            "1.50",
            "50",
            vat=(STANDARD, "21"),
            counterpart="Sociale InnovatieFabriek vzw",
        ),
        line(
            20,
            "Bootcamp",
            "2",
            "55",
            vat=(STANDARD, "6"),
            counterpart="Sociale InnovatieFabriek vzw",
        ),
        line(
            21,
            "Versterkingssessie",
            "0.83",
            "55",
            vat=(STANDARD, "21"),
            counterpart="An Claes, Bram Peeters",
        ),
    ),
)
#: A self-billed document of a small enterprise, in French.
SMALL_SELF_BILLED = by_hand(
    SELF_BILLING,
    "AF2026-09001",
    SMALL,
    OPERATOR,
    (
        line(
            7,
            "Session de renforcement",
            "1.25",
            "50",
            vat=(EXEMPT, "0"),
            counterpart="De Buurtkeuken (Repair Café)",
        ),
        line(
            14, "Article", "1", "50", vat=(EXEMPT, "0"), counterpart="Sociale InnovatieFabriek vzw"
        ),
    ),
)
GOLDEN_CASES = {
    "invoice": Case("invoice", TWO_RATES, fake_pdf("F2026-09001")),
    "self-billing": Case("self-billing", SMALL_SELF_BILLED),
}


def edge_cases(docs: list[Document]) -> dict[str, Case]:
    """Documents that exercise one rule each, from the demo month and by hand."""
    invoice = first(
        docs,
        "invoice to a VAT-registered member",
        lambda d: d.kind == INVOICE and d.buyer.vat_status == "registered",
    )
    standard = first(
        docs,
        "self-billed document with VAT",
        lambda d: d.kind == SELF_BILLING and d.vat[0].category == STANDARD,
    )
    exempt = first(
        docs,
        "self-billed document of a small enterprise",
        lambda d: d.kind == SELF_BILLING and d.vat[0].category == EXEMPT,
    )
    outside = first(
        docs,
        "self-billed document of a not-taxable organisation",
        lambda d: (
            d.kind == SELF_BILLING
            and d.vat[0].category == NOT_SUBJECT
            and d.seller.enterprise_number is not None
        ),
    )
    person_sb = first(
        docs,
        "self-billed document of a private person",
        lambda d: (
            d.kind == SELF_BILLING
            and d.seller.enterprise_number is None
            and d.seller.peppol is None
        ),
    )
    person = first(
        docs,
        "invoice to a private person",
        lambda d: (
            d.kind == INVOICE
            and d.buyer.vat_number is None
            and d.buyer.enterprise_number is None
            and d.buyer.peppol is None
        ),
    )
    shared = first(
        docs,
        "line with a share of a multi-party trade",
        lambda d: any(ln.sif % Decimal("0.25") for ln in d.lines),
    )
    cases = [
        Case(
            "credit-note",
            credit(invoice, CREDIT_NOTE, "C2026-00001", "Sessie niet doorgegaan"),
            fake_pdf("C"),
        ),
        Case(
            "self-billing-credit-note",
            credit(standard, SELF_BILLING_CREDIT, "AC2026-00001", "Dubbel geboekt"),
        ),
        Case("self-billing-exempt", exempt, fake_pdf("exempt")),
        Case(
            "self-billing-exempt-no-iban",
            dataclasses.replace(exempt, seller=dataclasses.replace(exempt.seller, iban=None)),
        ),
        Case("self-billing-not-subject", outside),
        Case("self-billing-not-subject-person", person_sb),
        Case(
            "self-billing-not-subject-credit-note",
            credit(outside, SELF_BILLING_CREDIT, "AC2026-00002", "Artikel niet gepubliceerd"),
        ),
        Case("invoice-private-person", person),
        Case("multi-party-share", shared),
        Case("two-prices-two-rates", TWO_RATES),
        *(Case(f"golden-{case.name}", case.doc, case.pdf) for case in GOLDEN_CASES.values()),
    ]
    return {case.name: case for case in cases}


EDGE_CASES = (
    "credit-note",
    "self-billing-credit-note",
    "self-billing-exempt",
    "self-billing-exempt-no-iban",
    "self-billing-not-subject",
    "self-billing-not-subject-person",
    "self-billing-not-subject-credit-note",
    "invoice-private-person",
    "multi-party-share",
    "two-prices-two-rates",
    "golden-invoice",
    "golden-self-billing",
)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def peppol_dir() -> Path:
    """The offline validator kit: $SIF_PEPPOL_DIR, else <repo>/../shared/peppol."""
    configured = os.environ.get("SIF_PEPPOL_DIR")
    where = Path(configured) if configured else REPO_ROOT.parent / "shared" / "peppol"
    script = where / "validate_peppol.py"
    if not script.is_file():
        how = (
            "SIF_PEPPOL_DIR"
            if configured
            else "the default <repo>/../shared/peppol (set SIF_PEPPOL_DIR to change it)"
        )
        message = f"the Peppol validator is missing: no {script} (looked there from {how})"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must validate: a missing kit is an error there
        pytest.skip(message)
    return where


@pytest.fixture(scope="session")
def demo_cases(demo_root: Path) -> dict[str, Case]:
    """Every draft of the demo month, numbered; every third one with a PDF."""
    docs = demo_month(demo_root)
    return {
        f"{doc.number}-{doc.member}": Case(
            f"{doc.number}-{doc.member}", doc, fake_pdf(doc.number) if i % 3 == 0 else None
        )
        for i, doc in enumerate(docs)
    }


@pytest.fixture(scope="session")
def edge(demo_cases: dict[str, Case]) -> dict[str, Case]:
    cases = edge_cases([case.doc for case in demo_cases.values()])
    assert tuple(cases) == EDGE_CASES
    return cases


@pytest.fixture(scope="session")
def validation(
    peppol_dir: Path,
    demo_cases: dict[str, Case],
    edge: dict[str, Case],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict[str, Any]]:
    """Case name -> the validator's result for its file; one validator run for all."""
    folder = tmp_path_factory.mktemp("ubl")
    files: dict[str, str] = {}
    for name, case in {**demo_cases, **edge}.items():
        path = folder / f"{name}.xml"
        path.write_bytes(case.xml)
        files[str(path)] = name
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(peppol_dir / "validate_peppol.py"), "--json", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.perf_counter() - started
    print(f"\nPeppol validator: {len(files)} files in {elapsed:.2f} s")
    if run.returncode not in (0, 1):
        pytest.fail(f"the Peppol validator failed (exit {run.returncode}):\n{run.stderr}")
    report = json.loads(run.stdout)
    return {files[result["file"]]: result for result in report["files"]}


def expected_fatal(case: Case) -> set[str]:
    """The fatal rule ids a file may have: none, but see the module docstring."""
    parties = (case.doc.seller, case.doc.buyer)
    return {NO_PEPPOL_ADDRESS} if any(endpoint(p)[0] == "EM" for p in parties) else set()


def problems(case: Case, result: dict[str, Any]) -> str | None:
    """None if the file has exactly the expected fatal findings, else what is wrong."""
    findings = result["findings"]
    fatal = {f["id"] for f in findings if f["flag"] in FATAL}
    if fatal == expected_fatal(case):
        return None
    shown = "\n".join(
        f"  [{f['layer']}] {f['flag']} {f['id']}: {f['text']} at {f['location']}" for f in findings
    )
    return f"{case.name} ({result['ruleset']}): expected fatal {sorted(expected_fatal(case))}, got:\n{shown}"


# ---------------------------------------------------------------- validation


def test_demo_month_is_valid_peppol(
    demo_cases: dict[str, Case], validation: dict[str, dict[str, Any]]
) -> None:
    assert len(demo_cases) > 10
    failures = [p for name, case in demo_cases.items() if (p := problems(case, validation[name]))]
    assert not failures, (
        f"{len(failures)} of {len(demo_cases)} demo documents fail:\n" + "\n".join(failures)
    )


@pytest.mark.parametrize("name", EDGE_CASES)
def test_edge_case_is_valid_peppol(
    name: str, edge: dict[str, Case], validation: dict[str, dict[str, Any]]
) -> None:
    problem = problems(edge[name], validation[name])
    assert problem is None, problem


def test_rule_sets_follow_the_kind(
    demo_cases: dict[str, Case], edge: dict[str, Case], validation: dict[str, dict[str, Any]]
) -> None:
    for name, case in {**demo_cases, **edge}.items():
        want = "selfbilling" if case.doc.self_billed else "billing"
        assert validation[name]["ruleset"] == want, name
        assert validation[name]["document"] == (
            "CreditNote" if case.doc.credit_note else "Invoice"
        )


# ---------------------------------------------------------------- content


def tree(case: Case) -> etree._Element:
    return etree.fromstring(case.xml)


def texts(root: etree._Element, path: str) -> list[str]:
    return [node.text or "" for node in root.findall(path, NS)]


def test_self_billed_document_has_one_note_in_the_member_language(edge: dict[str, Case]) -> None:
    assert texts(tree(edge["golden-self-billing"]), "cbc:Note") == ["Autofacturation"]
    assert texts(tree(edge["self-billing-credit-note"]), "cbc:Note") == [
        "Autofacturatie: Dubbel geboekt"
    ]
    assert texts(tree(edge["credit-note"]), "cbc:Note") == ["Sessie niet doorgegaan"]
    assert texts(tree(edge["two-prices-two-rates"]), "cbc:Note") == []


def test_parties_and_payee(edge: dict[str, Case]) -> None:
    sb = tree(edge["golden-self-billing"])
    supplier = sb.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert supplier is not None
    assert texts(supplier, "cac:PartyIdentification/cbc:ID") == [SMALL.id]
    assert texts(supplier, "cac:PartyTaxScheme/cbc:CompanyID") == [SMALL.vat_number]  # BR-E-02
    assert texts(sb, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == ["BE71096123456769"]
    invoice = tree(edge["two-prices-two-rates"])
    assert texts(invoice, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == [
        "BE12000000009292"
    ]
    assert texts(invoice, "cac:PaymentMeans/cbc:PaymentID") == [TWO_RATES.reference]
    no_iban = tree(edge["self-billing-exempt-no-iban"])
    assert texts(no_iban, "cac:PaymentMeans/cbc:PaymentMeansCode") == ["1"]
    assert no_iban.find("cac:PaymentMeans/cac:PayeeFinancialAccount", NS) is None


def test_not_subject_document_carries_no_vat_identifier(edge: dict[str, Case]) -> None:
    for name in ("self-billing-not-subject", "self-billing-not-subject-person"):
        root = tree(edge[name])
        assert root.findall(".//cac:PartyTaxScheme", NS) == [], name  # BR-O-02
        assert root.findall(".//cac:ClassifiedTaxCategory/cbc:Percent", NS) == [], name
        assert texts(root, ".//cac:TaxCategory/cbc:TaxExemptionReason") == [
            edge[name].doc.exemption
        ]


def test_private_person_gets_an_e_mail_address(edge: dict[str, Case]) -> None:
    case = edge["invoice-private-person"]
    address = tree(case).find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert address is not None
    assert (address.get("schemeID"), address.text) == ("EM", case.doc.buyer.email)


def test_credit_note_references_the_original(edge: dict[str, Case]) -> None:
    for name in ("credit-note", "self-billing-credit-note"):
        case = edge[name]
        root = tree(case)
        assert texts(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
            case.doc.original
        ]
        assert root.find("cbc:DueDate", NS) is None
        assert texts(root, "cac:PaymentMeans/cbc:PaymentDueDate") == [
            case.doc.due_date.isoformat()
        ]
        assert len(root.findall("cac:CreditNoteLine", NS)) == len(case.doc.lines)


def test_lines_show_sif_quantity_price_and_date(edge: dict[str, Case]) -> None:
    root = tree(edge["two-prices-two-rates"])
    assert texts(root, "cac:InvoiceLine/cbc:InvoicedQuantity") == ["1.5", "2", "0.83"]
    assert texts(root, "cac:InvoiceLine/cac:Price/cbc:PriceAmount") == ["50.00", "55.00", "55.00"]
    assert texts(root, "cac:InvoiceLine/cbc:LineExtensionAmount") == ["75.00", "110.00", "45.65"]
    assert texts(root, "cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate")[0] == "2026-10-05"
    assert texts(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent") == ["21", "6"]
    assert texts(root, "cac:TaxTotal/cbc:TaxAmount") == [
        "31.94"
    ]  # 120.65 x 21% + 110 x 6% = 25.34 + 6.60


# ---------------------------------------------------------------- reading back


def test_read_ubl_gives_back_what_was_written(
    demo_cases: dict[str, Case], edge: dict[str, Case]
) -> None:
    for case in [*demo_cases.values(), *edge.values()]:
        doc = case.doc
        summary = read_ubl(case.xml)
        scheme, identifier = endpoint(case.member_party)
        assert summary.number == doc.number
        assert summary.kind == doc.kind
        assert summary.issue_date == doc.issue_date
        assert summary.currency == doc.currency
        assert (summary.net, summary.tax, summary.total) == (doc.net, doc.tax, doc.total)
        assert summary.member == doc.member
        assert summary.endpoint == f"{scheme}:{identifier}"
        assert summary.lines == len(doc.lines)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"", "not well-formed"),
        (b"<Invoice", "not well-formed"),
        (b"<html/>", "not a UBL document of ours"),
        (
            b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>',
            "not a UBL document of ours",
        ),
    ],
)
def test_read_ubl_rejects_what_is_not_ours(xml: bytes, message: str) -> None:
    with pytest.raises(UblError, match=message):
        read_ubl(xml)


def test_read_ubl_names_a_missing_field() -> None:
    xml = to_ubl(TWO_RATES).replace(
        b"<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>", b""
    )
    with pytest.raises(UblError, match="no currency"):
        read_ubl(xml)


def test_to_ubl_refuses_what_it_cannot_write() -> None:
    with pytest.raises(UblError, match="must name the document it corrects"):
        to_ubl(dataclasses.replace(TWO_RATES, kind=CREDIT_NOTE))
    nobody = dataclasses.replace(REGISTERED, peppol=None, enterprise_number=None, email=None)
    with pytest.raises(UblError, match="no Peppol id, enterprise number or e-mail"):
        to_ubl(dataclasses.replace(TWO_RATES, buyer=nobody))


# ---------------------------------------------------------------- stability


def test_same_document_gives_the_same_bytes(demo_cases: dict[str, Case], demo_root: Path) -> None:
    again = {doc.number: doc for doc in demo_month(demo_root)}  # drafted anew from the books
    for case in demo_cases.values():
        assert to_ubl(again[case.doc.number], case.pdf) == case.xml, case.name
    assert to_ubl(TWO_RATES, b"x") == to_ubl(TWO_RATES, b"x")


def test_header_and_encoding() -> None:
    xml = to_ubl(SMALL_SELF_BILLED)
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice ')
    assert "Café".encode() in xml
    assert b"\n  <cbc:ID>AF2026-09001</cbc:ID>\n" in xml


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_file(name: str) -> None:
    case = GOLDEN_CASES[name]
    path = GOLDEN / f"{name}.xml"
    if os.environ.get("SIF_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.xml)
    if not path.is_file():
        pytest.fail(f"no golden file {path}; write it with SIF_UPDATE_GOLDEN=1 and read it")
    want = path.read_text(encoding="utf-8")
    got = case.xml.decode("utf-8")
    diff = "".join(
        difflib.unified_diff(want.splitlines(True), got.splitlines(True), str(path), "to_ubl")
    )
    assert got == want, f"UBL output changed (SIF_UPDATE_GOLDEN=1 to accept):\n{diff}"
