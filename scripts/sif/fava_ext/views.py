"""What the staff pages show: rows computed from the library, once per ledger load.

Nothing here computes a balance, a debt age or a document status itself: the
figures come from `sif.ledger.balances` (balances, given, received, last
activity, FIFO debt age), `sif.documents.booking` (issued documents, what is
open of each, their status), `sif.documents.run.deadline`, `sif.ledger.locks`
(which months are invoiced, and when) and `sif.ledger.alerts`, the functions
`sif balances`, `sif invoice list` and `sif check` use. This module only puts
them side by side per member, per document and per month, for the templates.
It does not know Flask or Fava, so the tests call it directly too.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from sif.documents.booking import Issued, open_and_status
from sif.documents.compute import PAYMENT_DAYS, Month
from sif.documents.model import CREDIT_NOTE, INVOICE, SELF_BILLED, SELF_BILLING
from sif.documents.run import deadline
from sif.ledger.accounts import member_account
from sif.ledger.alerts import debt_alerts
from sif.ledger.balances import Balance
from sif.ledger.limits import Room, rooms
from sif.ledger.locks import read_locks
from sif.ledger.trades import iter_trades
from sif.model.community import Community

ZERO = Decimal(0)
#: Amounts in the documents' currency are shown to the cent, as `sif invoice list` shows them.
CENT = Decimal("0.01")

KIND_LABELS = {
    INVOICE: "invoice",
    SELF_BILLING: "self-billed",
    CREDIT_NOTE: "credit note",
    "self-billing-credit-note": "self-billed credit note",
    "settlement": "settlement statement",
    "settlement-credit-note": "settlement credit note",
}


@dataclass(frozen=True)
class MemberRow:
    """One member on the Members page.

    Attributes:
      member: Member id.
      name: Name from the member file ("" for an account no member file names).
      account: The member's account in the community currency.
      balance: From `compute_balances`; positive = owes.
      given: Delivered in trades.
      received: Received in trades.
      debt_since: Oldest unpaid part of the debt (FIFO), or None.
      debt_age_days: Its age in days, or None.
      last_activity: Date of the last trade, or None.
      eur_open: EUR still open on the member's documents (`open_amounts`):
        positive, the member owes it; negative, the operator owes it.
      documents: Number of documents issued to or for the member.
      status: "active", "left", "not yet joined", "operator" or "unknown".
      left: The member's last day when they have left, else None.
      alert: True when the member is past the debt alert thresholds.
      room: What the member may still receive under their credit limit
        (`credit_limits:` in services.yaml), or None without a limit.
    """

    member: str
    name: str
    account: str
    balance: Decimal
    given: Decimal
    received: Decimal
    debt_since: datetime.date | None
    debt_age_days: int | None
    last_activity: datetime.date | None
    eur_open: Decimal
    documents: int
    status: str
    left: datetime.date | None
    alert: bool
    room: Decimal | None = None

    @property
    def tags(self) -> str:
        """Space-separated words the page's filter matches: status, debt, credit, alert."""
        words = [self.status.replace(" ", "-")]
        if self.balance > 0:
            words.append("debt")
        elif self.balance < 0:
            words.append("credit")
        if self.alert:
            words.append("alert")
        if self.eur_open:
            words.append("eur-open")
        return " ".join(words)


