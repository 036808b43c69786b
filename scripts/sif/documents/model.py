"""The legal documents the operator issues, as plain values.

The operator (the Fabriek) is the central counterparty in EUR. For a month, a
member who received services gets one INVOICE from the operator; a member who
delivered services gets one SELF_BILLING document, issued by the operator on
the member's behalf (autofacturatie), or, when the member is not a taxable
person and so cannot issue an invoice at all, a SETTLEMENT statement
(afrekeningsnota) in its own series. Corrections are credit notes that
reference the original. Amounts on documents are positive; the booking gives
them their sign.

Each line is one trade seen from the member: their share in the community
currency (`sif`) times the value of one unit on the service date
(`unit_price`), so SIF and EUR stand side by side on every document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

INVOICE = "invoice"
SELF_BILLING = "self-billing"
CREDIT_NOTE = "credit-note"
SELF_BILLING_CREDIT = "self-billing-credit-note"
#: What the operator buys from a member who is not a taxable person: a purchase
#: settlement statement (afrekeningsnota), not an invoice, and its correction.
SETTLEMENT = "settlement"
SETTLEMENT_CREDIT = "settlement-credit-note"
KINDS = (INVOICE, SELF_BILLING, CREDIT_NOTE, SELF_BILLING_CREDIT, SETTLEMENT, SETTLEMENT_CREDIT)
#: The kinds the operator issues as buyer: what it owes the member (payables).
SELF_BILLED = (SELF_BILLING, SELF_BILLING_CREDIT, SETTLEMENT, SETTLEMENT_CREDIT)
#: The kinds of the settlement series (no invoice in the VAT sense).
SETTLEMENTS = (SETTLEMENT, SETTLEMENT_CREDIT)
CREDIT_NOTES = (CREDIT_NOTE, SELF_BILLING_CREDIT, SETTLEMENT_CREDIT)
#: The credit note of each kind that can be credited.
CREDIT_OF = {
    INVOICE: CREDIT_NOTE,
    SELF_BILLING: SELF_BILLING_CREDIT,
    SETTLEMENT: SETTLEMENT_CREDIT,
}

#: VAT categories (UNCL5305) used here.
STANDARD = "S"  # VAT charged at the rate
EXEMPT = "E"  # small-enterprise exemption of the seller
NOT_SUBJECT = "O"  # seller is not a taxable person: outside the scope of VAT


@dataclass(frozen=True)
class Party:
    """Seller or buyer on a document.

    Attributes:
      id: Member id.
      name: Legal name.
      street, postcode, city, country: Postal address.
      vat_number: VAT number with country prefix ("BE0412345678"), or None.
      enterprise_number: Belgian enterprise number, 10 digits, or None.
      vat_status: "registered", "small-enterprise" or "not-taxable".
      iban: Bank account, or None.
      peppol: Peppol id "scheme:identifier", or None.
      email: E-mail address, or None.
      language: Language of the member's documents.
    """

    id: str
    name: str
    street: str
    postcode: str
    city: str
    country: str
    vat_number: str | None
    enterprise_number: str | None
    vat_status: str
    iban: str | None
    peppol: str | None
    email: str | None
    language: str

    @property
    def peppol_id(self) -> tuple[str, str] | None:
        """(scheme, identifier) on the Peppol network: the Peppol id, else the
        enterprise number (scheme 0208); None for a private person."""
        if self.peppol:
            scheme, _, identifier = self.peppol.partition(":")
            if scheme and identifier:
                return scheme, identifier
        if self.enterprise_number:
            return "0208", self.enterprise_number
        return None

    @property
    def private(self) -> bool:
        """A private person: not a taxable person and no enterprise number.

        No invoice is required for services to them (art. 53 §2 WBTW, KB nr. 1), so the
        VAT on those services is due when they are performed (art. 22 WBTW).
        """
        return self.vat_status == "not-taxable" and not self.enterprise_number and not self.peppol


@dataclass(frozen=True)
class SetOff:
    """An amount of a document settled against another document of the member.

    Attributes:
      number: The other document (the self-billed document an invoice is set
        off against, or the other way round).
      amount: The amount set off, positive, in the document's currency.
    """

    number: str
    amount: Decimal


@dataclass(frozen=True)
class Line:
    """One trade on a document, seen from the member.

    Attributes:
      date: Date of the service.
      service: Service id.
      name: The service's name in the document's language.
      counterpart: Who was on the other side (names), or the concept.
      sif: The member's share, in the community currency (the quantity).
      unit_price: Value of one unit of community currency on `date`, excl. VAT.
      amount: sif x unit_price, rounded to the cent, excl. VAT.
      vat_category: STANDARD, EXEMPT or NOT_SUBJECT.
      vat_percent: The VAT rate in percent (0 unless STANDARD).
      trade: Fingerprint of the trade (see sif.ledger.locks.fingerprint).
      quantity: How much of the service the member's share stands for (3 hours,
        1/3 of a session), or None when unknown.
      unit: The service's unit in the document's language ("uur", "sessie").
      unit_value: The value of one unit of the service on `date`, excl. VAT
        (tariff x unit_price), or None when unknown.
    """

    date: datetime.date
    service: str
    name: str
    counterpart: str
    sif: Decimal
    unit_price: Decimal
    amount: Decimal
    vat_category: str
    vat_percent: Decimal
    trade: str
    quantity: Fraction | None = None
    unit: str = ""
    unit_value: Decimal | None = None


@dataclass(frozen=True)
class VatSubtotal:
    """The VAT of one category and rate on a document, rounded once.

    Attributes:
      category: STANDARD, EXEMPT or NOT_SUBJECT.
      percent: The rate.
      taxable: Sum of the line amounts of this category and rate.
      tax: taxable x percent / 100, rounded half up to the cent.
    """

    category: str
    percent: Decimal
    taxable: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Document:
    """An invoice, self-billed document or credit note.

    Attributes:
      number: Gapless number in its series, e.g. "F2026-00012".
      kind: One of KINDS.
      member: The member the document is about.
      issue_date: Date of issue.
      due_date: Date payment is due.
      period_start, period_end: The month of the services.
      currency: Fiat currency of the amounts ("EUR").
      community_currency: Code of the community currency ("SIF").
      seller: The party delivering the services (the operator on invoices).
      buyer: The party receiving them (the operator on self-billed documents).
      language: Language of the document ("nl", "fr", "en").
      lines: The lines.
      vat: VAT per category and rate.
      net: Total excluding VAT.
      tax: Total VAT.
      total: net + tax.
      reference: Structured payment reference, "+++123/4567/89002+++".
      exemption: Why no VAT is charged (for EXEMPT and NOT_SUBJECT), or None.
      original: Number of the document a credit note corrects, or None.
      original_date: Issue date of that document, or None.
      reason: Why a credit note was issued, or None.
      setoffs: What of the total is settled against other documents of the
        member (EN 16931 BT-113, the paid amount), when issued.
    """

    number: str
    kind: str
    member: str
    issue_date: datetime.date
    due_date: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    currency: str
    community_currency: str
    seller: Party
    buyer: Party
    language: str
    lines: tuple[Line, ...]
    vat: tuple[VatSubtotal, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    reference: str
    exemption: str | None = None
    original: str | None = None
    original_date: datetime.date | None = None
    reason: str | None = None
    setoffs: tuple[SetOff, ...] = ()

    @property
    def self_billed(self) -> bool:
        """The operator issues it as the buyer (self-billed documents and settlements)."""
        return self.kind in SELF_BILLED

    @property
    def settlement(self) -> bool:
        """A settlement statement or its credit note: not an invoice in the VAT sense."""
        return self.kind in SETTLEMENTS

    @property
    def prepaid(self) -> Decimal:
        """What is already settled by set-off (BT-113)."""
        return sum((s.amount for s in self.setoffs), Decimal(0))

    @property
    def payable(self) -> Decimal:
        """What is left to pay: the total less what was set off (BT-115)."""
        return self.total - self.prepaid

    @property
    def credit_note(self) -> bool:
        return self.kind in CREDIT_NOTES

    @property
    def sif_total(self) -> Decimal:
        return sum((line.sif for line in self.lines), Decimal(0))
