"""A member's monthly account statement, as data.

A statement puts the two views of one obligation side by side:

- **SIF**, the community's unit: the balance at the start of the month, every
  movement of the month (trades, and SIF cleared by euro payments), the
  balance at its end and the age of any debt (first in, first out);
- **EUR**, the legal layer: the movements on the member's receivable and
  payable since the previous month's documents were issued, up to the
  issue of this month's (documents, set-offs, payments), and what is still
  open on the statement date: what to pay, with which structured reference,
  or what the operator owes the member.

Every amount here has one sign convention: **positive means the member owes**
(SIF or EUR), as in the ledger. The view (`sif.statements.view`) turns it into
words.

The EUR window of month M runs from the day after the previous month's lock
(the moment its documents were issued) to the lock of M, so consecutive
statements chain: the closing EUR balance of one is the opening of the next.
Movements after the lock of M up to the statement date (a payment that came
in since) are listed apart, and counted in what is still to pay.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from beancount.core import data

from sif.documents.booking import Issued, issued_documents, open_amounts, sif_cleared
from sif.documents.model import CREDIT_NOTES, INVOICE, SELF_BILLED, SELF_BILLING, SETTLEMENT
from sif.ledger.accounts import MEMBERS, PAYABLES, RECEIVABLES, member_of
from sif.ledger.balances import Balance, balance_history
from sif.ledger.locks import read_locks
from sif.ledger.trades import sides
from sif.model.community import Community
from sif.model.errors import did_you_mean
from sif.model.members import Member
from sif.model.period import PAYMENT_DAYS, Month
from sif.statements.inkind import ways_to_pay_back
from sif.statements.model import (
    DOCUMENT,
    OTHER,
    PAYMENT,
    SETOFF,
    TRADE_GIVEN,
    TRADE_RECEIVED,
    ZERO,
    EurLine,
    MonthTrade,
    OpenItem,
    SifLine,
    Statement,
    StatementError,
)


def cutoffs(
    entries: Iterable[data.Directive], month: Month
) -> tuple[datetime.date | None, datetime.date]:
    """(end of the previous EUR window, end of this one): the lock dates.

    Raises:
      StatementError: `month` is not invoiced yet.
    """
    locks, _ = read_locks(entries)
    lock = locks.get(str(month))
    if lock is None:
        raise StatementError(
            f"{month} is not invoiced yet: a statement shows the month's documents, so run "
            f"`sif invoice run --month {month}` first"
        )
    earlier = [found.entry.date for name, found in locks.items() if name < str(month)]
    return (max(earlier) if earlier else None), lock.entry.date


def _involved(member: Member, month: Month) -> bool:
    """The member could trade at some point in the month."""
    return member.joined <= month.end and (member.left is None or member.left >= month.start)


def _document_of(posting: data.Posting) -> str | None:
    number = (posting.meta or {}).get("document")
    return str(number) if number is not None else None


class _Collector:
    """One pass over the ledger, collecting every member's movements."""

    def __init__(
        self,
        community: Community,
        month: Month,
        window: tuple[datetime.date | None, datetime.date],
        as_of: datetime.date,
        kinds: Mapping[str, str],
    ) -> None:
        assert community.menu is not None
        self.code = community.menu.currency.code
        self.fiat = community.menu.currency.fiat
        self.month = month
        self.start, self.until = window
        self.as_of = as_of
        self.kinds = kinds
        self.sif: dict[str, list[SifLine]] = {}
        self.eur_opening: dict[str, Decimal] = {}
        self.eur: dict[str, list[EurLine]] = {}
        self.later: dict[str, list[EurLine]] = {}

    def run(self, entries: Iterable[data.Directive]) -> None:
        for entry in entries:
            if not isinstance(entry, data.Transaction):
                continue
            if entry.date > self.as_of:
                break  # entries are sorted by date
            if self.month.contains(entry.date):
                self._sif(entry)
            self._eur(entry)

    def _sif(self, entry: data.Transaction) -> None:
        service = entry.meta.get("service")
        if isinstance(service, str):
            providers, recipients = sides(entry, self.code)
            concept = entry.meta.get("concept")
            concept = concept if isinstance(concept, str) else None
            for member, share in recipients.items():
                line = SifLine(
                    entry.date, TRADE_RECEIVED, share, service, tuple(providers), concept
                )
                self.sif.setdefault(member, []).append(line)
            for member, share in providers.items():
                line = SifLine(
                    entry.date, TRADE_GIVEN, -share, service, tuple(recipients), concept
                )
                self.sif.setdefault(member, []).append(line)
            return
        paid = entry.meta.get("payment")
        for posting in entry.postings:
            owner = member_of(posting.account, MEMBERS)
            units = posting.units
            if owner is None or units is None or units.currency != self.code:
                continue
            if not isinstance(units.number, Decimal) or not units.number:
                continue
            line = SifLine(
                entry.date,
                PAYMENT if isinstance(paid, str) else OTHER,
                units.number,
                document=paid if isinstance(paid, str) else None,
                note=entry.narration or "",
            )
            self.sif.setdefault(owner, []).append(line)

    def _eur(self, entry: data.Transaction) -> None:
        changes: dict[str, Decimal] = {}
        for posting in entry.postings:
            units = posting.units
            if units is None or units.currency != self.fiat:
                continue
            if not isinstance(units.number, Decimal):
                continue
            member = member_of(posting.account, RECEIVABLES) or member_of(
                posting.account, PAYABLES
            )
            if member is not None:
                changes[member] = changes.get(member, ZERO) + units.number
        if not changes:
            return
        if self.start is not None and entry.date <= self.start:
            for member, change in changes.items():
                self.eur_opening[member] = self.eur_opening.get(member, ZERO) + change
            return
        target = self.eur if entry.date <= self.until else self.later
        for member, change in changes.items():
            line = self._eur_line(entry, change)
            if line is not None:
                target.setdefault(member, []).append(line)

    def _eur_line(self, entry: data.Transaction, change: Decimal) -> EurLine | None:
        meta = entry.meta
        if "setoff" in meta:
            # What the member owed goes down (usually an invoice), what they
            # were owed goes down too (usually a self-billed document).
            debt = other = None
            amount = ZERO
            for posting in entry.postings:
                units = posting.units
                if units is None or not isinstance(units.number, Decimal):
                    continue
                if units.number < 0:
                    debt = _document_of(posting)
                elif units.number > 0:
                    other = _document_of(posting)
                    amount = units.number
            kind = self.kinds.get(debt or "")
            return EurLine(entry.date, SETOFF, change, debt, kind, other, amount)
        kind = meta.get("document")
        if isinstance(kind, str):
            number = str(meta.get("number", ""))
            return EurLine(entry.date, DOCUMENT, change, number, kind, None, abs(change))
        paid = meta.get("payment")
        if isinstance(paid, str):
            kind = self.kinds.get(paid)
            return EurLine(entry.date, PAYMENT, change, paid, kind, None, abs(change))
        if not change:
            return None  # a reallocation between two documents: the position does not move
        return EurLine(
            entry.date, OTHER, change, None, None, None, abs(change), entry.narration or ""
        )


