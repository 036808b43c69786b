"""Intervat XML: the periodic VAT return (form 625) and the annual client listing (form 725).

Both are filed by the operator (the declarant), whose enterprise number,
name and address come from its member file. The return carries the same grid
amounts as `sif vat`'s table; the listing names every Belgian customer with a
VAT number (registered, or under the small-enterprise regime) that was
invoiced at least EUR 250 excluding VAT in the year, net of credit notes,
with the VAT charged::

    <ns2:VATConsignment xmlns="http://www.minfin.fgov.be/InputCommon"
        xmlns:ns2="http://www.minfin.fgov.be/VATConsignment" VATDeclarationsNbr="1">
      <ns2:VATDeclaration SequenceNumber="1" DeclarantReference="099900003026Q4">
        <ns2:Declarant><VATNumber>0999000030</VATNumber>...</ns2:Declarant>
        <ns2:Period><ns2:Quarter>4</ns2:Quarter><ns2:Year>2026</ns2:Year></ns2:Period>
        <ns2:Data><ns2:Amount GridNumber="3">250.00</ns2:Amount>...</ns2:Data>
        ...

The schemas are those of `../shared/intervat/` (v0_9); the tests check every
file written here against them with the official validator.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from lxml import etree

from sif.documents.booking import issued_documents
from sif.documents.model import CREDIT_NOTE, INVOICE
from sif.documents.vat import VatReturn
from sif.errors import SifException
from sif.model.community import Community
from sif.model.members import Member
from sif.model.period import Period

COMMON = "http://www.minfin.fgov.be/InputCommon"
VAT_NS = "http://www.minfin.fgov.be/VATConsignment"
LISTING_NS = "http://www.minfin.fgov.be/ClientListingConsignment"
ZERO = Decimal("0.00")
#: A customer is listed from this turnover (excluding VAT) in the year.
LISTING_THRESHOLD = Decimal(250)
#: VAT statuses of customers identified for VAT in Belgium (the small-enterprise
#: regime has a VAT number too; only `not-taxable` members have none).
LISTED_STATUSES = ("registered", "small-enterprise")
# What the schema accepts (InputCommon EMail_Type, Fiscalis PhoneNumber_Type).
_EMAIL = re.compile(r"^[a-zA-Z0-9_\-.]+@[a-zA-Z0-9_\-.]+\.[a-zA-Z]{2,5}$")
_PHONE = re.compile(r"^\+?[0-9 \-]{0,20}$")


class IntervatError(SifException, ValueError):
    """The books cannot give a valid Intervat file; the message names what to fix."""


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def _declarant(parent: etree._Element, ns: str, operator: Member, notes: list[str]) -> None:
    """The Declarant block, from the operator's member file."""
    where = Path(operator.filename).name or f"{operator.id}.yaml"
    number = operator.enterprise_number
    if number is None:
        raise IntervatError(
            f"members/{where}: the operator {operator.id} has no Belgian VAT number "
            '(field "vat.number"); Intervat files are filed under it'
        )
    declarant = etree.SubElement(parent, f"{{{ns}}}Declarant")
    etree.SubElement(declarant, f"{{{COMMON}}}VATNumber").text = number
    etree.SubElement(declarant, f"{{{COMMON}}}Name").text = operator.name[:200]
    address = operator.address
    if address is not None:
        etree.SubElement(declarant, f"{{{COMMON}}}Street").text = address.street[:200]
        etree.SubElement(declarant, f"{{{COMMON}}}PostCode").text = address.postcode[:15]
        etree.SubElement(declarant, f"{{{COMMON}}}City").text = address.city[:184]
        etree.SubElement(declarant, f"{{{COMMON}}}CountryCode").text = address.country
    if operator.email:
        if _EMAIL.match(operator.email):
            etree.SubElement(declarant, f"{{{COMMON}}}EmailAddress").text = operator.email
        else:
            notes.append(
                f"The operator's e-mail address {operator.email} is left out: Intervat accepts "
                "only a top-level domain of 2 to 5 letters."
            )
    if operator.phone:
        if _PHONE.match(operator.phone):
            etree.SubElement(declarant, f"{{{COMMON}}}Phone").text = operator.phone
        else:
            notes.append(
                f"The operator's phone number {operator.phone} is left out: Intervat accepts "
                "only digits, spaces, dashes and a leading +."
            )


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def vat_return_xml(result: VatReturn, period: Period, operator: Member) -> tuple[bytes, list[str]]:
    """The periodic VAT return of a month or quarter as a `VATConsignment`.

    Every grid that is not zero is written, and grid 71 or 72 always (the
    schema wants one of them). Returns the XML and notes for the user.

    Raises:
      IntervatError: The period is a year, a grid is negative, or the
        operator has no Belgian VAT number.
    """
    if period.kind not in ("month", "quarter"):
        raise IntervatError(
            f"{period.label}: a VAT return is filed per month or per quarter, not per {period.kind}"
        )
    for grid, amount in result.grids.items():
        if amount < 0:
            raise IntervatError(
                f"{period.label}: grid {grid} would be negative ({amount}): the credit notes "
                "exceed the operations of the period; Intervat accepts no negative grid, file "
                "this return by hand with a correction (grid 61 or 62)"
            )
    notes: list[str] = []
    ns = {None: COMMON, "ns2": VAT_NS}
    root = etree.Element(f"{{{VAT_NS}}}VATConsignment", nsmap=ns, VATDeclarationsNbr="1")
    declaration = etree.SubElement(root, f"{{{VAT_NS}}}VATDeclaration", SequenceNumber="1")
    number = operator.enterprise_number or ""
    suffix = f"{period.year % 100:02d}" + (
        f"Q{period.number}" if period.kind == "quarter" else f"{period.number:02d}"
    )
    declaration.set("DeclarantReference", f"{number}{suffix}"[:14])
    _declarant(declaration, VAT_NS, operator, notes)
    when = etree.SubElement(declaration, f"{{{VAT_NS}}}Period")
    tag = "Quarter" if period.kind == "quarter" else "Month"
    etree.SubElement(when, f"{{{VAT_NS}}}{tag}").text = str(period.number)
    etree.SubElement(when, f"{{{VAT_NS}}}Year").text = str(period.year)
    grids = etree.SubElement(declaration, f"{{{VAT_NS}}}Data")
    balance = "72" if result.grids.get("72", ZERO) > 0 else "71"
    for grid in sorted(result.grids, key=int):
        amount = result.grids[grid]
        if amount != 0 or grid == balance:
            element = etree.SubElement(grids, f"{{{VAT_NS}}}Amount", GridNumber=str(int(grid)))
            element.text = _money(amount)
    etree.SubElement(declaration, f"{{{VAT_NS}}}ClientListingNihil").text = "NO"
    etree.SubElement(declaration, f"{{{VAT_NS}}}Ask", Restitution="NO", Payment="NO")
    return _xml(root), notes


