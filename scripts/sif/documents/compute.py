"""Drafting a month's documents from the trades in the books.

For every member with trades in the month (the operator excepted): one
invoice from the operator for what the member received, and one self-billed
document for what the member delivered, with VAT by the member's status. The
drafts have no number yet: numbers are given only when documents are issued.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from sif.documents.amounts import ZERO, line_amount, totals
from sif.documents.model import (
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    STANDARD,
    Document,
    Line,
    Party,
)
from sif.documents.texts import exemption_text
from sif.ledger.locks import fingerprint
from sif.ledger.trades import Trade, iter_trades
from sif.model.community import Community
from sif.model.members import Member

PAYMENT_DAYS = 30


class MissingDataError(Exception):
    """Members lack data that a legal document needs; `gaps` lists every one."""

    def __init__(self, gaps: list[str]) -> None:
        super().__init__("members lack data a document needs:\n" + "\n".join(gaps))
        self.gaps = gaps


@dataclass(frozen=True)
class Month:
    """A calendar month, "YYYY-MM"."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            year, month = (int(part) for part in text.split("-"))
            datetime.date(year, month, 1)
        except ValueError:
            raise ValueError(
                f'"{text}" is not a month; write it as YYYY-MM, like 2026-10'
            ) from None
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def contains(self, date: datetime.date) -> bool:
        return date.year == self.year and date.month == self.month


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
) -> list[Document]:
    """The unnumbered documents for `month`, by member id then kind.

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
            (SELF_BILLING, delivered.get(member_id)),
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
                    exemption=exemption_text(category, member.language),
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
    )