def _month_trade(
    lines: list[SifLine],
    issued: list[Issued],
    credited: set[str],
    *,
    setoffs: list[EurLine],
    month: Month,
    community: Community,
) -> MonthTrade | None:
    received = sum((line.change for line in lines if line.kind == TRADE_RECEIVED), ZERO)
    given = -sum((line.change for line in lines if line.kind == TRADE_GIVEN), ZERO)
    if not received and not given:
        return None

    def latest(kind: str) -> Issued | None:
        found = [
            doc
            for doc in issued
            if doc.kind == kind and doc.period == str(month) and doc.number not in credited
        ]
        return found[-1] if found else None

    # What the Fabriek bought: a self-billed invoice, or a settlement statement.
    invoice, bought = latest(INVOICE), latest(SELF_BILLING) or latest(SETTLEMENT)
    # The month's own set-off, between its two documents (later ones are in the EUR lines).
    set_off = sum(
        (
            line.amount
            for line in setoffs
            if invoice and bought and (line.number, line.other) == (invoice.number, bought.number)
        ),
        ZERO,
    )
    assert community.menu is not None
    percent = community.menu.vat_percent_on(month.end) or ZERO
    return MonthTrade(received, given, invoice, bought, set_off, percent)


def _open_items(
    issued: list[Issued], open_now: Mapping[str, Decimal], balance: Decimal, quantum: Decimal
) -> tuple[OpenItem, ...]:
    """The documents still open, oldest first, each with the SIF its payment clears.

    `balance` is the member's SIF balance on the statement date; each payment
    clears its share by the payments' own rule, and the next one is capped by
    what is left.
    """
    items = []
    for doc in issued:
        if doc.kind in CREDIT_NOTES:
            continue  # a credit note's postings name the document it corrects
        amount = open_now.get(doc.number, ZERO)
        if amount:
            due = doc.date + datetime.timedelta(days=PAYMENT_DAYS)
            sif = sif_cleared(doc, abs(amount), balance, quantum)
            balance += sif if doc.kind in SELF_BILLED else -sif
            items.append(OpenItem(doc.number, doc.kind, doc.date, due, doc.reference, amount, sif))
    return tuple(items)