@dataclass(frozen=True)
class DocumentRow:
    """One issued document on the Documents page, as `sif invoice list` shows it.

    Attributes:
      number: Document number.
      kind: One of the document kinds (`sif.documents.model.KINDS`).
      member: Member id.
      name: The member's name.
      period: "YYYY-MM" of the services.
      issue_date: Date of issue.
      net: Amount excluding VAT.
      tax: VAT.
      total: net + tax.
      sif: Community currency the document stands for.
      open: What is still open of it (0 for a credit note).
      status: "open", "partly settled", "settled", "overpaid" or "credits <number>".
      reference: Structured payment reference.
      pdf: Absolute path of the PDF from its `document` directive, or None.
      ubl: Absolute path of the UBL file from its `document` directive, or None.
      due_date: The day payment is due (issue date + PAYMENT_DAYS, as on the document).
      days_overdue: Days past the due date while something is still open, else None.
    """

    number: str
    kind: str
    member: str
    name: str
    period: str
    issue_date: datetime.date
    net: Decimal
    tax: Decimal
    total: Decimal
    sif: Decimal
    open: Decimal
    status: str
    reference: str
    pdf: str | None
    ubl: str | None
    due_date: datetime.date | None = None
    days_overdue: int | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def direction(self) -> str:
        """Who pays whom what is open: "member pays" on an invoice, "operator pays" on a
        self-billed document ("" on a credit note, which only reduces another document)."""
        if self.kind == INVOICE:
            return "member pays"
        if self.kind == SELF_BILLING:
            return "operator pays"
        return ""

    @property
    def tags(self) -> str:
        """What the Documents page's filters match: kind, status, and "overdue"."""
        words = [self.kind, self.status_word]
        if self.days_overdue is not None:
            words.append("overdue")
        return " ".join(words)

    @property
    def status_word(self) -> str:
        """The status without the credited number: what the status filter matches."""
        return "credit" if self.status.startswith("credits ") else self.status.replace(" ", "-")

    @property
    def self_billed(self) -> bool:
        return self.kind in SELF_BILLED


@dataclass(frozen=True)
class MonthRow:
    """One month on the Month-end page.

    Attributes:
      month: "YYYY-MM".
      trades: Number of trades in the month.
      volume: Community currency received in those trades.
      deadline: The last day to invoice it (`sif.documents.run.deadline`).
      invoiced_on: The date of the month's lock, or None.
      state: "on time", "late", "not invoiced", "overdue", "running" or "before sif".
      documents: Documents issued for the month (credit notes included).
      open_documents: Those still open or partly settled.
      members_owe: EUR still open on the month's invoices (the members owe it).
      operator_owes: EUR still open on its self-billed documents (the operator owes it).
    """

    month: str
    trades: int
    volume: Decimal
    deadline: datetime.date
    invoiced_on: datetime.date | None
    state: str
    documents: int
    open_documents: int
    members_owe: Decimal
    operator_owes: Decimal

    @property
    def days_late(self) -> int | None:
        """Days past the deadline the month was invoiced, when it was late."""
        if self.invoiced_on is None or self.invoiced_on <= self.deadline:
            return None
        return (self.invoiced_on - self.deadline).days


def _status_of(member: str, community: Community, today: datetime.date) -> str:
    found = community.members.get(member)
    if community.menu is not None and member == community.menu.operator:
        return "operator"
    if found is None:
        return "unknown"
    if found.left is not None and found.left < today:
        return "left"
    if found.joined > today:
        return "not yet joined"
    return "active"


def member_rows(
    community: Community,
    balances: Sequence[Balance],
    issued: Sequence[Issued],
    remaining: dict[str, Decimal],
    today: datetime.date,
) -> list[MemberRow]:
    """Every account of `balances` with its EUR position, oldest debt first."""
    eur: dict[str, Decimal] = defaultdict(lambda: ZERO)
    counts: dict[str, int] = defaultdict(int)
    for doc in issued:
        counts[doc.member] += 1
        eur[doc.member] += remaining.get(doc.number, ZERO)
    alerted = {alert.member for alert in debt_alerts(community, balances)}
    room_of = rooms(community, balances)
    quantum = community.menu.currency.quantum if community.menu else CENT
    rows = []
    for b in balances:
        member = community.members.get(b.member)
        rows.append(
            MemberRow(
                member=b.member,
                name=member.name if member else "",
                account=member_account(b.member),
                balance=b.balance.quantize(quantum),
                given=b.given.quantize(quantum),
                received=b.received.quantize(quantum),
                debt_since=b.debt_since,
                debt_age_days=b.debt_age_days,
                last_activity=b.last_activity,
                eur_open=eur[b.member].quantize(CENT),
                documents=counts[b.member],
                status=_status_of(b.member, community, today),
                left=member.left if member else None,
                alert=b.member in alerted,
                room=_room(room_of.get(b.member), quantum),
            )
        )
    rows.sort(key=oldest_debt_first)
    return rows


def _room(room: Room | None, quantum: Decimal) -> Decimal | None:
    return None if room is None or room.room is None else room.room.quantize(quantum)


