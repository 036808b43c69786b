"""UBL 2.1 output (sif.documents.ubl) against the offline Peppol validator.

Every document of three month-ends (2026-08 to 2026-10) issued on freshly
generated demo books in a tmp folder (with their PDFs embedded), and a set of
edge cases, are written to files and checked in ONE run of
`validate_peppol.py --json` per session (its start-up costs about 1.2 s):
XSD, EN 16931 (CEN) and, for Peppol documents, the Peppol BIS Billing or
Self-Billing rules. Every file must have zero fatal findings.

The rule set follows the document: Peppol BIS when the member has a Peppol
identifier (a Peppol id or an enterprise number), the EN 16931 core for a
private person (no Peppol identifier; its e-mail, scheme EM, is its electronic
address) and for every settlement statement (not an invoice, so never Peppol).

The validator is found through SIF_PEPPOL_DIR, else <repo>/../shared/peppol;
the tests fail (not skip) when it is missing. Golden files live in
tests/golden/ubl/; rewrite them with `pytest --update-golden` and read the diff.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from lxml import etree

from sif.demo.books import INVOICED, write_demo_books
from sif.documents import ogm
from sif.documents.amounts import line_amount, totals
from sif.documents.model import (
    CREDIT_NOTE,
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    SETTLEMENT,
    SETTLEMENT_CREDIT,
    STANDARD,
    Document,
    Line,
    Party,
    SetOff,
)
from sif.documents.run import run_month
from sif.documents.stored import embedded_pdf
from sif.documents.texts import exemption_text
from sif.documents.ubl import (
    CAC,
    CBC,
    EN16931,
    UblError,
    endpoint,
    read_ubl,
    specification,
    to_ubl,
)
from sif.model.period import Month
from sif.paths import DOCUMENTS_DIR
from tests.conftest import check_golden, run_cli

REPO_ROOT = Path(__file__).resolve().parents[1]
MONTH = Month.parse("2026-10")
ISSUE = datetime.date(2026, 11, 3)
#: The demo's month-ends: the two it has invoiced, and the next one.
MONTH_ENDS = (*((m, d.isoformat()) for m, d in INVOICED), ("2026-10", "2026-11-03"))
NS = {"cac": CAC, "cbc": CBC}
FATAL = ("fatal", "error")


def fake_pdf(label: str) -> bytes:
    """A small stand-in for a rendered PDF; the validator only checks the mime code."""
    return b"%PDF-1.4\n% " + label.encode() + b"\n%%EOF\n"


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    doc: Document
    pdf: bytes | None = None
    #: The file a month-end wrote for the document, if it was issued.
    issued: Path | None = None

    @property
    def xml(self) -> bytes:
        return to_ubl(self.doc, self.pdf)

    @property
    def member_party(self) -> Party:
        return self.doc.seller if self.doc.self_billed else self.doc.buyer


# ---------------------------------------------------------------- documents


class MonthEnds(NamedTuple):
    """Demo books in a tmp folder after three month-ends."""

    root: Path
    documents: list[Document]


def run_month_ends(root: Path) -> MonthEnds:
    """Write the demo books below `root` and issue their month-ends there."""
    write_demo_books(root, invoiced=False)
    documents: list[Document] = []
    for month, issue_date in MONTH_ENDS:
        result = run_month(root, Month.parse(month), datetime.date.fromisoformat(issue_date))
        documents += result.documents
    return MonthEnds(root, documents)


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
PERSON = Party(
    id="lotte-peeters",
    name="Lotte Peeters",
    street="Molenstraat 8",
    postcode="2000",
    city="Antwerpen",
    country="BE",
    vat_number=None,
    enterprise_number=None,
    vat_status="not-taxable",
    iban="BE68 5390 0754 7034",
    peppol=None,
    email="lotte@peeters.example",
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
    day: int,
    name: str,
    sif: str,
    price: str,
    *,
    vat: tuple[str, str],
    counterpart: str,
    service: tuple[Fraction, str, str] | None = None,
) -> Line:
    """A line; `service` is (quantity, unit, EUR per unit) of the service."""
    category, percent = vat
    quantity, unit, value = service or (None, "", None)
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
        quantity=quantity,
        unit=unit,
        unit_value=Decimal(value) if value is not None else None,
    )


def by_hand(
    kind: str,
    number: str,
    seller: Party,
    buyer: Party,
    lines: tuple[Line, ...],
    *,
    setoffs: tuple[SetOff, ...] = (),
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
        exemption=exemption_text(lines[0].vat_category, member.language, "BE"),
        setoffs=setoffs,
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
            service=(Fraction(1), "deelnemer", "75"),
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
            service=(Fraction(1, 3), "sessie", "137.50"),
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
#: A private person's settlement statement, partly set off against their invoice.
PERSON_SETTLEMENT = by_hand(
    SETTLEMENT,
    "AN2026-09001",
    PERSON,
    OPERATOR,
    (
        line(
            9,
            "Coachinguur",
            "1.50",
            "50",
            vat=(NOT_SUBJECT, "0"),
            counterpart="Coaching Voorbeeld bv",
            service=(Fraction(3), "uur", "25"),
        ),
    ),
    setoffs=(SetOff("F2026-09002", Decimal("60.50")),),
)
GOLDEN_CASES = {
    "invoice": Case("invoice", TWO_RATES, fake_pdf("F2026-09001")),
    "self-billing": Case("self-billing", SMALL_SELF_BILLED),
    "settlement": Case("settlement", PERSON_SETTLEMENT),
}


def edge_cases(docs: list[Document]) -> dict[str, Case]:
    """Documents that exercise one rule each, from the demo month-ends and by hand."""
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
    organisation = first(
        docs,
        "settlement of a not-taxable organisation",
        lambda d: d.kind == SETTLEMENT and d.seller.enterprise_number is not None,
    )
    person_settlement = first(
        docs,
        "settlement of a private person",
        lambda d: d.kind == SETTLEMENT and d.seller.private,
    )
    person = first(
        docs, "invoice to a private person", lambda d: d.kind == INVOICE and d.buyer.private
    )
    partly = first(
        docs,
        "invoice partly set off",
        lambda d: d.kind == INVOICE and 0 < d.prepaid < d.total,
    )
    self_billed_set_off = first(
        docs,
        "self-billed document set off against an invoice",
        lambda d: d.kind == SELF_BILLING and d.prepaid > 0,
    )
    shared = first(
        docs,
        "line with a share of a multi-party trade",
        lambda d: any(ln.quantity is not None and ln.quantity.denominator == 3 for ln in d.lines),
    )
    fully = dataclasses.replace(partly, setoffs=(SetOff("AF2026-09999", partly.total),))
    cases = [
        Case(
            "credit-note",
            credit(invoice, CREDIT_NOTE, "CN2026-00001", "Sessie niet doorgegaan"),
            fake_pdf("C"),
        ),
        Case(
            "credit-note-private-person",
            credit(person, CREDIT_NOTE, "CN2026-00002", "Dubbel aangerekend"),
        ),
        Case(
            "self-billing-credit-note",
            credit(standard, SELF_BILLING_CREDIT, "ACN2026-00001", "Dubbel geboekt"),
        ),
        Case("self-billing-exempt", exempt, fake_pdf("exempt")),
        Case(
            "self-billing-exempt-no-iban",
            dataclasses.replace(exempt, seller=dataclasses.replace(exempt.seller, iban=None)),
        ),
        Case("self-billing-set-off", self_billed_set_off),
        Case("settlement-organisation", organisation),
        Case("settlement-person", person_settlement),
        Case(
            "settlement-credit-note",
            credit(organisation, SETTLEMENT_CREDIT, "ANC2026-00001", "Artikel niet gepubliceerd"),
        ),
        Case("invoice-private-person", person),
        Case("invoice-partly-set-off", partly),
        Case("invoice-fully-set-off", fully),
        Case("multi-party-share", shared),
        Case("two-prices-two-rates", TWO_RATES),
        *(Case(f"golden-{case.name}", case.doc, case.pdf) for case in GOLDEN_CASES.values()),
    ]
    return {case.name: case for case in cases}


EDGE_CASES = (
    "credit-note",
    "credit-note-private-person",
    "self-billing-credit-note",
    "self-billing-exempt",
    "self-billing-exempt-no-iban",
    "self-billing-set-off",
    "settlement-organisation",
    "settlement-person",
    "settlement-credit-note",
    "invoice-private-person",
    "invoice-partly-set-off",
    "invoice-fully-set-off",
    "multi-party-share",
    "two-prices-two-rates",
    "golden-invoice",
    "golden-self-billing",
    "golden-settlement",
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
def month_ends(tmp_path_factory: pytest.TempPathFactory) -> MonthEnds:
    return run_month_ends(tmp_path_factory.mktemp("demo") / "books")


@pytest.fixture(scope="session")
def demo_cases(month_ends: MonthEnds) -> dict[str, Case]:
    """Every document the demo month-ends issued, with the PDF embedded in its file."""
    cases = {}
    for doc in month_ends.documents:
        folder = month_ends.root / DOCUMENTS_DIR / f"{doc.period_start:%Y-%m}"
        pdf = embedded_pdf((folder / f"{doc.number}.xml").read_bytes())
        name = f"{doc.number}-{doc.member}"
        cases[name] = Case(name, doc, pdf, issued=folder / f"{doc.number}.xml")
    return cases


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
        if case.issued is not None:  # the month-end's own file, as issued
            files[str(case.issued)] = name
            continue
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


def problems(case: Case, result: dict[str, Any]) -> str | None:
    """None if the file has no fatal finding, else what the validator found."""
    findings = result["findings"]
    if not any(f["flag"] in FATAL for f in findings):
        return None
    shown = "\n".join(
        f"  [{f['layer']}] {f['flag']} {f['id']}: {f['text']} at {f['location']}" for f in findings
    )
    return f"{case.name} ({result['ruleset']}): fatal findings:\n{shown}"


def expected_ruleset(doc: Document) -> str:
    """The validator's rule set for a document: EN 16931 core unless a Peppol document."""
    if specification(doc) == EN16931:
        return "en16931"
    return "selfbilling" if doc.self_billed else "billing"


