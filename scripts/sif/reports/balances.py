"""Each member's balance: SIF given, received and owed, debt age, credit room, EUR open.

`sif balances` prints these rows, Fava's Members and Imbalances pages show them.
The figures come from `sif.ledger.balances` (FIFO debt age), `sif.ledger.limits`
and `sif.documents.booking` (what is open of each document).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sif.alerts.debt import debt_alerts
from sif.documents.booking import Issued, issued_documents, open_amounts
from sif.ledger.accounts import member_account
from sif.ledger.balances import Balance, compute_balances
from sif.ledger.books import Books
from sif.ledger.limits import Room, rooms
from sif.model.community import Community

ZERO = Decimal(0)
#: Amounts in the documents' currency are shown to the cent, as `sif invoice list` shows them.
CENT = Decimal("0.01")


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
      limit: That credit limit: the hard one, else the soft one, or None.
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
    limit: Decimal | None = None

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
    *,
    by_debt: bool = True,
) -> list[MemberRow]:
    """Every account of `balances` with its EUR position, oldest debt first.

    With `by_debt` False, in the order of `balances` (by account), as `sif balances` lists them.
    """
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
                limit=_limit(room_of.get(b.member), quantum),
            )
        )
    if by_debt:
        rows.sort(key=oldest_debt_first)
    return rows


def _room(room: Room | None, quantum: Decimal) -> Decimal | None:
    return None if room is None or room.room is None else room.room.quantize(quantum)


def _limit(room: Room | None, quantum: Decimal) -> Decimal | None:
    if room is None:
        return None
    cap = room.limit.soft if room.limit.hard is None else room.limit.hard
    return None if cap is None else cap.quantize(quantum)


def oldest_debt_first(row: MemberRow) -> tuple[bool, datetime.date, Decimal, str]:
    """Members in debt first, the oldest unpaid SIF first, then the larger debt."""
    in_debt = row.balance > 0 and row.debt_since is not None
    return (
        not in_debt,
        row.debt_since if in_debt and row.debt_since else datetime.date.max,
        -row.balance,
        row.member,
    )


def balances_report(books: Books, day: datetime.date, *, by_debt: bool = False) -> list[MemberRow]:
    """Every member's row at the end of `day`, from loaded books (by account, or by debt)."""
    balances = compute_balances(books.entries, books.community, day)
    return member_rows(
        books.community,
        balances,
        issued_documents(books.entries),
        open_amounts(books.entries),
        day,
        by_debt=by_debt,
    )