def oldest_debt_first(row: MemberRow) -> tuple[bool, datetime.date, Decimal, str]:
    """Members in debt first, the oldest unpaid SIF first, then the larger debt."""
    in_debt = row.balance > 0 and row.debt_since is not None
    return (
        not in_debt,
        row.debt_since if in_debt and row.debt_since else datetime.date.max,
        -row.balance,
        row.member,
    )


def document_files(entries: Sequence[data.Directive]) -> dict[str, dict[str, str]]:
    """The files of each document number, by suffix ("pdf", "xml"), from `document` directives."""
    files: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in entries:
        if isinstance(entry, data.Document):
            suffix = entry.filename.rsplit(".", 1)[-1].lower()
            for link in entry.links or ():
                files[link][suffix] = entry.filename
    return files


def document_rows(
    community: Community,
    issued: Sequence[Issued],
    remaining: dict[str, Decimal],
    files: dict[str, dict[str, str]],
    today: datetime.date | None = None,
) -> list[DocumentRow]:
    """Every issued document, latest first, with what is open and its status.

    Open and status follow `sif invoice list`: a credit note has nothing open
    of its own (it reduces what is open on the document it corrects) and its
    status names that document. With `today`, a document with something open
    after its due date counts its days overdue.
    """
    quantum = community.menu.currency.quantum if community.menu else CENT
    rows = []
    for doc in issued:
        member = community.members.get(doc.member)
        still_open, state = open_and_status(doc, remaining)
        own = files.get(doc.number, {})
        due = doc.date + datetime.timedelta(days=PAYMENT_DAYS)
        late = (
            (today - due).days
            if today is not None and today > due and still_open.quantize(CENT) != 0
            else None
        )
        rows.append(
            DocumentRow(
                number=doc.number,
                kind=doc.kind,
                member=doc.member,
                name=member.name if member else "",
                period=doc.period,
                issue_date=doc.date,
                net=doc.net.quantize(CENT),
                tax=doc.tax.quantize(CENT),
                total=doc.total.quantize(CENT),
                sif=doc.sif.quantize(quantum),
                open=still_open.quantize(CENT),
                status=state,
                reference=doc.reference,
                pdf=own.get("pdf"),
                ubl=own.get("xml"),
                due_date=due,
                days_overdue=late,
            )
        )
    rows.reverse()
    return rows


def month_rows(
    entries: Sequence[data.Directive],
    community: Community,
    documents: Sequence[DocumentRow],
    today: datetime.date,
) -> list[MonthRow]:
    """Every month with trades or documents, latest first (a month that was only locked,
    before the books began, had nothing to invoice and is left out)."""
    menu = community.menu
    if menu is None:
        return []
    locks, _ = read_locks(entries)
    trades: dict[str, int] = defaultdict(int)
    volume: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for trade in iter_trades(entries, menu.currency.code):
        key = f"{trade.date:%Y-%m}"
        trades[key] += 1
        volume[key] += trade.total
    by_period: dict[str, list[DocumentRow]] = defaultdict(list)
    for doc in documents:
        by_period[doc.period].append(doc)
    rows = []
    for text in sorted(set(trades) | set(by_period), reverse=True):
        month = Month.parse(text)
        lock = locks.get(text)
        invoiced_on = lock.entry.date if lock else None
        due = deadline(month)
        if invoiced_on is not None:
            state = "on time" if invoiced_on <= due else "late"
        elif menu.invoicing_start and month.start < menu.invoicing_start:
            state = "before sif"
        elif month.end >= today:
            state = "running"
        else:
            state = "overdue" if today > due else "not invoiced"
        docs = by_period.get(text, [])
        open_docs = [d for d in docs if d.status in ("open", "partly settled")]
        rows.append(
            MonthRow(
                month=text,
                trades=trades.get(text, 0),
                volume=volume.get(text, ZERO).quantize(menu.currency.quantum),
                deadline=due,
                invoiced_on=invoiced_on,
                state=state,
                documents=len(docs),
                open_documents=len(open_docs),
                members_owe=sum((d.open for d in open_docs if not d.self_billed), ZERO).quantize(
                    CENT
                ),
                operator_owes=sum((d.open for d in open_docs if d.self_billed), ZERO).quantize(
                    CENT
                ),
            )
        )
    return rows