# ---------------------------------------------------------------- validation


def test_every_document_of_the_demo_month_ends_is_valid(
    demo_cases: dict[str, Case], validation: dict[str, dict[str, Any]]
) -> None:
    assert len(demo_cases) > 60
    months = {case.doc.period_start for case in demo_cases.values()}
    assert len(months) == len(MONTH_ENDS)
    failures = [p for name, case in demo_cases.items() if (p := problems(case, validation[name]))]
    assert not failures, (
        f"{len(failures)} of {len(demo_cases)} demo documents fail:\n" + "\n".join(failures)
    )


@pytest.mark.parametrize("name", EDGE_CASES)
def test_edge_case_is_valid(
    name: str, edge: dict[str, Case], validation: dict[str, dict[str, Any]]
) -> None:
    problem = problems(edge[name], validation[name])
    assert problem is None, problem


def test_rule_sets_follow_the_document(
    demo_cases: dict[str, Case], edge: dict[str, Case], validation: dict[str, dict[str, Any]]
) -> None:
    seen = set()
    for name, case in {**demo_cases, **edge}.items():
        want = expected_ruleset(case.doc)
        seen.add(want)
        assert validation[name]["ruleset"] == want, name
        assert validation[name]["document"] == (
            "CreditNote" if case.doc.credit_note else "Invoice"
        )
    assert seen == {"billing", "selfbilling", "en16931"}
    # A private person is not on Peppol; a settlement is not an invoice.
    for name in ("invoice-private-person", "settlement-organisation", "settlement-person"):
        assert validation[name]["ruleset"] == "en16931", name
    for name in ("credit-note", "two-prices-two-rates"):
        assert validation[name]["ruleset"] == "billing", name