def compute_statements(
    entries: data.Directives,
    community: Community,
    month: Month,
    as_of: datetime.date,
    members: Iterable[str] | None = None,
) -> list[Statement]:
    """The statements of `month` on `as_of`, by member id.

    Without `members`: every member (the operator excepted) who could trade in
    the month, or has a SIF or EUR balance, or EUR movements in the window.

    Raises:
      StatementError: the month is not invoiced, the date is before its
        documents were issued, or a member is unknown.
    """
    operator = community.operator
    if operator is None or community.menu is None:
        raise StatementError("the books have errors in services.yaml or members/; run sif check")
    if community.menu.invoices:
        start, until = cutoffs(entries, month)
    else:  # nothing is invoiced: the statement is the month's trades and balances
        start, until = month.start - datetime.timedelta(days=1), month.end
    if as_of < until:
        raise StatementError(
            f"the documents of {month} were issued on {until}; a statement of {month} is made "
            "on that day or later"
        )
    asked = None if members is None else list(dict.fromkeys(members))
    for member_id in asked or ():
        if member_id not in community.members or member_id == operator.id:
            raise StatementError(
                f'no member "{member_id}" to make a statement for.'
                + did_you_mean(member_id, [m for m in community.members if m != operator.id])
            )

    issued = issued_documents(entries)
    by_member: dict[str, list[Issued]] = {}
    for doc in issued:
        by_member.setdefault(doc.member, []).append(doc)
    credited = {doc.original for doc in issued if doc.original}
    kinds = {doc.number: doc.kind for doc in issued}
    before = month.start - datetime.timedelta(days=1)
    first_day, last_day, now = balance_history(
        entries, community, [before, month.end, max(as_of, month.end)]
    )
    opening = {b.member: b for b in first_day}
    closing = {b.member: b for b in last_day}
    today = {b.member: b.balance for b in now}  # what a payment made today can clear
    quantum = community.menu.currency.quantum
    open_now = open_amounts(itertools.takewhile(lambda e: e.date <= as_of, entries))
    collected = _Collector(community, month, (start, until), as_of, kinds)
    collected.run(entries)
    in_kind = ways_to_pay_back(community, {b.member: b for b in now}, as_of)

    result = []
    for member_id in asked if asked is not None else sorted(community.members):
        member = community.members[member_id]
        if member_id == operator.id:
            continue
        empty = Balance(member_id, ZERO, ZERO, ZERO, None, None, None)
        first, last = opening.get(member_id, empty), closing.get(member_id, empty)
        eur_opening = collected.eur_opening.get(member_id, ZERO)
        eur_lines = tuple(collected.eur.get(member_id, ()))
        eur_closing = eur_opening + sum((line.change for line in eur_lines), ZERO)
        sif_lines = collected.sif.get(member_id, [])
        docs = by_member.get(member_id, [])
        items = _open_items(docs, open_now, today.get(member_id, ZERO), quantum)
        wanted = (
            asked is not None
            or _involved(member, month)
            or first.balance
            or last.balance
            or eur_closing
            or eur_lines
            or items
        )
        if not wanted:
            continue
        result.append(
            Statement(
                month=month,
                date=as_of,
                member=member,
                operator=operator,
                sif_opening=first.balance,
                sif_lines=tuple(sif_lines),
                sif_closing=last.balance,
                debt_since=last.debt_since,
                debt_age_days=last.debt_age_days,
                eur_from=start,
                eur_until=until,
                eur_opening=eur_opening,
                eur_lines=eur_lines,
                eur_closing=eur_closing,
                eur_later=tuple(collected.later.get(member_id, ())),
                documents=tuple(
                    doc
                    for doc in docs
                    if (start is None or doc.date > start) and doc.date <= until
                ),
                open_items=items,
                month_trade=_month_trade(
                    sif_lines,
                    docs,
                    credited,
                    setoffs=[line for line in eur_lines if line.kind == SETOFF],
                    month=month,
                    community=community,
                ),
                in_kind=in_kind.get(member_id, ()) if today.get(member_id, ZERO) > 0 else (),
                sif_today=today.get(member_id, ZERO),
            )
        )
    return result
