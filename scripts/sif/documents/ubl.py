"""UBL 2.1 e-documents: Peppol BIS Billing 3.0, Peppol BIS Self-Billing 3.0, EN 16931.

`to_ubl` writes one issued document as a UBL Invoice or CreditNote:

    kind                  root        type  specification
    INVOICE               Invoice     380   BIS Billing 3.0
    CREDIT_NOTE           CreditNote  381   BIS Billing 3.0
    SELF_BILLING          Invoice     389   BIS Self-Billing 3.0
    SELF_BILLING_CREDIT   CreditNote  261   BIS Self-Billing 3.0
    SETTLEMENT            Invoice     751   EN 16931 core
    SETTLEMENT_CREDIT     CreditNote   81   EN 16931 core

Peppol is for enterprises: a document whose member has no Peppol identifier
(no Peppol id and no enterprise number: a private person) claims no Peppol
specification. It carries the plain EN 16931 CustomizationID
`urn:cen.eu:en16931:2017`, no ProfileID, and the member's e-mail as electronic
address (scheme EM, which EN 16931 accepts and Peppol does not). A settlement
statement is not an invoice (its seller is not a taxable person), so it is
never a Peppol document: UNTDID 1001 code 751, "invoice information for
accounting purposes", and 81 for its correction.

The seller (AccountingSupplierParty) is the operator on invoices and the
member on self-billed documents and settlements; the payment account is
always the seller's. The member's side carries the member id as party
identifier (BT-29/BT-46), so `read_ubl` can tell whose document a file is.
Choices the rules force:

- electronic address (EndpointID): the Peppol id, else the enterprise number
  (scheme 0208), else the e-mail (scheme EM, plain EN 16931 documents only);
- VAT identifiers only for VAT-identified parties (registered or
  small-enterprise), and none at all on a category O document (BR-O-02);
- one document note at most (PEPPOL-EN16931-R002): the self-billing mention,
  or a credit note's reason.

Only an invoice asks for payment: it has a due date (BT-9) and the structured
reference (BT-83). Credit notes, self-billed documents and settlements have
neither; their payment terms (BT-20) say how the amount is settled. What was
set off against another document is the paid amount (BT-113, PrepaidAmount),
and the amount due (BT-115, PayableAmount) is the rest. The service's own
quantity and unit price (3 hours at EUR 25.00) are item properties (BG-32):
the line's quantity is the community currency, which times its EUR value
gives the line amount to the cent.

The output is deterministic: the same document (and PDF) gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from lxml import etree

from sif.documents.amounts import cents, quantity_text
from sif.documents.model import (
    CREDIT_NOTE,
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLED,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    SETTLEMENT,
    SETTLEMENT_CREDIT,
    STANDARD,
    Document,
    Line,
    Party,
)
from sif.documents.texts import (
    exemption_text,
    item_properties,
    payment_terms,
    self_billing_mention,
)
from sif.errors import SifException

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

_PREFIX = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:"
BILLING = (_PREFIX + "billing:3.0", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
SELF_BILLING_SPEC = (
    _PREFIX + "selfbilling:3.0",
    "urn:fdc:peppol.eu:2017:poacc:selfbilling:01:1.0",
)

#: The EN 16931 core, for documents that are not Peppol documents (no ProfileID).
EN16931 = ("urn:cen.eu:en16931:2017", None)

#: kind -> (root namespace, type code, (CustomizationID, ProfileID) when on Peppol)
LAYOUT: dict[str, tuple[str, str, tuple[str, str | None]]] = {
    INVOICE: (NS_INVOICE, "380", BILLING),
    CREDIT_NOTE: (NS_CREDIT_NOTE, "381", BILLING),
    SELF_BILLING: (NS_INVOICE, "389", SELF_BILLING_SPEC),
    SELF_BILLING_CREDIT: (NS_CREDIT_NOTE, "261", SELF_BILLING_SPEC),
    SETTLEMENT: (NS_INVOICE, "751", EN16931),
    SETTLEMENT_CREDIT: (NS_CREDIT_NOTE, "81", EN16931),
}
KIND_OF = {(ns, code): kind for kind, (ns, code, _) in LAYOUT.items()}

UNIT = "C62"  # UN/ECE Rec 20 "one": a quantity of community currency
SEPA_TRANSFER = "58"
NOT_DEFINED = "1"  # UNCL4461 "instrument not defined": no account to pay to yet
VAT_IDENTIFIED = ("registered", "small-enterprise")


class UblError(SifException, ValueError):
    """A document cannot be written as UBL, or a file is not one of ours."""


class UblSummary(NamedTuple):
    """What `sif check` compares between a ledger entry and an issued UBL file."""

    number: str
    kind: str
    issue_date: datetime.date
    currency: str
    net: Decimal
    tax: Decimal
    total: Decimal
    member: str | None  # the member-side party identifier (member id)
    endpoint: str | None  # the member-side EndpointID, "scheme:identifier"
    lines: int


def _amount(value: Decimal) -> str:
    return f"{cents(value):.2f}"


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 21, 0.83, 1."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


class _Writer:
    def __init__(self, currency: str) -> None:
        self.currency = currency

    def cbc(self, parent: etree._Element, name: str, text: str, **attrib: str) -> etree._Element:
        element = etree.SubElement(parent, f"{{{CBC}}}{name}", attrib)
        element.text = text
        return element

    def cac(self, parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{CAC}}}{name}")

    def money(self, parent: etree._Element, name: str, value: Decimal) -> None:
        self.cbc(parent, name, _amount(value), currencyID=self.currency)

    def vat_scheme(self, parent: etree._Element) -> None:
        self.cbc(self.cac(parent, "TaxScheme"), "ID", "VAT")

    def period(self, parent: etree._Element, start: datetime.date, end: datetime.date) -> None:
        period = self.cac(parent, "InvoicePeriod")
        self.cbc(period, "StartDate", start.isoformat())
        self.cbc(period, "EndDate", end.isoformat())


def specification(doc: Document) -> tuple[str, str | None]:
    """(CustomizationID, ProfileID or None) of a document.

    Peppol BIS when the member, who receives the document, is on Peppol;
    else the plain EN 16931 core.
    """
    spec = LAYOUT[doc.kind][2]
    member = doc.seller if doc.self_billed else doc.buyer
    return spec if member.peppol_id is not None else EN16931


def endpoint(party: Party) -> tuple[str, str]:
    """(scheme, identifier) of a party's electronic address."""
    if (peppol := party.peppol_id) is not None:
        return peppol
    if party.email:
        return "EM", party.email
    raise UblError(
        f"{party.id}: no Peppol id, enterprise number or e-mail; a UBL document needs an electronic address for every party"
    )