def test_the_month_end_wrote_what_to_ubl_gives(demo_cases: dict[str, Case]) -> None:
    for case in demo_cases.values():
        assert case.issued is not None
        assert case.issued.read_bytes() == case.xml, case.name


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
    # A settlement is not self-billing: the member issues no invoice at all.
    assert texts(tree(edge["settlement-person"]), "cbc:Note") == []
    assert texts(tree(edge["settlement-credit-note"]), "cbc:Note") == ["Artikel niet gepubliceerd"]


def test_a_settlement_is_not_a_self_billed_invoice(edge: dict[str, Case]) -> None:
    for name, code in (("settlement-person", "751"), ("settlement-organisation", "751")):
        root = tree(edge[name])
        assert texts(root, "cbc:InvoiceTypeCode") == [code], name
        assert texts(root, "cbc:CustomizationID") == ["urn:cen.eu:en16931:2017"], name
        assert root.find("cbc:ProfileID", NS) is None, name
    credit = tree(edge["settlement-credit-note"])
    assert texts(credit, "cbc:CreditNoteTypeCode") == ["81"]
    assert texts(credit, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
        edge["settlement-organisation"].doc.number
    ]


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
    for name in ("settlement-organisation", "settlement-person"):
        root = tree(edge[name])
        assert root.findall(".//cac:PartyTaxScheme", NS) == [], name  # BR-O-02
        assert root.findall(".//cac:ClassifiedTaxCategory/cbc:Percent", NS) == [], name
        assert texts(root, ".//cac:TaxCategory/cbc:TaxExemptionReason") == [
            edge[name].doc.exemption
        ]