@dataclass(frozen=True)
class Client:
    """One customer on the client listing.

    Attributes:
      member: Member id.
      vat_number: Belgian enterprise number, 10 digits.
      turnover: Invoiced in the year excluding VAT, less credit notes.
      vat: The VAT charged on it, less the VAT of the credit notes.
    """

    member: str
    vat_number: str
    turnover: Decimal
    vat: Decimal


@dataclass
class ClientListing:
    """The annual client listing.

    Attributes:
      year: The calendar year.
      clients: The customers listed, by enterprise number.
      left_out: Member ids left out, per reason (a sentence).
    """

    year: int
    clients: list[Client] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)

    @property
    def turnover(self) -> Decimal:
        return sum((c.turnover for c in self.clients), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((c.vat for c in self.clients), ZERO)


def client_listing(entries: data.Directives, community: Community, year: int) -> ClientListing:
    """The customers invoiced in `year` (by issue date) that go on the listing.

    Raises:
      IntervatError: A customer identified for VAT in Belgium has no Belgian
        number, or a document names a member without a member file.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    turnover: dict[str, Decimal] = defaultdict(lambda: ZERO)
    vat: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for doc in issued_documents(entries):
        if doc.kind not in (INVOICE, CREDIT_NOTE) or not start <= doc.date <= end:
            continue
        sign = -1 if doc.kind == CREDIT_NOTE else 1
        turnover[doc.member] += sign * doc.net
        vat[doc.member] += sign * doc.tax
    listing = ClientListing(year)
    left_out: dict[str, list[str]] = defaultdict(list)
    problems = []
    for member_id in sorted(turnover):
        member = community.members.get(member_id)
        if member is None:
            problems.append(
                f"members/{member_id}.yaml: {member_id} was invoiced in {year} but has no "
                "readable member file; fix it (sif check) so the listing knows its VAT status"
            )
            continue
        if member.vat_status not in LISTED_STATUSES:
            left_out[f"not identified for VAT (status {member.vat_status})"].append(member_id)
            continue
        country = member.address.country if member.address else None
        number = member.enterprise_number
        if number is None:
            if country not in (None, "BE"):
                left_out["identified for VAT outside Belgium"].append(member_id)
                continue
            problems.append(
                f"members/{Path(member.filename).name or member_id + '.yaml'}: {member_id} is "
                f'VAT status "{member.vat_status}" but has no Belgian enterprise number '
                f'(field "vat.number" is {member.vat_number or "missing"}); the client listing '
                "needs it: add the BE number from the KBO/BCE"
            )
            continue
        if turnover[member_id] < LISTING_THRESHOLD:
            left_out[f"invoiced less than EUR {LISTING_THRESHOLD} excluding VAT"].append(member_id)
            continue
        listing.clients.append(Client(member_id, number, turnover[member_id], vat[member_id]))
    if problems:
        raise IntervatError("\n".join(problems))
    listing.clients.sort(key=lambda c: c.vat_number)
    listing.left_out = dict(left_out)
    return listing


def client_listing_xml(listing: ClientListing, operator: Member) -> tuple[bytes, list[str]]:
    """The annual listing as a `ClientListingConsignment`; the XML and notes for the user."""
    notes: list[str] = []
    ns = {None: COMMON, "ns2": LISTING_NS}
    root = etree.Element(f"{{{LISTING_NS}}}ClientListingConsignment", nsmap=ns)
    root.set("ClientListingsNbr", "1")
    body = etree.SubElement(root, f"{{{LISTING_NS}}}ClientListing", SequenceNumber="1")
    body.set("ClientsNbr", str(len(listing.clients)))
    body.set("DeclarantReference", f"{operator.enterprise_number or ''}{listing.year}"[:14])
    body.set("TurnOverSum", _money(listing.turnover))
    body.set("VATAmountSum", _money(listing.vat))
    _declarant(body, LISTING_NS, operator, notes)
    etree.SubElement(body, f"{{{LISTING_NS}}}Period").text = str(listing.year)
    for sequence, client in enumerate(listing.clients, start=1):
        element = etree.SubElement(body, f"{{{LISTING_NS}}}Client", SequenceNumber=str(sequence))
        number = etree.SubElement(element, f"{{{LISTING_NS}}}CompanyVATNumber", issuedBy="BE")
        number.text = client.vat_number
        etree.SubElement(element, f"{{{LISTING_NS}}}TurnOver").text = _money(client.turnover)
        etree.SubElement(element, f"{{{LISTING_NS}}}VATAmount").text = _money(client.vat)
    return _xml(root), notes
