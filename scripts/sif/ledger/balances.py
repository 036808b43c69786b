"""Balances of the community currency per member, and the age of their debt.

A member's balance is what they received minus what they gave: positive means
they owe community currency. Debt is paid back first in, first out: what a
member gives (or pays) clears the oldest of what they still owe, so the age of
a debt is the age of its oldest part not yet paid back.
"""

from __future__ import annotations

import datetime
import itertools
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from sif.ledger.accounts import member_of
from sif.model.community import Community

ZERO = Decimal(0)


@dataclass(frozen=True)
class Balance:
    """One member's position in the community currency.

    Attributes:
      member: Member id.
      balance: Received minus given, plus any other movements; positive = owes.
      given: Total delivered in trades.
      received: Total received in trades.
      last_activity: Date of the member's last trade, or None.
      debt_since: Date of the oldest part of the debt not paid back, or None.
      debt_age_days: Days from debt_since to the as-of date, or None.
    """

    member: str
    balance: Decimal
    given: Decimal
    received: Decimal
    last_activity: datetime.date | None
    debt_since: datetime.date | None
    debt_age_days: int | None


class _Account:
    """Running FIFO state of one member account."""

    __slots__ = ("credit", "given", "last", "lots", "received")

    def __init__(self) -> None:
        self.lots: deque[tuple[datetime.date, Decimal]] = (
            deque()
        )  # [date, amount] still owed, oldest first
        self.credit = ZERO  # what was given beyond any debt
        self.given = ZERO
        self.received = ZERO
        self.last: datetime.date | None = None

    def move(self, date: datetime.date, number: Decimal) -> None:
        if number > 0:  # owes more
            used = min(self.credit, number)
            self.credit -= used
            if number - used:
                self.lots.append((date, number - used))
        else:  # pays back
            rest = -number
            while rest and self.lots:
                since, amount = self.lots[0]
                if amount <= rest:
                    rest -= amount
                    self.lots.popleft()
                else:
                    self.lots[0] = (since, amount - rest)
                    rest = ZERO
            self.credit += rest

    @property
    def balance(self) -> Decimal:
        owed = sum((amount for _, amount in self.lots), ZERO)
        return owed - self.credit


def compute_balances(
    entries: data.Directives, community: Community, as_of: datetime.date
) -> list[Balance]:
    """The balance of every member (and of any unknown account used) on `as_of`, by id."""
    return balance_history(entries, community, [as_of])[0]


def balance_history(
    entries: data.Directives, community: Community, dates: Sequence[datetime.date]
) -> list[list[Balance]]:
    """The balances on each of `dates`, in one pass over the entries.

    Args:
      entries: The ledger's directives, sorted by date.
      community: Members and the menu card.
      dates: The as-of dates, ascending.

    Returns:
      One list per date: what `compute_balances` gives for that date.
    """
    assert community.menu is not None
    if any(later < earlier for earlier, later in itertools.pairwise(dates)):
        raise ValueError("balance_history needs its dates in ascending order")
    currency = community.menu.currency.code
    accounts: dict[str, _Account] = {m: _Account() for m in community.members}
    result: list[list[Balance]] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        while len(result) < len(dates) and entry.date > dates[len(result)]:
            result.append(_snapshot(accounts, dates[len(result)]))
        if len(result) == len(dates):
            break  # entries are sorted by date
        is_trade = "service" in entry.meta
        for posting in entry.postings:
            member = member_of(posting.account)
            units = posting.units
            if member is None or units is None or units.currency != currency:
                continue
            number = units.number
            if not isinstance(number, Decimal):
                continue
            account = accounts.get(member)
            if account is None:
                account = accounts[member] = _Account()
            account.move(entry.date, number)
            if is_trade:
                account.last = entry.date
                if number > 0:
                    account.received += number
                else:
                    account.given -= number
    while len(result) < len(dates):
        result.append(_snapshot(accounts, dates[len(result)]))
    return result


def _snapshot(accounts: dict[str, _Account], as_of: datetime.date) -> list[Balance]:
    result = []
    for member, account in sorted(accounts.items()):
        since = account.lots[0][0] if account.lots else None
        result.append(
            Balance(
                member,
                account.balance,
                account.given,
                account.received,
                account.last,
                since,
                (as_of - since).days if since else None,
            )
        )
    return result