def test_private_person_gets_a_plain_en16931_document(edge: dict[str, Case]) -> None:
    for name in ("invoice-private-person", "credit-note-private-person"):
        case = edge[name]
        root = tree(case)
        assert texts(root, "cbc:CustomizationID") == ["urn:cen.eu:en16931:2017"]
        assert root.find("cbc:ProfileID", NS) is None  # no Peppol business process
        address = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
        assert address is not None
        assert (address.get("schemeID"), address.text) == ("EM", case.doc.buyer.email)
    # A member with an enterprise number is on Peppol (scheme 0208).
    peppol = tree(edge["credit-note"])
    assert texts(peppol, "cbc:ProfileID") == ["urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"]


def test_only_an_invoice_asks_for_payment(
    demo_cases: dict[str, Case], edge: dict[str, Case]
) -> None:
    for case in [*demo_cases.values(), *edge.values()]:
        root = tree(case)
        invoice = case.doc.kind == INVOICE
        assert (root.find("cbc:DueDate", NS) is not None) == invoice, case.name
        assert (root.find("cac:PaymentMeans/cbc:PaymentID", NS) is not None) == invoice, case.name
        assert root.find("cac:PaymentMeans/cbc:PaymentDueDate", NS) is None, case.name
        if case.doc.credit_note:
            assert root.find("cac:PaymentMeans", NS) is None, case.name
        if not invoice:  # how the amount is settled instead
            assert texts(root, "cac:PaymentTerms/cbc:Note")[0].startswith(
                ("Niets te betalen", "Rien à payer", "Nothing to pay")
            ), case.name


def test_a_set_off_is_the_paid_amount(edge: dict[str, Case]) -> None:
    for name in ("invoice-partly-set-off", "invoice-fully-set-off", "self-billing-set-off"):
        doc = edge[name].doc
        root = tree(edge[name])
        total = "cac:LegalMonetaryTotal/cbc:"
        assert texts(root, total + "TaxInclusiveAmount") == [f"{doc.total:.2f}"], name
        assert texts(root, total + "PrepaidAmount") == [f"{doc.prepaid:.2f}"], name
        assert texts(root, total + "PayableAmount") == [f"{doc.total - doc.prepaid:.2f}"], name
        [terms] = texts(root, "cac:PaymentTerms/cbc:Note")
        assert doc.setoffs[0].number in terms and f"{doc.setoffs[0].amount:.2f}" in terms, name
    assert texts(
        tree(edge["invoice-fully-set-off"]), "cac:LegalMonetaryTotal/cbc:PayableAmount"
    ) == ["0.00"]
    plain = tree(edge["two-prices-two-rates"])
    assert plain.find("cac:LegalMonetaryTotal/cbc:PrepaidAmount", NS) is None