def _party(w: _Writer, parent: etree._Element, party: Party, vat: bool, member: bool) -> None:
    node = w.cac(parent, "Party")
    scheme, identifier = endpoint(party)
    w.cbc(node, "EndpointID", identifier, schemeID=scheme)
    if member:
        w.cbc(w.cac(node, "PartyIdentification"), "ID", party.id)
    w.cbc(w.cac(node, "PartyName"), "Name", party.name)
    address = w.cac(node, "PostalAddress")
    for name, value in (
        ("StreetName", party.street),
        ("CityName", party.city),
        ("PostalZone", party.postcode),
    ):
        if value:
            w.cbc(address, name, value)
    w.cbc(w.cac(address, "Country"), "IdentificationCode", party.country or "BE")
    if vat and party.vat_number and party.vat_status in VAT_IDENTIFIED:
        scheme_node = w.cac(node, "PartyTaxScheme")
        w.cbc(scheme_node, "CompanyID", party.vat_number)
        w.vat_scheme(scheme_node)
    legal = w.cac(node, "PartyLegalEntity")
    w.cbc(legal, "RegistrationName", party.name)
    if party.enterprise_number:
        w.cbc(legal, "CompanyID", party.enterprise_number, schemeID="0208")
    if party.email:
        w.cbc(w.cac(node, "Contact"), "ElectronicMail", party.email)


def _tax_category(
    w: _Writer,
    parent: etree._Element,
    name: str,
    category: str,
    percent: Decimal,
    *,
    reason: str | None,
) -> None:
    node = w.cac(parent, name)
    w.cbc(node, "ID", category)
    if category != NOT_SUBJECT:  # BR-O-05, BR-O-09: no rate for "not subject to VAT"
        w.cbc(node, "Percent", _plain(percent) if category == STANDARD else "0")
    if reason and category in (EXEMPT, NOT_SUBJECT):
        w.cbc(node, "TaxExemptionReason", reason)
    w.vat_scheme(node)


