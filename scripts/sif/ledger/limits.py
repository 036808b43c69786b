"""Credit limits in the books: refuse a trade past a hard limit, warn past a soft one.

The limits are policy in the menu card (`credit_limits:`, see
sif.model.limits). The plugin calls `check_limits` over the whole ledger, so
`bean-check`, Fava, `sif check` and `sif record` all refuse the same trade.

Before (hard limit 20 SIF, the member owes 19 SIF)::

    2026-03-12 * "Versterkingssessie"
      service: "strengthening-session"
      quantity: 1
      Assets:Members:An-claes          -2.00 SIF
      Assets:Members:De-buurtkeuken     2.00 SIF

After: an error at that line, `de-buurtkeuken would owe 21.00 SIF after this
trade, past the hard credit limit of 20 SIF (services.yaml, credit_limits:
default)...`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from sif.ledger.accounts import member_of
from sif.ledger.balances import Balance, _Account
from sif.model.community import Community
from sif.model.errors import SifError
from sif.model.limits import Limit, describe


class CreditLimitError(SifError):
    """A trade takes a recipient past a hard credit limit."""


@dataclass(frozen=True)
class Room:
    """A member's room left under their credit limit.

    Attributes:
      member: Member id.
      limit: The member's limit.
      room: What the member may still receive before the hard limit (or the
        soft one when there is no hard limit), never below zero; None without either.
      past_soft: True when the member is past a soft limit.
      past_hard: True when the member is past a hard limit (an older debt or a
        limit lowered after the trades).
    """

    member: str
    limit: Limit
    room: Decimal | None
    past_soft: bool
    past_hard: bool


def _where(limit: Limit) -> str:
    return f"services.yaml, credit_limits: {limit.where}"


def check_limits(entries: data.Directives, community: Community) -> list[CreditLimitError]:
    """The trades that take a recipient past their hard limit, in ledger order."""
    menu = community.menu
    if menu is None or menu.credit_limits is None:
        return []
    limits = menu.credit_limits
    code = menu.currency.code
    accounts: dict[str, _Account] = {}
    errors: list[CreditLimitError] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        moves: list[tuple[str, Decimal]] = []
        for posting in entry.postings:
            member = member_of(posting.account)
            units = posting.units
            if member is None or units is None or units.currency != code:
                continue
            if isinstance(units.number, Decimal):
                moves.append((member, units.number))
        checked = "service" in entry.meta and limits.applies_on(entry.date)
        if checked:
            for member, number in moves:
                if number > 0 and member != menu.operator:
                    account = accounts.setdefault(member, _Account())
                    limit = limits.for_member(community.members.get(member), member)
                    if (error := _too_old(entry, member, account, limit)) is not None:
                        errors.append(error)
        for member, number in moves:
            accounts.setdefault(member, _Account()).move(entry.date, number)
        if checked:
            for member, number in moves:
                if number > 0 and member != menu.operator:
                    limit = limits.for_member(community.members.get(member), member)
                    error = _too_much(entry, member, accounts[member].balance, limit, code)
                    if error is not None:
                        errors.append(error)
    return errors


def _too_old(
    entry: data.Transaction,
    member: str,
    account: _Account,
    limit: Limit,
) -> CreditLimitError | None:
    if limit.hard_days is None or not account.lots:
        return None
    since = account.lots[0][0]
    age = (entry.date - since).days
    if age <= limit.hard_days:
        return None
    return CreditLimitError(
        entry.meta,
        f"{member} has owed since {since} ({age} days), past the hard credit limit of "
        f"{limit.hard_days} days ({_where(limit)}): they receive nothing more until they "
        f"give back (`sif match --member {member}`) or pay the debt in euro; or give them "
        f"an exception under credit_limits.members.{member}",
        entry,
    )


def _too_much(
    entry: data.Transaction,
    member: str,
    owed: Decimal,
    limit: Limit,
    code: str,
) -> CreditLimitError | None:
    if limit.hard is None or owed <= limit.hard:
        return None
    return CreditLimitError(
        entry.meta,
        f"{member} would owe {owed} {code} after this trade, past the hard "
        f"credit limit of {limit.hard} {code} ({_where(limit)}): record it after they "
        f"have given back (`sif match --member {member}` lists questions they could "
        "answer), split the service over later months, or raise their limit under "
        f"credit_limits.members.{member}",
        entry,
    )


def rooms(community: Community, balances: Iterable[Balance]) -> dict[str, Room]:
    """Each member's room left under their limits, by member id (none without limits)."""
    menu = community.menu
    if menu is None or menu.credit_limits is None:
        return {}
    result = {}
    for balance in balances:
        if balance.member == menu.operator:
            continue
        limit = menu.credit_limits.for_member(
            community.members.get(balance.member), balance.member
        )
        owed = max(balance.balance, Decimal(0))
        age = balance.debt_age_days or 0
        cap = limit.hard if limit.hard is not None else limit.soft
        room = None if cap is None else max(cap - owed, Decimal(0))
        past_soft = (limit.soft is not None and owed > limit.soft) or (
            limit.soft_days is not None and age > limit.soft_days
        )
        past_hard = (limit.hard is not None and owed > limit.hard) or (
            limit.hard_days is not None and age > limit.hard_days
        )
        if past_hard and limit.hard_days is not None and age > limit.hard_days:
            room = Decimal(0)  # nothing more until the oldest debt is paid back
        result[balance.member] = Room(balance.member, limit, room, past_soft, past_hard)
    return result


def limit_warnings(
    community: Community, balances: Iterable[Balance], today: datetime.date
) -> list[str]:
    """Members past a soft or hard limit today, as the warning lines of `sif check`."""
    menu = community.menu
    if menu is None or menu.credit_limits is None or not menu.credit_limits.applies_on(today):
        return []
    code = menu.currency.code
    by_member = {b.member: b for b in balances}
    warnings = []
    for member, room in sorted(rooms(community, by_member.values()).items()):
        if not (room.past_soft or room.past_hard):
            continue
        balance = by_member[member]
        which = "hard" if room.past_hard else "soft"
        age = f", unpaid since {balance.debt_since}" if balance.debt_since else ""
        warnings.append(
            f"{member} owes {balance.balance} {code}{age}: past the {which} credit limit "
            f"({describe(room.limit, code)}; {_where(room.limit)}); "
            f"`sif match --member {member}` lists questions they could answer"
        )
    return warnings