def test_credit_note_references_the_original(edge: dict[str, Case]) -> None:
    for name in ("credit-note", "self-billing-credit-note", "settlement-credit-note"):
        case = edge[name]
        root = tree(case)
        assert texts(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
            case.doc.original
        ]
        assert root.find("cbc:DueDate", NS) is None
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


def test_lines_carry_the_service_quantity_and_its_unit_price(edge: dict[str, Case]) -> None:
    root = tree(edge["two-prices-two-rates"])
    lines = root.findall("cac:InvoiceLine", NS)
    properties = [
        [(p.findtext("cbc:Name", "", NS), p.findtext("cbc:Value", "", NS)) for p in props]
        for props in (line.findall("cac:Item/cac:AdditionalItemProperty", NS) for line in lines)
    ]
    assert properties == [
        [("Hoeveelheid", "1 deelnemer"), ("Prijs per deelnemer", "75.00 EUR")],
        [],  # no quantity known: nothing claimed
        [("Hoeveelheid", "1/3 sessie"), ("Prijs per sessie", "137.50 EUR")],
    ]
    # A third of a session shared by three recipients, from the month-end.
    shared = tree(edge["multi-party-share"])
    values = texts(shared, ".//cac:AdditionalItemProperty/cbc:Value")
    assert any(value.startswith("1/3 ") for value in values)


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


def test_same_document_gives_the_same_bytes() -> None:
    assert to_ubl(TWO_RATES, b"x") == to_ubl(TWO_RATES, b"x")
    assert to_ubl(dataclasses.replace(PERSON_SETTLEMENT)) == to_ubl(PERSON_SETTLEMENT)


def test_header_and_encoding() -> None:
    xml = to_ubl(SMALL_SELF_BILLED)
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice ')
    assert "Café".encode() in xml
    assert b"\n  <cbc:ID>AF2026-09001</cbc:ID>\n" in xml


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_file(name: str) -> None:
    case = GOLDEN_CASES[name]
    check_golden(f"ubl/{name}.xml", case.xml.decode("utf-8"))


# ---------------------------------------------------------------- paying


def test_paying_what_each_demo_invoice_asks_settles_it(
    month_ends: MonthEnds, demo_cases: dict[str, Case], tmp_path: Path
) -> None:
    root = tmp_path / "books"
    shutil.copytree(month_ends.root, root)
    rows = []
    invoices = [case for case in demo_cases.values() if case.doc.kind == INVOICE]
    for case in invoices:
        payable = tree(case).findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", None, NS)
        assert payable is not None and Decimal(payable) == case.doc.payable
        if Decimal(payable):
            rows.append(
                f"2026-11-25,{payable},EUR,{case.doc.reference},{case.doc.member},,{case.doc.number}"
            )
    assert any(case.doc.prepaid for case in invoices)  # some ask less than their total
    # ... also for what a month-end set off against documents of earlier months.
    period = {case.doc.number: case.doc.period_start for case in demo_cases.values()}
    assert any(
        period[s.number] < case.doc.period_start for case in invoices for s in case.doc.setoffs
    )
    bank = tmp_path / "bank.csv"
    bank.write_text("date,amount,currency,reference,name,iban,id\n" + "\n".join(rows) + "\n")
    result = run_cli(root, "payment", "import", str(bank))
    assert result.exit_code == 0, result.output
    listing = run_cli(root, "invoice", "list", "--format", "json")
    status = {row["number"]: row["status"] for row in json.loads(listing.output)}
    assert {status[case.doc.number] for case in invoices} == {"settled"}