def _service_quantity(doc: Document, line: Line) -> list[tuple[str, str]]:
    """The service's quantity and price per unit, as item properties (BG-32)."""
    if line.quantity is None or not line.unit:
        return []
    quantity, price = item_properties(doc.language)
    result = [(quantity, f"{quantity_text(line.quantity, '.')} {line.unit}")]
    if line.unit_value is not None:
        result.append((f"{price} {line.unit}", f"{_amount(line.unit_value)} {doc.currency}"))
    return result


def _note(doc: Document) -> str | None:
    if doc.settlement:
        return doc.reason or None
    if doc.self_billed:
        mention = self_billing_mention(doc.buyer.country, doc.language)
        return f"{mention}: {doc.reason}" if doc.reason else mention
    return doc.reason or None


def to_ubl(doc: Document, pdf: bytes | None = None) -> bytes:
    """The document as Peppol UBL 2.1, pretty-printed UTF-8 with an XML declaration.

    Raises:
      UblError: the document cannot be written (unknown kind, a credit note
        without its original, a party without any electronic address).
    """
    if doc.kind not in LAYOUT:
        raise UblError(f"{doc.number}: unknown document kind {doc.kind!r}")
    namespace, type_code, _ = LAYOUT[doc.kind]
    customization, profile = specification(doc)
    credit = doc.credit_note
    asks_payment = doc.kind == INVOICE
    if credit and not doc.original:
        raise UblError(f"{doc.number}: a credit note must name the document it corrects")
    w = _Writer(doc.currency)
    root_name = "CreditNote" if credit else "Invoice"
    nsmap: dict[str | None, str] = {None: namespace, "cac": CAC, "cbc": CBC}
    root = etree.Element(f"{{{namespace}}}{root_name}", nsmap=nsmap)
    w.cbc(root, "CustomizationID", customization)
    if profile:
        w.cbc(root, "ProfileID", profile)
    w.cbc(root, "ID", doc.number)
    w.cbc(root, "IssueDate", doc.issue_date.isoformat())
    if asks_payment:
        w.cbc(root, "DueDate", doc.due_date.isoformat())
    w.cbc(root, f"{root_name}TypeCode", type_code)
    note = _note(doc)
    if note:
        w.cbc(root, "Note", note)
    w.cbc(root, "DocumentCurrencyCode", doc.currency)
    w.cbc(root, "BuyerReference", doc.member)
    w.period(root, doc.period_start, doc.period_end)
    if credit:
        reference = w.cac(w.cac(root, "BillingReference"), "InvoiceDocumentReference")
        w.cbc(reference, "ID", doc.original or "")
        if doc.original_date:
            w.cbc(reference, "IssueDate", doc.original_date.isoformat())
    if pdf is not None:
        attachment = w.cac(root, "AdditionalDocumentReference")
        w.cbc(attachment, "ID", doc.number)
        w.cbc(
            w.cac(attachment, "Attachment"),
            "EmbeddedDocumentBinaryObject",
            base64.b64encode(pdf).decode("ascii"),
            mimeCode="application/pdf",
            filename=f"{doc.number}.pdf",
        )

    vat_ids = not any(s.category == NOT_SUBJECT for s in doc.vat)  # BR-O-02
    _party(w, w.cac(root, "AccountingSupplierParty"), doc.seller, vat_ids, member=doc.self_billed)
    _party(
        w, w.cac(root, "AccountingCustomerParty"), doc.buyer, vat_ids, member=not doc.self_billed
    )

    iban = "".join((doc.seller.iban or "").split()).upper()
    if not credit:  # a credit note asks no transfer to its seller
        means = w.cac(root, "PaymentMeans")
        w.cbc(means, "PaymentMeansCode", SEPA_TRANSFER if iban else NOT_DEFINED)
        if asks_payment and doc.reference:
            w.cbc(means, "PaymentID", doc.reference)
        if iban:
            account = w.cac(means, "PayeeFinancialAccount")
            w.cbc(account, "ID", iban)
            w.cbc(account, "Name", doc.seller.name)
    terms = payment_terms(doc)
    if terms:
        w.cbc(w.cac(root, "PaymentTerms"), "Note", terms)

    total = w.cac(root, "TaxTotal")
    w.money(total, "TaxAmount", doc.tax)
    for subtotal in doc.vat:
        node = w.cac(total, "TaxSubtotal")
        w.money(node, "TaxableAmount", subtotal.taxable)
        w.money(node, "TaxAmount", subtotal.tax)
        operator = doc.buyer if doc.self_billed else doc.seller
        reason = doc.exemption or exemption_text(subtotal.category, doc.language, operator.country)
        _tax_category(w, node, "TaxCategory", subtotal.category, subtotal.percent, reason=reason)

    monetary = w.cac(root, "LegalMonetaryTotal")
    w.money(monetary, "LineExtensionAmount", doc.net)
    w.money(monetary, "TaxExclusiveAmount", doc.net)
    w.money(monetary, "TaxInclusiveAmount", doc.total)
    if doc.setoffs:
        w.money(monetary, "PrepaidAmount", doc.prepaid)
    w.money(monetary, "PayableAmount", doc.payable)

    for number, line in enumerate(doc.lines, start=1):
        node = w.cac(root, f"{root_name}Line")
        w.cbc(node, "ID", str(number))
        w.cbc(
            node,
            "CreditedQuantity" if credit else "InvoicedQuantity",
            _plain(line.sif),
            unitCode=UNIT,
        )
        w.money(node, "LineExtensionAmount", line.amount)
        w.period(node, line.date, line.date)
        item = w.cac(node, "Item")
        description = line.date.isoformat()
        if line.counterpart:
            description += f": {line.counterpart}"
        w.cbc(item, "Description", description)
        w.cbc(item, "Name", line.name or line.service)
        _tax_category(
            w, item, "ClassifiedTaxCategory", line.vat_category, line.vat_percent, reason=None
        )
        for name, value in _service_quantity(doc, line):
            prop = w.cac(item, "AdditionalItemProperty")
            w.cbc(prop, "Name", name)
            w.cbc(prop, "Value", value)
        w.money(w.cac(node, "Price"), "PriceAmount", line.unit_price)

    etree.indent(root, space="  ")
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _text(node: etree._Element, path: str, what: str) -> str:
    found = node.find(path, {"cac": CAC, "cbc": CBC})
    if found is None or not (found.text or "").strip():
        raise UblError(f"not a complete UBL document: no {what} ({path})")
    return (found.text or "").strip()


