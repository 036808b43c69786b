"""Drafting a month's documents from the trades in the books.

For every member with trades in the month (the operator excepted): one
invoice from the operator for what the member received, and for what the
member delivered one self-billed invoice (a member who is a taxable person,
with their self-billing agreement) or one settlement statement (a member who
is not a taxable person and so issues no invoice), with VAT by the member's
status. The drafts have no number yet: numbers are given only when documents
are issued.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from beancount.core import data

from sif.documents.amounts import ZERO, line_amount, totals
from sif.documents.model import (
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    SETTLEMENT,
    STANDARD,
    Document,
    Line,
    Party,
)
from sif.documents.texts import exemption_text
from sif.errors import SifException
from sif.ledger.locks import fingerprint
from sif.ledger.trades import Trade, iter_trades
from sif.model.community import Community
from sif.model.members import Member
from sif.model.period import PAYMENT_DAYS, Month


class MissingDataError(SifException):
    """Members lack data that a legal document needs; `gaps` lists every one."""

    def __init__(self, gaps: list[str]) -> None:
        super().__init__("members lack data a document needs:\n" + "\n".join(gaps))
        self.gaps = gaps
        self.details = gaps


def party(member: Member) -> Party:
    address = member.address
    return Party(
        id=member.id,
        name=member.name,
        street=address.street if address else "",
        postcode=address.postcode if address else "",
        city=address.city if address else "",
        country=address.country if address else "BE",
        vat_number=member.vat_number,
        enterprise_number=member.enterprise_number,
        vat_status=member.vat_status,
        iban=member.iban,
        peppol=member.peppol,
        email=member.email,
        language=member.language,
    )


def gaps_of(member: Member) -> list[str]:
    """What a member file lacks for a legal document, in words."""
    gaps = []
    where = f"{member.filename}: {member.name}"
    if member.address is None:
        gaps.append(
            f"{where}: no address (every document names the customer's address); add `address:`"
        )
    if not (member.peppol or member.enterprise_number or member.email):
        gaps.append(
            f"{where}: no electronic address for the e-invoice (no Peppol id, enterprise "
            "number or e-mail); add `email:`"
        )
    if member.vat_status in ("registered", "small-enterprise") and not member.vat_number:
        gaps.append(f"{where}: VAT status {member.vat_status} but no VAT number; add `vat.number`")
    return gaps


def purchase_kind(member: Member) -> str:
    """What the operator issues for what `member` delivered: a self-billed
    invoice, or a settlement statement when the member is not a taxable person."""
    return SETTLEMENT if member.vat_status == "not-taxable" else SELF_BILLING


def agreement_gap(member: Member, date: datetime.date) -> str | None:
    """Why the operator may not self-bill `member` on `date`, or None if it may."""
    agreement = member.self_billing
    if agreement is not None and agreement.in_force(date):
        return None
    where = f"{member.filename}: {member.name}"
    if agreement is None:
        why = "has no self-billing agreement"
    else:
        why = f"accepted the self-billing terms only on {agreement.accepted}"
    return (
        f"{where} {why} in force on {date}, the issue date (self-billing needs the "
        "member's prior agreement, art. 53 §2 WBTW); when they have accepted the terms, add "
        f"`self_billing: {{accepted: YYYY-MM-DD, terms: VERSION}}` to the member file"
    )


def month_trades(entries: Iterable[data.Directive], currency: str, month: Month) -> list[Trade]:
    # Pick the month's entries first: the rest of the history is only skipped over.
    start, end = month.start, month.end
    trades = iter_trades((e for e in entries if start <= e.date <= end), currency)
    # In file order within a day, whatever order the folder listing gave the files
    # in (one file per trade): the same books always give the same document lines.
    return sorted(
        trades,
        key=lambda t: (t.date, str(t.entry.meta.get("filename")), t.entry.meta.get("lineno", 0)),
    )


def draft_month(
    entries: Iterable[data.Directive],
    community: Community,
    month: Month,
    issue_date: datetime.date,
    *,
    agreements: bool = True,
) -> list[Document]:
    """The unnumbered documents for `month`, by member id then kind.

    Args:
      agreements: Require a self-billing agreement in force on `issue_date` of
        every member who gets a self-billed invoice (False to draft an issued
        month again, for a credit note).

    Raises:
      MissingDataError: a member or the operator lacks data a document needs.
    """
    menu = community.menu
    operator = community.operator
    assert menu is not None and operator is not None, "check the books first"
    trades = month_trades(entries, menu.currency.code, month)

    received: dict[str, list[tuple[Trade, Decimal]]] = {}
    delivered: dict[str, list[tuple[Trade, Decimal]]] = {}
    for trade in trades:
        for member_id, share in trade.recipients:
            if member_id != operator.id:
                received.setdefault(member_id, []).append((trade, share))
        for member_id, share in trade.providers:
            # Without self-billing (`invoicing: invoices`) providers invoice the operator themselves.
            if member_id != operator.id and menu.self_billing:
                delivered.setdefault(member_id, []).append((trade, share))

    involved = sorted(set(received) | set(delivered))
    gaps = gaps_of(operator)
    for member_id in involved:
        gaps += gaps_of(community.members[member_id])
    for member_id in sorted(delivered):
        member = community.members[member_id]
        if agreements and purchase_kind(member) == SELF_BILLING:
            gap = agreement_gap(member, issue_date)
            gaps += [gap] if gap else []
    if gaps:
        raise MissingDataError(gaps)

    op = party(operator)
    due = issue_date + datetime.timedelta(days=PAYMENT_DAYS)
    documents = []
    for member_id in involved:
        member = community.members[member_id]
        who = party(member)
        for kind, shares in (
            (INVOICE, received.get(member_id)),
            (purchase_kind(member), delivered.get(member_id)),
        ):
            if not shares:
                continue
            lines = tuple(_line(community, member, kind, trade, share) for trade, share in shares)
            subtotals, net, tax, total = totals(lines)
            category = lines[0].vat_category
            documents.append(
                Document(
                    number="",
                    kind=kind,
                    member=member_id,
                    issue_date=issue_date,
                    due_date=due,
                    period_start=month.start,
                    period_end=month.end,
                    currency=menu.currency.fiat,
                    community_currency=menu.currency.code,
                    seller=op if kind == INVOICE else who,
                    buyer=who if kind == INVOICE else op,
                    language=member.language,
                    lines=lines,
                    vat=subtotals,
                    net=net,
                    tax=tax,
                    total=total,
                    reference="",
                    exemption=exemption_text(category, member.language, op.country),
                )
            )
    return documents


def vat_category(member: Member) -> str:
    """The VAT category of what a member delivers, by their VAT status."""
    return {"registered": STANDARD, "small-enterprise": EXEMPT}.get(member.vat_status, NOT_SUBJECT)


def _line(community: Community, member: Member, kind: str, trade: Trade, share: Decimal) -> Line:
    menu = community.menu
    assert menu is not None
    service = menu.services.get(trade.service)
    value = menu.currency.value_on(trade.date) or ZERO
    category = STANDARD if kind == INVOICE else vat_category(member)
    percent = (menu.vat_percent_on(trade.date) or ZERO) if category == STANDARD else ZERO
    others = trade.providers if kind == INVOICE else trade.recipients
    side = trade.recipients if kind == INVOICE else trade.providers
    tariff = service.tariff_on(trade.date) if service else None
    unit = menu.units.get(service.unit, {}) if service else {}
    names = ", ".join(
        community.members[m].name if m in community.members else m for m, _ in others
    )
    concept = community.concepts.get(trade.concept or "")
    counterpart = f"{names} ({concept.name})" if concept else names
    return Line(
        date=trade.date,
        service=trade.service,
        name=service.name(member.language) if service else trade.service,
        counterpart=counterpart,
        sif=share,
        unit_price=value,
        amount=line_amount(share, value),
        vat_category=category,
        vat_percent=percent,
        trade=fingerprint(trade.entry),
        # Each member on a side has an equal part of the service (see split).
        quantity=Fraction(trade.quantity) / len(side) if side else None,
        unit=unit.get(member.language) or next(iter(unit.values()), "") if unit else "",
        unit_value=tariff.value * value if tariff and value else None,
    )