def _decimal(node: etree._Element, path: str, what: str) -> Decimal:
    text = _text(node, path, what)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise UblError(f"{what} is not a number: {text!r}") from None


def read_ubl(xml: bytes) -> UblSummary:
    """The facts of a UBL file that must agree with the document's ledger entry.

    Raises:
      UblError: the bytes are not well-formed XML, not a UBL Invoice or
        CreditNote of one of our four kinds, or lack a field read here.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise UblError(f"not well-formed XML: {error}") from None
    qname = etree.QName(root)
    name = "CreditNote" if qname.namespace == NS_CREDIT_NOTE else "Invoice"
    code = root.findtext(f"{{{CBC}}}{name}TypeCode", default="").strip()
    kind = KIND_OF.get((qname.namespace or "", code))
    if kind is None or qname.localname != name:
        raise UblError(
            f"not a UBL document of ours: root {qname.localname!r} with type code {code!r}"
        )
    side = "AccountingSupplierParty" if kind in SELF_BILLED else "AccountingCustomerParty"
    member = root.find(f"cac:{side}/cac:Party", {"cac": CAC})
    if member is None:
        raise UblError(f"not a complete UBL document: no {side}")
    member_id = member.findtext("cac:PartyIdentification/cbc:ID", None, {"cac": CAC, "cbc": CBC})
    address = member.find(f"{{{CBC}}}EndpointID")
    try:
        issue_date = datetime.date.fromisoformat(_text(root, "cbc:IssueDate", "issue date"))
    except ValueError:
        raise UblError("the issue date is not a date (YYYY-MM-DD)") from None
    return UblSummary(
        number=_text(root, "cbc:ID", "document number"),
        kind=kind,
        issue_date=issue_date,
        currency=_text(root, "cbc:DocumentCurrencyCode", "currency"),
        net=_decimal(root, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "net total"),
        tax=_decimal(root, "cac:TaxTotal/cbc:TaxAmount", "VAT total"),
        # The document's total, before any set-off (PayableAmount is what is left).
        total=_decimal(root, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "total"),
        member=member_id.strip() if member_id else None,
        endpoint=f"{address.get('schemeID', '')}:{(address.text or '').strip()}"
        if address is not None
        else None,
        lines=len(root.findall(f"{{{CAC}}}{name}Line")),
    )
